"""The caseworker's workspace. Every query is scoped to the caseworker's own municipality:
a case of another municipality is answered with 404, as if it did not exist."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from sqlalchemy import case as sa_case
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import tracking
from portal.apply.steps import steps_for
from portal.auth.session import current_staff, staff_required
from portal.extensions import db
from portal.models import Case
from portal.rules import case_status
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.rules.deadlines import days_left, deadline_state
from portal.services.access_log import log_access
from portal.services.answers import bind
from portal.timeutil import today_local

bp = Blueprint("staff", __name__, url_prefix="/sagsbehandling")


def municipality_case(public_id: str) -> Case:
    case = db.session.execute(
        select(Case).where(
            Case.public_id == public_id, Case.municipality_id == current_staff().municipality_id
        )
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    return case


@bp.get("/")
@staff_required
def cases():
    municipality = current_staff().municipality
    # Open cases first, the earliest deadline first: passed and soon-due deadlines stand at
    # the top. A notice of delay does not move a case down: its deadline has still passed.
    still_open = sa_case((Case.status.in_(case_status.OPEN_STATUSES), 0), else_=1)
    rows = db.session.execute(
        select(Case)
        .where(Case.municipality_id == municipality.id)
        .options(selectinload(Case.assigned_to))
        .order_by(still_open, Case.due_date, Case.id)
        .limit(200)
    ).scalars()
    today = today_local()
    settings = municipality.settings
    listed = [
        (
            case,
            deadline_state(case.due_date, today, settings=settings)
            if case_status.is_open(case.status)
            else None,
            days_left(case.due_date, today),
        )
        for case in rows
    ]
    return render_template(
        "staff/cases.html",
        title=_("Sager"),
        cases=listed,
        soon_window=settings.soon_window_days,
        status_labels=case_status.STATUS_LABELS,
        case_type_labels=CASE_TYPE_LABELS,
    )


def render_case(case: Case, *, forms: dict | None = None, errors=(), status: int = 200):
    """The case page; after a refused or invalid action, with the action's form and errors."""
    from portal.staff.actions import action_forms

    sections = [
        (step, bind(step, row.data if (row := case.draft.step(step.slug)) else {}))
        for step in steps_for(case.case_type)
    ]
    errors = list(errors)
    return (
        render_template(
            "staff/case.html",
            title=_("Sag %(number)s", number=case.number),
            case=case,
            sections=sections,
            timeline=tracking.case_timeline(case),
            history=tracking.history(case, for_parent=False),
            action_forms=forms or action_forms(case),
            status_labels=case_status.STATUS_LABELS,
            outcome_labels=case_status.OUTCOME_LABELS,
            case_type_labels=CASE_TYPE_LABELS,
            is_open=case_status.is_open(case.status),
            errors=errors,
            page_has_errors=bool(errors),
        ),
        status,
    )


@bp.get("/sager/<public_id>")
@staff_required
def case(public_id: str):
    case = municipality_case(public_id)
    log_access(case, current_staff(), "opened")
    db.session.commit()
    return render_case(case)
