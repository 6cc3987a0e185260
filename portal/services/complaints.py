"""Complaints: the family's (or one the caseworker records for them), the reconsideration,
the forwarding to Ankestyrelsen and its answer; and complaints about the handling time.

Each operation checks the change against portal.rules.case_status, records it as a CaseEvent
and on the Complaint, queues the e-mails (portal.notify.complaints) and flushes; the view
commits. The new decision on reconsideration is made on the decision page
(portal.services.decisions.record), which closes the complaint through `decision_made`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from portal import timeline, tracking
from portal.extensions import db
from portal.models import Attachment, Case, Complaint, Decision, Parent, StaffUser
from portal.notify import complaints as mail
from portal.rules import case_status
from portal.rules import complaints as rules
from portal.rules.deadlines import due_date
from portal.rules.findings import Finding
from portal.rules.i18n import N_
from portal.services import hearings, letters
from portal.services.cases import CaseActionRefused, _move, _parent, _record, _staff
from portal.timeutil import local_date

__all__ = [
    "ComplaintParts",
    "complaint_parts",
    "answer_handling_time",
    "can_complain",
    "can_complain_about_handling_time",
    "complain",
    "complain_about_handling_time",
    "complaint_files",
    "complaints_for",
    "current_complaint",
    "decision_made",
    "forward",
    "hear_before_reconsidering",
    "late_advice",
    "may_change_decision",
    "record_ankestyrelsen",
]


def complaints_for(case: Case) -> list[Complaint]:
    """The case's complaints, oldest first."""
    return list(
        db.session.scalars(
            select(Complaint).where(Complaint.case_id == case.id).order_by(Complaint.id)
        )
    )


def current_complaint(case: Case) -> Complaint | None:
    """The complaint about a decision that is still being handled (reconsideration, with
    Ankestyrelsen, or a changed decision still to be written); None otherwise."""
    return next(
        (c for c in reversed(complaints_for(case)) if c.kind == "decision" and c.is_open), None
    )


def complaint_files(case: Case) -> dict[int, list[Attachment]]:
    """The files sent with each complaint, by complaint id (removed files left out)."""
    rows = db.session.scalars(
        select(Attachment)
        .where(
            Attachment.case_id == case.id,
            Attachment.complaint_id.is_not(None),
            Attachment.removed_at.is_(None),
        )
        .order_by(Attachment.created_at, Attachment.id)
    )
    files: dict[int, list[Attachment]] = {}
    for attachment in rows:
        files.setdefault(attachment.complaint_id, []).append(attachment)
    return files


def can_complain(case: Case) -> bool:
    """Whether the family can complain about the case's decision now: it is decided and the
    decision in force has no complaint yet."""
    return (
        case.status == "decided"
        and case.decision is not None
        and db.session.scalar(select(Complaint.id).where(Complaint.decision_id == case.decision.id))
        is None
    )


def can_complain_about_handling_time(case: Case) -> bool:
    """A complaint about the handling time concerns a request not yet decided."""
    return case_status.is_open(case.status)


def deadline(case: Case) -> date | None:
    """The last day a complaint about the decision in force arrives in time: 4 weeks from the
    day its letter was delivered."""
    if case.decision is None:
        return None
    return rules.complaint_deadline(letters.received_on(case.decision))


def late_advice(case: Case, received_on: date) -> Finding | None:
    """Advice when a complaint about the decision in force arrives after the 4 weeks."""
    if case.decision is None:
        return None
    # Counted from the day the decision letter was delivered (portal.rules.letters).
    return rules.late_complaint(received_on, letters.received_on(case.decision))


def _new_complaint(
    case: Case,
    *,
    reasons: str,
    channel: str,
    received_on: date,
    by_kind: str,
    by_name: str,
    now: datetime,
) -> Complaint:
    if channel not in rules.CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if case.status != "decided" or case.decision is None:
        raise CaseActionRefused(N_("Der er ingen afgørelse at klage over på sagen."))
    if not can_complain(case):
        raise CaseActionRefused(N_("Kommunen har allerede modtaget en klage over denne afgørelse."))
    complaint = Complaint(
        case_id=case.id,
        kind="decision",
        decision_id=case.decision.id,
        channel=channel,
        received_on=received_on,
        reasons=reasons.strip(),
        recorded_by_kind=by_kind,
        recorded_by_name=by_name,
        recorded_at=now,
        late=late_advice(case, received_on) is not None,
        reconsider_by=rules.reconsider_by(received_on, case.settings),
    )
    db.session.add(complaint)
    db.session.flush()
    return complaint


def complain(
    case: Case,
    parent: Parent,
    *,
    reasons: str,
    now: datetime,
    files: Iterable[Attachment] = (),
) -> Complaint:
    """The family complains about the decision in force, in the portal. A late complaint is
    received like any other: the municipality judges whether to consider it."""
    if case.parent_id != parent.id:
        raise ValueError("only the case's own parent complains in the portal")
    complaint = _new_complaint(
        case,
        reasons=reasons,
        channel="portal",
        received_on=local_date(now),
        by_kind="parent",
        by_name=parent.name,
        now=now,
    )
    for attachment in files:
        attachment.complaint_id = complaint.id
    event = _move(case, "reconsideration", _parent(parent), kind="complaint_received", now=now)
    mail.complaint_received(case, complaint, event)
    return complaint


def record_complaint(
    case: Case,
    staff: StaffUser,
    *,
    reasons: str,
    channel: str,
    received_on: date,
    now: datetime,
) -> Complaint:
    """The caseworker records a complaint the family made orally or by letter ("I kan klage
    skriftligt eller mundtligt"), as received on the day it arrived."""
    if channel == "portal":
        raise ValueError("a complaint sent in the portal is the family's own")
    if received_on > local_date(now):
        raise CaseActionRefused(N_("Datoen for klagen kan ikke ligge efter i dag."))
    complaint = _new_complaint(
        case,
        reasons=reasons,
        channel=channel,
        received_on=received_on,
        by_kind="staff",
        by_name=staff.name,
        now=now,
    )
    event = _move(case, "reconsideration", _staff(staff), kind="complaint_received", now=now)
    mail.complaint_recorded(case, complaint, event)
    return complaint


def may_change_decision(case: Case) -> bool:
    """Whether the decision page may make a new decision on a decided case: while it is
    reconsidered, or when Ankestyrelsen has changed it and it is still to be written."""
    complaint = current_complaint(case)
    if complaint is None:
        return False
    if case.status == "reconsideration":
        return complaint.in_reconsideration
    return case.status == "forwarded" and complaint.awaits_changed_decision


def decision_made(case: Case, decision: Decision, staff: StaffUser, *, now: datetime) -> None:
    """The new decision closes the complaint it answers (called by the decision page)."""
    complaint = current_complaint(case)
    if complaint is None:
        return
    complaint.new_decision_id = decision.id
    if complaint.in_reconsideration:
        complaint.outcome = "changed"
        complaint.reconsidered_at = now
        complaint.reconsidered_by_name = staff.name
    db.session.flush()


def _in_reconsideration(case: Case) -> Complaint:
    complaint = current_complaint(case)
    if case.status != "reconsideration" or complaint is None or not complaint.in_reconsideration:
        raise CaseActionRefused(N_("Sagen er ikke i genvurdering."))
    return complaint


def hear_before_reconsidering(
    case: Case, staff: StaffUser, *, subject: str, now: datetime, answer_by: date | None = None
) -> Complaint:
    """Send the family the new information the reconsideration would rest on, for a hearing
    (forvaltningsloven § 19), before the decision is changed or upheld. One per complaint."""
    complaint = _in_reconsideration(case)
    if complaint.hearing_id is not None:
        raise CaseActionRefused(N_("Familien er allerede hørt om denne klage."))
    hearing = hearings.open_hearing(
        case, kind="reconsideration", subject=subject, staff=staff, now=now, answer_by=answer_by
    )
    complaint.hearing_id = hearing.id
    db.session.flush()
    return complaint


def forward(case: Case, staff: StaffUser, *, sent_on: date, note: str, now: datetime) -> Complaint:
    """The municipality upholds the decision and forwards the complaint to Ankestyrelsen on
    `sent_on` (Retssikkerhedsloven § 67, stk. 1)."""
    complaint = _in_reconsideration(case)
    if sent_on > local_date(now):
        raise CaseActionRefused(N_("Datoen kan ikke ligge efter i dag."))
    if sent_on < complaint.received_on:
        raise CaseActionRefused(N_("Klagen kan ikke være sendt, før kommunen modtog den."))
    complaint.outcome = "forwarded"
    complaint.forwarded_on = sent_on
    complaint.forward_note = note.strip() or None
    complaint.reconsidered_at = now
    complaint.reconsidered_by_name = staff.name
    event = _move(
        case, "forwarded", _staff(staff), kind="complaint_forwarded", now=now, note=note.strip()
    )
    mail.complaint_forwarded(case, complaint, event)
    return complaint


def record_ankestyrelsen(
    case: Case,
    staff: StaffUser,
    *,
    result: str,
    decided_on: date,
    note: str,
    now: datetime,
) -> Complaint:
    """Ankestyrelsen's answer, with the day it decided. Upheld: the decision stands and the
    case is decided again. Changed: the caseworker writes the changed decision on the decision
    page. Sent back (hjemvist): the case is handled again, with the request type's handling
    time counted from the day it came back."""
    if result not in rules.RESULTS:
        raise ValueError(f"unknown result {result!r}")
    complaint = current_complaint(case)
    if case.status != "forwarded" or complaint is None or not complaint.awaits_ankestyrelsen:
        raise CaseActionRefused(N_("Klagen er ikke hos Ankestyrelsen."))
    if decided_on > local_date(now):
        raise CaseActionRefused(N_("Datoen kan ikke ligge efter i dag."))
    if complaint.forwarded_on and decided_on < complaint.forwarded_on:
        raise CaseActionRefused(
            N_("Ankestyrelsen kan ikke have truffet afgørelse, før klagen blev sendt.")
        )
    complaint.result = result
    complaint.result_on = decided_on
    complaint.result_note = note.strip() or None
    complaint.result_recorded_by_name = staff.name
    actor = _staff(staff)
    kind = f"ankestyrelsen_{result}"
    if result == "upheld":
        event = _move(case, "decided", actor, kind=kind, now=now, note=note.strip() or None)
    elif result == "sent_back":
        complaint.previous_due_date = case.due_date
        complaint.new_due_date = due_date(case.case_type, decided_on, settings=case.settings)
        event = _move(case, "under_review", actor, kind=kind, now=now, note=note.strip() or None)
        case.due_date = complaint.new_due_date
        case.expected_date = None
        # Sent back, the decision no longer stands (hjemvist): it stays on file, and the case
        # waits for a new one.
        case.decision.superseded_at = now
        db.session.flush()
        db.session.expire(case, ["decision"])
    else:
        # The status changes when the changed decision is written (record_decision).
        event = _record(case, actor, kind=kind, now=now, note=note.strip() or None)
    mail.ankestyrelsen_answered(case, complaint, event)
    return complaint


def complain_about_handling_time(
    case: Case, parent: Parent, *, text: str, now: datetime
) -> Complaint:
    """The family complains that the case takes too long. It goes to the municipality itself,
    not to Ankestyrelsen; the case's status does not change."""
    if case.parent_id != parent.id:
        raise ValueError("only the case's own parent complains in the portal")
    if not can_complain_about_handling_time(case):
        raise CaseActionRefused(
            N_("Sagen er ikke under behandling, så der er ingen sagsbehandlingstid at klage over.")
        )
    complaint = Complaint(
        case_id=case.id,
        kind="handling_time",
        channel="portal",
        received_on=local_date(now),
        reasons=text.strip(),
        recorded_by_kind="parent",
        recorded_by_name=parent.name,
        recorded_at=now,
    )
    db.session.add(complaint)
    db.session.flush()
    event = _record(case, _parent(parent), kind="handling_time_complaint", now=now)
    mail.handling_time_complaint(case, complaint, event)
    return complaint


def answer_handling_time(
    complaint: Complaint, staff: StaffUser, *, text: str, now: datetime
) -> Complaint:
    """The municipality's written answer to a complaint about the handling time."""
    if complaint.kind != "handling_time":
        raise ValueError("only a complaint about the handling time is answered this way")
    if complaint.answered_at is not None:
        raise CaseActionRefused(N_("Klagen er allerede besvaret."))
    complaint.answer = text.strip()
    complaint.answered_at = now
    complaint.answered_by_name = staff.name
    event = _record(
        complaint.case, _staff(staff), kind="handling_time_answer", now=now, note=text.strip()
    )
    mail.handling_time_answered(complaint.case, complaint, event)
    return complaint


@dataclass(frozen=True)
class ComplaintParts:
    """What a case page shows of the case's complaints and decisions."""

    complaints: list[Complaint] = field(default_factory=list)
    files: dict[int, list[Attachment]] = field(default_factory=dict)
    # The reconsideration's timeline of each complaint about a decision, by complaint id.
    timelines: dict[int, timeline.Timeline] = field(default_factory=dict)
    # The decisions a later decision replaced, oldest first.
    earlier: list[Decision] = field(default_factory=list)
    current: Complaint | None = None


def complaint_parts(case: Case, today: date) -> ComplaintParts:
    found = complaints_for(case)
    return ComplaintParts(
        complaints=found,
        files=complaint_files(case) if found else {},
        timelines={
            c.id: tracking.complaint_timeline(c, case, today)
            for c in found
            if c.kind == "decision" and c.reconsider_by is not None
        },
        earlier=[d for d in case.decisions if d.superseded_at is not None],
        current=next((c for c in reversed(found) if c.kind == "decision" and c.is_open), None),
    )
