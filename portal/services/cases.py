"""What the caseworker and the family do to a case on its way to a decision.

Every operation checks the change against portal.rules.case_status, records it as a CaseEvent
(who, when, why), queues the e-mails of portal.notify.messages and flushes; the view commits.
A change the rules refuse raises CaseActionRefused with a Danish message for the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Case,
    CaseEvent,
    Decision,
    DelayNotice,
    InformationRequest,
    Parent,
    StaffUser,
)
from portal.notify import messages
from portal.rules import case_status
from portal.rules.case_status import TransitionRefused
from portal.rules.i18n import N_
from portal.rules.labels import LABELS
from portal.timeutil import local_date

__all__ = [
    "CaseActionRefused",
    "answer_information_request",
    "approved_trainings",
    "ask_for_information",
    "change_status",
    "lock_case",
    "open_requests",
    "record_decision",
    "record_delay_notice",
    "take_case",
    "withdraw",
]


class CaseActionRefused(Exception):
    """The change cannot be made; `msgid` (Danish) and `params` say why."""

    def __init__(self, msgid: str, **params: str) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params

    @classmethod
    def from_rules(cls, refused: TransitionRefused) -> CaseActionRefused:
        return cls(refused.msgid, **refused.params)


@dataclass(frozen=True)
class _Actor:
    kind: case_status.Actor
    name: str


def _staff(staff: StaffUser) -> _Actor:
    return _Actor("staff", staff.name)


def _parent(parent: Parent) -> _Actor:
    return _Actor("parent", parent.name)


def lock_case(case_id: int) -> Case:
    """The case, re-read under a row lock (PostgreSQL), so that two caseworkers acting on it at
    the same moment act one after the other and the second sees the first one's change."""
    return db.session.execute(
        select(Case)
        .where(Case.id == case_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _move(
    case: Case,
    to_status: str,
    actor: _Actor,
    *,
    kind: str,
    now: datetime,
    note: str | None = None,
) -> CaseEvent:
    try:
        case_status.check_transition(case.status, to_status, actor.kind)
    except TransitionRefused as refused:
        raise CaseActionRefused.from_rules(refused) from None
    return _record(case, actor, kind=kind, now=now, note=note, to_status=to_status)


def _record(
    case: Case,
    actor: _Actor,
    *,
    kind: str,
    now: datetime,
    note: str | None = None,
    to_status: str | None = None,
) -> CaseEvent:
    event = CaseEvent(
        at=now,
        kind=kind,
        actor_kind=actor.kind,
        actor_name=actor.name,
        from_status=case.status if to_status else None,
        to_status=to_status,
        note=note,
    )
    case.events.append(event)
    if to_status:
        case.status = to_status
    case.updated_at = now
    db.session.flush()
    return event


def _require_open(case: Case) -> None:
    try:
        case_status.check_open(case.status)
    except TransitionRefused as refused:
        raise CaseActionRefused.from_rules(refused) from None


def take_case(case: Case, staff: StaffUser, *, now: datetime) -> CaseEvent:
    """The caseworker takes the case; a case just received is now under review."""
    _require_open(case)
    if case.assigned_to_id == staff.id:
        raise CaseActionRefused(N_("Du har allerede sagen."))
    case.assigned_to = staff
    to_status = "under_review" if case.status == "received" else None
    event = _record(case, _staff(staff), kind="taken", now=now, to_status=to_status)
    if to_status:
        messages.status_changed(case, event)
    return event


def change_status(
    case: Case, to_status: str, staff: StaffUser, *, reason: str, now: datetime
) -> CaseEvent:
    """A change of status by the caseworker, with the reason the family will read."""
    event = _move(case, to_status, _staff(staff), kind="status_changed", now=now, note=reason)
    messages.status_changed(case, event)
    return event


def ask_for_information(
    case: Case,
    staff: StaffUser,
    question: str,
    *,
    answer_by: date | None = None,
    now: datetime,
) -> InformationRequest:
    """A question to the family. The deadline does not stop: the municipality must still
    decide in time or give notice of a delay (Retssikkerhedsloven § 3)."""
    actor = _staff(staff)
    if case.status == "information_requested":
        event = _record(case, actor, kind="information_requested", now=now)
    else:
        event = _move(case, "information_requested", actor, kind="information_requested", now=now)
    request = InformationRequest(
        case_id=case.id,
        question=question,
        answer_by=answer_by,
        asked_by_id=staff.id,
        asked_by_name=staff.name,
        asked_at=now,
    )
    db.session.add(request)
    db.session.flush()
    messages.information_requested(case, request, event)
    return request


def open_requests(case: Case) -> list[InformationRequest]:
    return [r for r in case.information_requests if r.is_open]


def answer_information_request(
    case: Case, parent: Parent, request: InformationRequest, answer: str, *, now: datetime
) -> CaseEvent:
    """The family's answer. When no other question is open, the case is under review again."""
    if request.case_id != case.id:
        raise ValueError("the question belongs to another case")
    if not request.is_open:
        raise CaseActionRefused(N_("I har allerede svaret på dette spørgsmål."))
    _require_open(case)
    request.answer = answer
    request.answered_at = now
    request.answered_by_name = parent.name
    db.session.flush()
    actor = _parent(parent)
    if case.status == "information_requested" and not open_requests(case):
        event = _move(case, "under_review", actor, kind="information_answered", now=now)
    else:
        event = _record(case, actor, kind="information_answered", now=now)
    messages.information_answered(case, request, event)
    return event


def record_delay_notice(
    case: Case, staff: StaffUser, new_date: date, reason: str, *, now: datetime
) -> DelayNotice:
    """The municipality's written notice of a new expected date, and why."""
    _require_open(case)
    problem = case_status.delay_notice_problem(new_date, due=case.due_date, today=local_date(now))
    if problem:
        raise CaseActionRefused(problem)
    notice = DelayNotice(
        case_id=case.id,
        new_expected_date=new_date,
        previous_date=case.expected_decision_date,
        reason=reason,
        recorded_by_id=staff.id,
        recorded_by_name=staff.name,
        recorded_at=now,
    )
    db.session.add(notice)
    case.expected_date = new_date
    event = _record(case, _staff(staff), kind="delay_notice", now=now, note=reason)
    messages.delay_notice(case, notice, event)
    return notice


def record_decision(
    case: Case,
    staff: StaffUser,
    outcome: str,
    text: str,
    complaint_guidance: str,
    *,
    now: datetime,
) -> Decision:
    """The case's decision. A case reconsidered after a complaint (or whose complaint
    Ankestyrelsen changed) gets a new decision; the one it replaces stays on file."""
    if outcome not in LABELS["outcome"]:
        # The decision page's three, or a kind of decision's own (accounts, an ending).
        raise ValueError(f"unknown outcome {outcome!r}")
    # A decision in force is replaced: after a complaint, or on a case Ankestyrelsen sent back.
    replaced = case.decision
    kind = "decision_changed" if case.status in case_status.COMPLAINT_STATUSES else "decided"
    event = _move(case, "decided", _staff(staff), kind=kind, now=now, note=outcome)
    if replaced is not None:
        replaced.superseded_at = now
    decision = Decision(
        case_id=case.id,
        sequence=len(case.decisions) + 1,
        outcome=outcome,
        text=text,
        complaint_guidance=complaint_guidance,
        decided_by_id=staff.id,
        decided_by_name=staff.name,
        decided_at=now,
    )
    case.decisions.append(decision)
    db.session.flush()
    # The decision in force is read anew: the one just made.
    db.session.expire(case, ["decision"])
    messages.decided(case, event)
    return decision


def withdraw(case: Case, parent: Parent, *, reason: str | None, now: datetime) -> CaseEvent:
    """The family withdraws its request; only the family can."""
    if case.parent_id != parent.id:
        raise ValueError("only the case's own parent can withdraw it")
    event = _move(case, "withdrawn", _parent(parent), kind="withdrawn", now=now, note=reason)
    messages.withdrawn(case, event)
    return event


def approved_trainings(parent_id: int, *, today: date) -> list[Case]:
    """The parent's approved home trainings that are still running (the child is under 18):
    what a supplement, a switch, equipment, a budget or accounts can belong to."""
    rows = db.session.scalars(
        select(Case)
        .join(Decision, Decision.case_id == Case.id)
        .where(
            Decision.superseded_at.is_(None),
            Case.parent_id == parent_id,
            Case.case_type == "new_application",
            Decision.outcome.in_(("approved", "partly_approved")),
        )
        .order_by(Case.child_name, Case.id)
    )
    return [case for case in rows if relativedelta(today, case.child_birth_date).years < 18]
