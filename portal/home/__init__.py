"""The family's own pages: the front page with their drafts and cases, a case with its
questions and decision, and the published handling-time statistics. Every route of the area
is listed here."""

from flask import Blueprint

from portal.home import (
    cases,
    complaints,
    ending,
    hearings,
    letters,
    own_data,
    pages,
    statistics,
    supervision,
    year,
)

bp = Blueprint("home", __name__)

bp.add_url_rule("/", view_func=pages.index, methods=["GET"])
bp.add_url_rule("/privatliv", view_func=pages.privacy, methods=["GET"])
bp.add_url_rule("/dine-oplysninger", endpoint="own_data", view_func=own_data.page, methods=["GET"])
bp.add_url_rule(
    "/dine-oplysninger/kopi.zip",
    endpoint="own_data_download",
    view_func=own_data.download,
    methods=["GET"],
)
bp.add_url_rule("/tilgaengelighed", view_func=pages.accessibility, methods=["GET"])
bp.add_url_rule("/sager/<public_id>", view_func=cases.case, methods=["GET"])
bp.add_url_rule(
    "/sager/<public_id>/spoergsmaal/<int:request_id>", view_func=cases.answer, methods=["POST"]
)
bp.add_url_rule(
    "/sager/<public_id>/traek-tilbage", view_func=cases.withdraw, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/sager/<public_id>/stop-hjemmetraening",
    view_func=ending.end_training,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/hoering/<hearing_id>",
    view_func=hearings.hearing,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/afgoerelse.docx",
    view_func=letters.decision_letter_download,
    methods=["GET"],
)
bp.add_url_rule(
    "/sager/<public_id>/afgoerelse-<int:sequence>.docx",
    view_func=letters.earlier_decision_letter,
    methods=["GET"],
)
bp.add_url_rule("/sager/<public_id>/klage", view_func=complaints.complaint, methods=["GET", "POST"])
bp.add_url_rule(
    "/sager/<public_id>/klage-over-sagsbehandlingstid",
    view_func=complaints.handling_time_complaint,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>",
    endpoint="supervision_visit",
    view_func=supervision.visit_page,
    methods=["GET"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>/plan",
    endpoint="supervision_plan",
    view_func=supervision.plan,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/sager/<public_id>/tilsyn/<visit_id>/plan/filer",
    endpoint="supervision_plan_files",
    view_func=supervision.plan_files,
    methods=["POST"],
)
bp.add_url_rule("/statistik/", view_func=statistics.statistics_index, methods=["GET"])
bp.add_url_rule("/statistik/<code>", view_func=statistics.statistics, methods=["GET"])
bp.add_url_rule("/jeres-aar", view_func=year.year_page, methods=["GET"])
bp.add_url_rule("/jeres-aar/kalenderlink", view_func=year.new_feed, methods=["POST"])
bp.add_url_rule("/jeres-aar/kalenderlink/slet", view_func=year.revoke_feed, methods=["POST"])
bp.add_url_rule("/kalender/<token>.ics", view_func=year.year_feed, methods=["GET"])
