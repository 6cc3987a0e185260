"""Hearings (partshøring): the municipality sends what it proposes to the family, the family
answers with text and files. portal.rules.hearings has the periods and the sources; the step
that needs a hearing (a supervision report, a repayment claim, an ending) opens it here and
keeps its id.

Operations flush, never commit; the view commits.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseEvent, Hearing, Parent, StaffUser
from portal.notify import messages
from portal.rules import hearings as rules
from portal.rules.formatting import long_date
from portal.rules.i18n import N_
from portal.services import letters
from portal.services.cases import CaseActionRefused
from portal.timeutil import local_date

__all__ = ["answer_hearing", "case_hearing", "hearings_for", "open_hearing", "open_hearings"]


def _event(case: Case, *, kind: str, actor_kind: str, actor_name: str, now: datetime) -> CaseEvent:
    event = CaseEvent(at=now, kind=kind, actor_kind=actor_kind, actor_name=actor_name)
    case.events.append(event)
    case.updated_at = now
    db.session.flush()
    return event


def open_hearing(
    case: Case,
    *,
    kind: str,
    subject: str,
    staff: StaffUser,
    now: datetime,
    answer_by: date | None = None,
) -> Hearing:
    """Send ``subject`` to the family for a hearing. The deadline is the municipality's hearing
    period from today unless the caseworker gives a later one."""
    if kind not in rules.KINDS:
        raise ValueError(f"unknown hearing kind {kind!r}")
    if not subject.strip():
        raise ValueError("a hearing needs a text for the family to answer")
    earliest = rules.answer_by(local_date(now), case.settings)
    if answer_by is not None and answer_by < earliest:
        # The family is owed the whole period (seed 001: "en høringsfrist på 2 uger").
        raise CaseActionRefused(
            N_("Høringsfristen kan tidligst være %(date)s."), date=long_date(earliest)
        )
    hearing = Hearing(
        case=case,
        kind=kind,
        subject=subject.strip(),
        answer_by=answer_by or earliest,
        sent_at=now,
        sent_by_id=staff.id,
        sent_by_name=staff.name,
    )
    db.session.add(hearing)
    db.session.flush()
    event = _event(case, kind="hearing_sent", actor_kind="staff", actor_name=staff.name, now=now)
    messages.hearing_sent(hearing, event)
    letters.queue_hearing(case, hearing, now=now)
    return hearing


def answer_hearing(hearing: Hearing, parent: Parent, *, text: str, now: datetime) -> Hearing:
    """The family's answer. Files come with it through portal.services.attachments.keep
    (``hearing_id``). One answer per hearing: a second is refused, and the family is told the
    first is with the municipality."""
    if not hearing.is_open:
        raise CaseActionRefused(N_("I har allerede svaret på denne høring."))
    hearing.answer = text.strip()
    hearing.answered_at = now
    hearing.answered_by_name = parent.name
    event = _event(
        hearing.case, kind="hearing_answered", actor_kind="parent", actor_name=parent.name, now=now
    )
    messages.hearing_answered(hearing, event)
    return hearing


def hearings_for(case: Case) -> list[Hearing]:
    """The case's hearings, oldest first."""
    return list(
        db.session.execute(
            select(Hearing).where(Hearing.case_id == case.id).order_by(Hearing.id)
        ).scalars()
    )


def open_hearings(case: Case) -> list[Hearing]:
    return [h for h in hearings_for(case) if h.is_open]


def case_hearing(case: Case, public_id: str, *, lock: bool = False) -> Hearing | None:
    """The hearing ``public_id`` if it belongs to ``case``; None otherwise (a 404 for the view)."""
    query = select(Hearing).where(Hearing.public_id == public_id, Hearing.case_id == case.id)
    if lock:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()
