"""The caseworker's workspace. Every query is scoped to the caseworker's own municipality:
a case of another municipality is answered with 404, as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from flask import Blueprint, abort, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal import tracking
from portal.apply.checks import Context, document_findings, message
from portal.apply.steps import steps_for
from portal.auth.session import current_staff, staff_required
from portal.extensions import db
from portal.forms.workspace import WorkspaceFilterForm
from portal.i18n import gettext as _
from portal.models import Case
from portal.rules import case_status
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.rules.deadlines import DeadlineState, days_left, deadline_state
from portal.services import attachments, workspace
from portal.services.access_log import log_access
from portal.services.case_view import case_sections
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


def _page_number() -> int:
    value = request.args.get("side", "")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


@bp.get("/")
@staff_required
def cases():
    staff = current_staff()
    municipality = staff.municipality
    settings = municipality.settings
    today = today_local()
    form = WorkspaceFilterForm(
        request.args,
        caseworkers=workspace.caseworkers(municipality.id),
        soon_days=settings.soon_window_days,
    )
    filters = form.filters()
    listing = workspace.list_cases(
        municipality.id,
        staff.id,
        filters,
        page=_page_number(),
        today=today,
        soon_days=settings.soon_window_days,
    )
    rows = [
        (
            row,
            deadline_state(row.due_date, today, settings=settings)
            if case_status.is_open(row.status)
            else None,
            days_left(row.due_date, today),
        )
        for row in listing.rows
    ]
    query = form.query_args()

    def page_url(number: int) -> str:
        return url_for("staff.cases", **query, **({"side": number} if number > 1 else {}))

    return render_template(
        "staff/cases.html",
        title=_("Sager")
        if listing.pages == 1
        else _("Sager, side %(page)s af %(pages)s", page=listing.page, pages=listing.pages),
        form=form,
        filters=filters,
        chosen=form.chosen(),
        listing=listing,
        cases=rows,
        page_url=page_url,
        soon_window=settings.soon_window_days,
        status_labels=case_status.STATUS_LABELS,
        case_type_labels=CASE_TYPE_LABELS,
    )


@dataclass(frozen=True)
class Summary:
    """The short box at the top of the case page."""

    age: int
    state: DeadlineState | None
    days_left: int
    closed_on: date | None


def summary(case: Case, today: date) -> Summary:
    is_open = case_status.is_open(case.status)
    return Summary(
        age=relativedelta(today, case.child_birth_date).years,
        state=deadline_state(case.due_date, today, settings=case.municipality.settings)
        if is_open
        else None,
        days_left=days_left(case.due_date, today),
        closed_on=tracking.closed_on(case),
    )


@dataclass(frozen=True)
class FindingRow:
    section: str
    concerns: str
    is_error: bool
    text: str
    source: str


def findings(case: Case, today: date) -> list[FindingRow]:
    """The rules' findings on the request as it was submitted: the same rules the family met
    in the wizard, asked again today with the municipality's own settings."""
    ctx = Context(
        today=today, settings=case.municipality.settings, child_birth_date=case.child_birth_date
    )
    titles = {step.slug: str(step.title) for step in steps_for(case.case_type)}
    found = document_findings(case.application or {}, ctx)
    # Errors first: what the law requires comes before advice.
    found.sort(key=lambda item: not item[2].is_error)
    return [
        FindingRow(titles.get(slug, slug), concerns, f.is_error, message(f), f.source)
        for slug, concerns, f in found
    ]


def render_case(case: Case, *, forms: dict | None = None, errors=(), status: int = 200):
    """The case page; after a refused or invalid action, with the action's form and errors."""
    from portal.staff.actions import action_forms

    today = today_local()
    errors = list(errors)
    return (
        render_template(
            "staff/case.html",
            title=_("Sag %(number)s", number=case.number),
            case=case,
            summary=summary(case, today),
            findings=findings(case, today),
            sections=case_sections(case.case_type, case.application or {}),
            timeline=tracking.case_timeline(case, today),
            history=tracking.history(case, for_parent=False),
            question_files=attachments.by_question(case),
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
    # Everything the page reads, in a few statements instead of one per part.
    case = db.session.execute(
        select(Case)
        .where(Case.public_id == public_id, Case.municipality_id == current_staff().municipality_id)
        .options(
            joinedload(Case.municipality),
            joinedload(Case.parent),
            joinedload(Case.assigned_to),
            joinedload(Case.related_case),
            joinedload(Case.decision),
            selectinload(Case.events),
            selectinload(Case.information_requests),
            selectinload(Case.delay_notices),
        )
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    log_access(case, current_staff(), "opened")
    db.session.commit()
    return render_case(case)
