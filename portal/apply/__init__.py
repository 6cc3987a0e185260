"""The application wizard and the files a parent sends: thin views over portal.forms.steps,
portal.services and portal.wizard. Every route of the area is listed here."""

from flask import Blueprint

from portal.apply import attachments, custody, views

bp = Blueprint("apply", __name__, url_prefix="/ansoegning")
bp.context_processor(attachments.template_helpers)

bp.add_url_rule("/", view_func=views.start, methods=["GET"])
bp.add_url_rule("/", view_func=views.create, methods=["POST"])
bp.add_url_rule("/<draft_id>/", view_func=views.resume, methods=["GET"])
bp.add_url_rule("/<draft_id>/<slug>", view_func=views.step, methods=["GET", "POST"])
bp.add_url_rule("/<draft_id>/barnet/cpr", view_func=views.choose_child, methods=["POST"])
bp.add_url_rule("/<draft_id>/tjek", view_func=views.check, methods=["GET", "POST"])
bp.add_url_rule("/<draft_id>/kvittering", view_func=views.receipt, methods=["GET"])
bp.add_url_rule("/<draft_id>/slet", view_func=views.delete, methods=["GET", "POST"])
bp.add_url_rule("/<draft_id>/medindehaver", view_func=custody.invite, methods=["POST"])
bp.add_url_rule("/medindehaver/<token>", view_func=custody.custody_consent, methods=["GET", "POST"])
bp.add_url_rule(
    "/<draft_id>/bilag", view_func=attachments.attachments_step, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<draft_id>/bilag/<attachment_id>",
    view_func=attachments.attachment_details,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/bilag/<attachment_id>", view_func=attachments.download_attachment, methods=["GET"]
)
bp.add_url_rule("/sager/<case_id>/kvittering.pdf", view_func=views.receipt_pdf, methods=["GET"])
bp.add_url_rule(
    "/sager/<case_id>/bilag", view_func=attachments.case_attachments, methods=["GET", "POST"]
)
