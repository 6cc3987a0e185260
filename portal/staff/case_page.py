"""The case page as every staff view shows it: the case within the caseworker's municipality,
the summary at the top, the rules' findings, and the forms of the actions, the one just posted
with its errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from flask import abort, g, render_template
from sqlalchemy import select

from portal import tracking
from portal.extensions import db
from portal.forms.base import BaseForm
from portal.forms.cases import DelayForm, NoteForm, QuestionForm, StatusForm
from portal.forms.steps import case_sections
from portal.forms.supervision import MoveVisitForm
from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.identity.session import current_staff
from portal.models import Case
from portal.rules import case_status
from portal.rules.changes import NOTICE_TYPES
from portal.rules.deadlines import DeadlineState, days_left, deadline_state
from portal.rules.labels import label
from portal.services import (
    accounts,
    attachments,
    cases,
    complaints,
    goal_plans,
    handoffs,
    hearings,
    letters,
    municipality_settings,
    supervision,
    training,
)
from portal.services import custody_consent as custody_consents
from portal.services.case_rules import receipt_context
from portal.staff.case_tasks import case_tasks
from portal.timeutil import today_local
from portal.wizard.checks import document_findings, message
from portal.wizard.goal_changes import goal_changes
from portal.wizard.steps import steps_for

# Statuses with an action of their own: a question needs its text, a decision its reasons, a
# change taken to note its text to the family.
_OWN_ACTION = (
    frozenset({"information_requested", "decided", "noted"}) | case_status.COMPLAINT_STATUSES
)


def municipality_case(public_id: str) -> Case:
    """The case, if it is the caseworker's municipality's; 404 otherwise."""
    case = db.session.execute(
        select(Case).where(
            Case.public_id == public_id, Case.municipality_id == current_staff().municipality_id
        )
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    g.page_municipality = case.municipality.settings
    return case


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
        state=deadline_state(case.due_date, today, settings=case.settings) if is_open else None,
        days_left=days_left(case.due_date, today),
        closed_on=tracking.closed_on(case),
    )


@dataclass(frozen=True)
class FindingRow:
    section: str
    concerns: str
    is_error: bool
    is_note: bool
    text: str
    source: str


def findings(case: Case, today: date) -> list[FindingRow]:
    """The rules' findings on the request as it was submitted: the same rules the family met
    in the wizard, with the municipality's own settings, as at the day it was received; then
    notes of what has passed since (a goal's date), read on `today`."""
    titles = {step.slug: str(step.title) for step in steps_for(case.case_type)}
    found = document_findings(case.application or {}, receipt_context(case, today=today))
    # Errors first: what the law requires comes before advice, and advice before notes.
    found.sort(key=lambda item: (not item[2].is_error, item[2].is_note))
    return [
        FindingRow(titles.get(slug, slug), concerns, f.is_error, f.is_note, message(f), f.source)
        for slug, concerns, f in found
    ]


def status_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (status, _(label("status", status)))
        for status in case_status.allowed_next(case.status, "staff")
        if status not in _OWN_ACTION
    ]


def action_forms(case: Case, submitted: dict[str, BaseForm] | None = None) -> dict[str, BaseForm]:
    """The forms on the case page, the submitted one as it was posted (with its errors)."""
    forms: dict[str, BaseForm] = {
        "status": StatusForm(formdata=None, prefix="status"),
        "question": QuestionForm(formdata=None, prefix="question"),
        "delay": DelayForm(formdata=None, prefix="delay"),
        "extra_visit": MoveVisitForm(formdata=None, prefix="ekstra"),
    }
    if case.case_type in NOTICE_TYPES:
        forms["note"] = NoteForm(formdata=None, prefix="note")
    forms.update(submitted or {})
    forms["status"].to_status.choices = [("", _("Vælg")), *status_choices(case)]
    return forms


def render_case(case: Case, *, forms: dict | None = None, errors=(), status: int = 200):
    """The case page; after a refused or invalid action, with the action's form and errors."""
    today = today_local()
    at_a_glance = summary(case, today)
    complaint_parts = complaints.complaint_parts(case, today)
    visits = supervision.overview(case, today)
    on_case = training.on_case(case, today)
    case_hearings = hearings.hearings_for(case)
    ledger_accounts = accounts.kept_as_ledger(case)
    is_open = case_status.is_open(case.status)
    return (
        render_template(
            "staff/case.html",
            title=_("Sag %(number)s", number=case.number),
            case=case,
            summary=at_a_glance,
            tasks=case_tasks(
                case,
                today,
                deadline=at_a_glance.state,
                days_left=at_a_glance.days_left,
                complaint_parts=complaint_parts,
                visits=visits,
                training=on_case,
                hearings=case_hearings,
                is_open=is_open,
                keeps_ledger=bool(ledger_accounts),
            ),
            findings=findings(case, today),
            sections=case_sections(
                case.case_type,
                case.application or {},
                accounts.answer_labels(case),
                locale=locale_name(),
            ),
            timeline=tracking.case_timeline(case, today),
            history=tracking.history(case, for_parent=False),
            question_files=attachments.by_question(case),
            letters=[(row, letters.status_text(row)) for row in letters.deliveries_for(case)],
            handoffs=handoffs.for_case(case),
            action_forms=forms or action_forms(case),
            is_open=is_open,
            errors=list(errors),
            custody=custody_consent(case),
            goal_diff=goal_diff(case),
            complaint_parts=complaint_parts,
            visits=visits,
            training=on_case,
            hearings=case_hearings,
            ledger_accounts=ledger_accounts,
            case_rules=municipality_settings.case_rules(case),
        ),
        status,
    )


def goal_diff(case: Case) -> list | None:
    """Renewed goals beside the plan approved before they were received ("Målene gælder i
    6 måneder", seed 001); None for other requests."""
    if case.case_type != "renewed_goals" or case.related_case is None:
        return None
    old = goal_plans.last_plan(case.related_case, before=case)
    return goal_changes(old, goal_plans.goals_of(case))


def custody_consent(case: Case) -> dict | None:
    """The other holder of custody's consent the case was sent with, as it stood when the
    municipality received it; None when none was asked for."""
    consent = custody_consents.for_case(case)
    if consent is None:
        return None
    return {
        "consent": consent,
        "state": custody_consents.state_when_sent(consent, case.received_at),
    }


def refused(case: Case, refusal: cases.CaseActionRefused, target: str):
    """Back on the case page with the reason the change was refused, at `target`."""
    db.session.rollback()
    case = municipality_case(case.public_id)
    message = _(refusal.msgid) % {key: _(value) for key, value in refusal.params.items()}
    return render_case(case, errors=[(target, message)], status=409)


def closed_refusal(case: Case) -> cases.CaseActionRefused | None:
    """Why a closed case (decided, withdrawn) takes no more changes; None for an open case."""
    try:
        case_status.check_open(case.status)
    except case_status.TransitionRefused as refusal:
        return cases.CaseActionRefused.from_rules(refusal)
    return None
