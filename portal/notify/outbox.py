"""The outbox: messages are queued in the request's transaction and sent after it commits.

Queueing inside the transaction means a message exists only if what it tells about happened
(a rolled-back decision sends no mail). Sending after the commit, by the request itself or by
`flask notifications send`, means a slow or broken mail server never loses a decision. Each
message has a unique key, so an event or a reminder is queued once however often the code
runs, and a message is claimed before it is sent, so two senders never both send it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import Update, bindparam, event, or_, select, update
from sqlalchemy.orm import Session

from portal import mail
from portal.database import insert_unless_present
from portal.extensions import db
from portal.i18n import force_locale
from portal.models import Case, Notification
from portal.timeutil import now_utc

log = logging.getLogger(__name__)

# A failing message is tried again by `flask notifications send`, this many times in all.
MAX_ATTEMPTS = 10
# A claim older than this belongs to a sender that stopped half-way; the message is retried.
STALE_CLAIM = timedelta(minutes=15)
# Messages claimed with one statement: a submission's two, or the backlog after the mail
# server was down, a batch at a time (each batch is sent well within STALE_CLAIM).
CLAIM_BATCH = 50

_PENDING = "notifications_pending"
_COMMITTED = "notifications_committed"


def render(kind: str, language: str | None = None, **context) -> tuple[str, str]:
    """(subject, body) of the message `mail/<kind>.txt`, plain text, in `language`: the
    language a parent chose, else Danish (the municipality's inbox, the other custody holder,
    a caseworker). The template sets `subject`; everything else it writes is the body."""
    template = current_app.jinja_env.get_template(f"mail/{kind}.txt")
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    case = context.get("case")
    # A message about a case is signed with its municipality's contact details.
    context.setdefault("contact", case.municipality.settings.contact if case else None)
    with force_locale(language):
        module = template.make_module(context)
        body = str(module).strip() + "\n"
    return " ".join(str(module.subject).split()), body


def queue(
    key: str,
    kind: str,
    recipient: str | None,
    *,
    case: Case | None = None,
    language: str | None = None,
    **context,
):
    """Queue message `kind` to `recipient` (in `language`, see `render`) unless a message
    with `key` exists. Returns the new message's id, or None (no address, or already queued)."""
    if not recipient:
        return None
    subject, body = render(kind, language, case=case, **context)
    table = Notification.__table__
    # Queued before (the reminders run every day) or at this very moment by another request:
    # the key is taken, nothing is inserted, and the message queued first is the one sent.
    # Rendering a message that turns out to be queued already costs less than asking first,
    # which every new event (the most of them) would pay.
    notification_id = db.session.execute(
        insert_unless_present(table)
        .values(
            key=key,
            kind=kind,
            recipient=recipient,
            case_id=case.id if case is not None else None,
            subject=subject,
            body=body,
            created_at=now_utc(),
        )
        .returning(table.c.id)
    ).scalar_one_or_none()
    if notification_id is not None:
        db.session.info.setdefault(_PENDING, []).append(notification_id)
    return notification_id


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0


def deliver(ids: list[int] | None = None, *, now: datetime | None = None) -> Delivery:
    """Send the unsent messages (those with `ids`, or all that are due). Commits the claim of
    each batch and the outcome of each message."""
    now = now or now_utc()
    if ids is None:
        ids = list(
            db.session.scalars(
                select(Notification.id)
                .where(Notification.sent_at.is_(None), Notification.attempts < MAX_ATTEMPTS)
                .order_by(Notification.id)
            )
        )
    db.session.commit()
    result = Delivery()
    claim, record = _delivery_statements()
    for start in range(0, len(ids), CLAIM_BATCH):
        # Claimed and read in one statement, committed before the mail server is asked: no
        # transaction stays open while it works, and a second sender finds the claims.
        claimed = db.session.execute(
            claim,
            {
                "claimed_ids": ids[start : start + CLAIM_BATCH],
                "claimed_at": now,
                "stale_before": now - STALE_CLAIM,
            },
        ).all()
        db.session.commit()
        for notification_id, key, recipient, subject, body in sorted(claimed):
            try:
                mail.send(mail.compose(recipient, subject, body))
            except Exception as error:  # any failure leaves the message for a later retry
                log.warning("e-mail %s to %s not sent: %s", key, recipient, error)
                outcome = {"last_error": str(error)[:1000]}
                result.failed += 1
            else:
                outcome = {"sent_at": now_utc()}
                result.sent += 1
            # Each outcome is recorded as soon as it is known, in a transaction of its own (on
            # SQLite a read transaction that later writes fails at once, "database is locked",
            # if another request wrote meanwhile).
            db.session.execute(record, {"recorded_id": notification_id, **outcome})
            db.session.commit()
    return result


@cache
def _delivery_statements() -> tuple[Update, Update]:
    # Built once, with parameters: every submission and every change of a case sends mail.
    table = Notification.__table__
    claim = (
        update(table)
        .where(
            table.c.id.in_(bindparam("claimed_ids", expanding=True)),
            table.c.sent_at.is_(None),
            table.c.attempts < MAX_ATTEMPTS,
            or_(table.c.claimed_at.is_(None), table.c.claimed_at < bindparam("stale_before")),
        )
        .values(claimed_at=bindparam("claimed_at"))
        .returning(table.c.id, table.c.key, table.c.recipient, table.c.subject, table.c.body)
    )
    # The outcome's column (sent_at, or last_error) comes with each execution.
    record = (
        update(table)
        .where(table.c.id == bindparam("recorded_id"))
        .values(attempts=table.c.attempts + 1, claimed_at=None)
    )
    return claim, record


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_COMMITTED, []).extend(pending)


def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


def committed_ids() -> list[int]:
    """The messages queued and committed in this request, not sent yet (and forgets them)."""
    if not db.session.registry.has():
        return []
    return db.session.info.pop(_COMMITTED, [])


def listen() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
