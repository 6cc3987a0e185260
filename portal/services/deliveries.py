"""What did not leave the portal, for the municipality's administrator: the messages about
its cases, to its inbox and inviting its staff that the worker gave up on (portal.outbox),
and trying one again. Another municipality's messages do not exist here (the caller answers
404)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from portal import outbox
from portal.extensions import db
from portal.models import Case, Municipality, Notification, StaffUser


def _of(municipality: Municipality):
    cases = select(Case.id).where(Case.municipality_id == municipality.id)
    mine = [Notification.case_id.in_(cases)]
    if municipality.inbox_email:
        mine.append(Notification.recipient == municipality.inbox_email)
    # An invitation to a new account (portal.services.people) belongs to no case.
    staff = select(StaffUser.email).where(StaffUser.municipality_id == municipality.id)
    mine.append((Notification.kind == "staff_invited") & Notification.recipient.in_(staff))
    return or_(*mine)


def failed(municipality: Municipality) -> list[Notification]:
    """The given-up messages, the newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .options(joinedload(Notification.case))
            .where(Notification.failed_at.is_not(None), _of(municipality))
            .order_by(Notification.failed_at.desc(), Notification.id.desc())
        )
    )


def message(municipality: Municipality, message_id: int) -> Notification | None:
    return db.session.scalar(
        select(Notification).where(Notification.id == message_id, _of(municipality))
    )


def retry(message: Notification) -> bool:
    """Have the worker try a given-up message again; False if it is not given up (sent, or
    already waiting for its next attempt). Commits."""
    if message.failed_at is None:
        return False
    outbox.retry(message)
    db.session.commit()
    return True
