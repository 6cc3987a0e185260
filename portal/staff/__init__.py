"""The caseworker's workspace: the municipality's cases, a case's page with its actions, the
decision, the documents and files, the access log and the statistics. Every view is scoped to
the caseworker's own municipality: another municipality's case is 404, as if it did not exist.
Every route of the area is listed here."""

from flask import Blueprint

from portal.staff import (
    access_log,
    accounts,
    actions,
    attachments,
    cases,
    complaints,
    decisions,
    deliveries,
    documents,
    figures,
    people,
    settings,
    statistics,
    supervision,
    training,
)

bp = Blueprint("staff", __name__, url_prefix="/sagsbehandling")
bp.context_processor(attachments.template_helpers)
bp.context_processor(figures.template_helpers)

bp.add_url_rule("/", view_func=cases.cases, methods=["GET"])
bp.add_url_rule("/sager/<public_id>", view_func=cases.case, methods=["GET"])
bp.add_url_rule("/sager/<public_id>/tag", view_func=actions.take, methods=["POST"])
bp.add_url_rule("/sager/<public_id>/status", view_func=actions.change_status, methods=["POST"])
bp.add_url_rule("/sager/<public_id>/spoergsmaal", view_func=actions.ask, methods=["POST"])
bp.add_url_rule("/sager/<public_id>/forsinkelse", view_func=actions.delay, methods=["POST"])
bp.add_url_rule("/sager/<public_id>/efterretning", view_func=actions.take_note, methods=["POST"])
bp.add_url_rule(
    "/sager/<public_id>/afgoerelse", view_func=decisions.decide, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/sager/<public_id>/klager",
    view_func=complaints.complaints_page,
    methods=["GET"],
    endpoint="complaints",
)
bp.add_url_rule("/sager/<public_id>/klager/ny", view_func=complaints.record, methods=["POST"])
bp.add_url_rule("/sager/<public_id>/klager/hoering", view_func=complaints.hear, methods=["POST"])
bp.add_url_rule(
    "/sager/<public_id>/klager/ankestyrelsen-sendt",
    view_func=complaints.forward,
    methods=["POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/klager/ankestyrelsen-svar",
    view_func=complaints.ankestyrelsen,
    methods=["POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/klager/<complaint_id>/svar",
    view_func=complaints.answer,
    methods=["POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/afgoerelse-<int:sequence>.docx",
    view_func=complaints.earlier_decision_letter,
    methods=["GET"],
)
bp.add_url_rule(
    "/sager/<public_id>/regnskab",
    endpoint="accounts",
    view_func=accounts.review,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/aendring",
    endpoint="change_training",
    view_func=training.change_training,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/aendring/afgoerelse",
    endpoint="decide_change",
    view_func=training.decide_change,
    methods=["GET", "POST"],
)
bp.add_url_rule("/sager/<public_id>/sag.docx", view_func=documents.dossier, methods=["GET"])
bp.add_url_rule(
    "/sager/<public_id>/afgoerelse.docx",
    view_func=documents.decision_letter_download,
    methods=["GET"],
)
bp.add_url_rule(
    "/sager/<public_id>/kvittering.pdf", view_func=documents.receipt_pdf, methods=["GET"]
)
bp.add_url_rule("/sager/<public_id>/sag.zip", view_func=documents.case_zip, methods=["GET"])
bp.add_url_rule(
    "/sager/<public_id>/bilag/<attachment_id>",
    view_func=attachments.download_attachment,
    methods=["GET"],
)
bp.add_url_rule(
    "/sager/<public_id>/bilag/<attachment_id>/fjern",
    view_func=attachments.remove_attachment,
    methods=["GET", "POST"],
)
bp.add_url_rule("/sager/<public_id>/adgangslog", view_func=access_log.access_log, methods=["GET"])
bp.add_url_rule("/adgangslog", view_func=access_log.view_log, methods=["GET"])
bp.add_url_rule(
    "/sager/<public_id>/tilsyn",
    endpoint="supervision_add",
    view_func=supervision.add,
    methods=["POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>",
    endpoint="supervision_visit",
    view_func=supervision.visit_page,
    methods=["GET"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>/registrering",
    endpoint="supervision_record",
    view_func=supervision.record,
    methods=["POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>/flyt",
    endpoint="supervision_move",
    view_func=supervision.move,
    methods=["POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>/opfoelgning",
    endpoint="supervision_follow_up",
    view_func=supervision.follow_up,
    methods=["POST"],
)
bp.add_url_rule("/statistik", view_func=statistics.statistics, methods=["GET"])
bp.add_url_rule(
    "/statistik/offentliggoerelse", view_func=statistics.publish_statistics, methods=["POST"]
)
bp.add_url_rule(
    "/forsendelser", endpoint="failed_deliveries", view_func=deliveries.failed_deliveries
)
bp.add_url_rule(
    "/forsendelser/<int:message_id>/send-igen",
    endpoint="retry_delivery",
    view_func=deliveries.retry_delivery,
    methods=["POST"],
)
bp.add_url_rule("/administration", view_func=settings.administration, methods=["GET"])
bp.add_url_rule(
    "/administration/indstillinger/<slug>",
    view_func=settings.settings_page,
    methods=["GET", "POST"],
)
bp.add_url_rule("/medarbejdere", endpoint="people", view_func=people.staff_list)
bp.add_url_rule("/medarbejdere/inviter", view_func=people.invite, methods=["POST"])
bp.add_url_rule(
    "/medarbejdere/<int:staff_id>/rolle", view_func=people.change_role, methods=["POST"]
)
bp.add_url_rule(
    "/medarbejdere/<int:staff_id>/deaktiver", view_func=people.deactivate, methods=["POST"]
)
bp.add_url_rule(
    "/medarbejdere/<int:staff_id>/genaktiver", view_func=people.reactivate, methods=["POST"]
)
bp.add_url_rule(
    "/medarbejdere/<int:staff_id>/ny-invitation", view_func=people.invite_again, methods=["POST"]
)
bp.add_url_rule("/aarlige-tal", endpoint="figures", view_func=figures.figures_page)
bp.add_url_rule("/aarlige-tal/nyt", view_func=figures.add_figure, methods=["POST"])
