"""The outbox: everything that leaves the portal, as rows delivered by the worker.

A message is written in the same transaction as the change it tells about (a rolled-back
decision sends nothing) and delivered afterwards by `flask worker`, never by the web request:
a slow or broken mail server never holds up a page or loses a decision. Each channel (e-mail
first; Digital Post and the case system later) registers a handler that delivers one message
or raises. Each message has a unique key, so an event or a reminder is queued once however
often the code runs, and a message is claimed before it is delivered, so two workers never
both deliver it. A worker killed half-way leaves a claim that goes stale and is retried; a
failed attempt waits longer each time, and after MAX_ATTEMPTS the message is given up and
shown to the municipality's administrator, who can have it tried again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import psycopg
from flask import current_app
from sqlalchemy import Engine, Update, bindparam, or_, select, text, update

from portal.database import insert_unless_present
from portal.extensions import db
from portal.models import Notification
from portal.timeutil import now_utc

log = logging.getLogger(__name__)

# A failing message is tried this many times in all before it is given up.
MAX_ATTEMPTS = 10
# The wait after the first failure; it doubles with each further failure, up to RETRY_CAP
# (1, 2, 4 ... minutes: a mail server down for a night is caught up with in the morning).
FIRST_RETRY = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=2)
# Messages claimed with one statement: a submission's two, or the backlog after the mail
# server was down, a batch at a time. Each batch must be delivered well within the
# OUTBOX_STALE_CLAIM_SECONDS after which a claim is taken for that of a worker that stopped
# half-way, and its messages are delivered by another.
CLAIM_BATCH = 50


@dataclass(frozen=True)
class Outgoing:
    """One claimed message, as its channel's handler gets it."""

    id: int
    key: str
    channel: str
    recipient: str
    subject: str
    body: str
    payload: dict | None
    # The attempts made before this one: a handler that keeps its own record (a letter's
    # status) knows when this attempt is the last.
    attempts: int = 0


class Undeliverable(Exception):
    """Raised by a handler when trying again cannot help (the receiver refuses the message
    itself): the message is given up at once, with this reason, for the administrator."""


Handler = Callable[[Outgoing], None]
_handlers: dict[str, Handler] = {}


def register(channel: str, handler: Handler) -> None:
    """Deliver the messages of `channel` with `handler`, which raises when it cannot. An
    error with a true `permanent` attribute (a letter to a recipient the service refuses)
    gives the message up at once: trying again cannot help, and the administrator sees it
    now instead of after ten attempts."""
    _handlers[channel] = handler


def put(
    key: str,
    channel: str,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    *,
    case_id: int | None = None,
    payload: dict | None = None,
) -> int | None:
    """Write a message in the current transaction unless one with `key` exists. Returns the
    new message's id, or None (already queued)."""
    table = Notification.__table__
    # Queued before (the reminders run every day) or at this very moment by another request:
    # the key is taken, nothing is inserted, and the message queued first is the one sent.
    message_id = db.session.execute(
        insert_unless_present(table)
        .values(
            key=key,
            channel=channel,
            kind=kind,
            recipient=recipient,
            case_id=case_id,
            subject=subject,
            body=body,
            payload=payload,
            created_at=now_utc(),
        )
        .returning(table.c.id)
    ).scalar_one_or_none()
    if message_id is not None:
        _wake()
    return message_id


def _wake() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        # Wakes the waiting workers when (and only if) the transaction commits (`Waiter`).
        db.session.execute(_NOTIFY)


# PostgreSQL's LISTEN/NOTIFY channel that tells idle workers a message was queued.
WAKE_CHANNEL = "portal_outbox"
_NOTIFY = text(f"NOTIFY {WAKE_CHANNEL}")


class Waiter:
    """An idle worker's pause between rounds: `seconds`, or less on PostgreSQL, where a
    queued message wakes it at once (LISTEN on a connection of its own). On SQLite, and while
    PostgreSQL cannot be reached, it simply sleeps."""

    def __init__(self, engine: Engine) -> None:
        self._url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._listening = engine.dialect.name == "postgresql"
        self._connection = None

    def wait(self, seconds: float, stop: threading.Event) -> None:
        if not self._listening:
            stop.wait(seconds)
            return
        try:
            if self._connection is None or self._connection.closed:
                self._connection = psycopg.connect(self._url, autocommit=True)
                self._connection.execute(f"LISTEN {WAKE_CHANNEL}")
            # In slices of a second: a SIGTERM (which sets `stop`) is heeded within one.
            deadline = time.monotonic() + seconds
            while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
                for _notify in self._connection.notifies(timeout=min(left, 1.0), stop_after=1):
                    return
        except psycopg.Error as error:
            log.warning("waiting for queued messages: %s", error)
            self.close()
            stop.wait(seconds)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0


def retry_after(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failed attempt."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), RETRY_CAP)


def waiting_ids() -> list[int]:
    """Every message not delivered and not given up, whether or not its wait is over."""
    return list(
        db.session.scalars(
            select(Notification.id)
            .where(Notification.sent_at.is_(None), Notification.failed_at.is_(None))
            .order_by(Notification.id)
        )
    )


def deliver(
    ids: list[int] | None = None,
    *,
    now: datetime | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> Delivery:
    """Deliver the messages that are due (or those of `ids`, due or waiting), a batch at a
    time until none is left. Commits the claim of each batch and the outcome of each message.
    When `should_stop` says so, the message being delivered is finished and the rest of the
    batch released for the next worker."""
    now = now or now_utc()
    db.session.commit()
    result = Delivery()
    claim_due, claim_listed, record, release = _statements()
    remaining = list(ids) if ids is not None else None
    stale = timedelta(seconds=current_app.config["OUTBOX_STALE_CLAIM_SECONDS"])
    while not should_stop():
        params = {"claimed_at": now, "stale_before": now - stale}
        if remaining is None:
            statement = claim_due
            params.update(now=now, batch=CLAIM_BATCH)
        elif remaining:
            statement, params["claimed_ids"] = claim_listed, remaining[:CLAIM_BATCH]
            remaining = remaining[CLAIM_BATCH:]
        else:
            break
        # Claimed and read in one statement, committed before the message is delivered: no
        # transaction stays open while a mail server works, and a second worker finds the
        # claims (on PostgreSQL it skips the rows being claimed instead of waiting for them).
        claimed = sorted(db.session.execute(statement, params).all())
        db.session.commit()
        if not claimed and remaining is None:
            break
        for index, row in enumerate(claimed):
            if should_stop():
                db.session.execute(release, {"released_ids": [r.id for r in claimed[index:]]})
                db.session.commit()
                return result
            outcome = _deliver_one(row)
            result.sent += "sent_at" in outcome
            result.failed += "sent_at" not in outcome
            # Each outcome is recorded as soon as it is known, in a transaction of its own (on
            # SQLite a read transaction that later writes fails at once, "database is locked",
            # if another request wrote meanwhile).
            db.session.execute(record, {"recorded_id": row.id, **outcome})
            db.session.commit()
    return result


def _deliver_one(row) -> dict:
    message = Outgoing(
        row.id,
        row.key,
        row.channel,
        row.recipient,
        row.subject,
        row.body,
        row.payload,
        row.attempts,
    )
    handler = _handlers.get(message.channel)
    try:
        if handler is None:
            raise LookupError(f"no handler for the channel {message.channel!r}")
        handler(message)
    except Exception as error:  # any failure leaves the message for a later attempt
        log.warning("%s %s to %s not delivered: %s", row.channel, row.key, row.recipient, error)
        attempts = row.attempts + 1
        failed_now = now_utc()
        outcome = {
            "last_error": str(error)[:1000],
            "next_attempt_at": failed_now + retry_after(attempts),
        }
        if attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable):
            outcome["failed_at"] = failed_now
        return outcome
    return {"sent_at": now_utc()}


def retry(message: Notification) -> None:
    """Try a given-up message once more, at the worker's next round (in the caller's
    transaction)."""
    message.failed_at = None
    message.next_attempt_at = None
    message.claimed_at = None
    if message.attempts >= MAX_ATTEMPTS:
        message.attempts = MAX_ATTEMPTS - 1
    _wake()


@cache
def _statements() -> tuple[Update, Update, Update, Update]:
    # Built once, with parameters: every submission and every change of a case sends mail.
    table = Notification.__table__
    claimable = (
        table.c.sent_at.is_(None),
        table.c.failed_at.is_(None),
        or_(table.c.claimed_at.is_(None), table.c.claimed_at < bindparam("stale_before")),
    )
    returned = (
        table.c.id,
        table.c.key,
        table.c.channel,
        table.c.recipient,
        table.c.subject,
        table.c.body,
        table.c.payload,
        table.c.attempts,
    )
    due = select(table.c.id).where(
        *claimable,
        or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= bindparam("now")),
    )
    # FOR UPDATE SKIP LOCKED on PostgreSQL: two workers claim different rows without waiting
    # for each other. SQLite writes one transaction at a time (and renders no FOR UPDATE);
    # the conditions repeated in the UPDATE make a row claimed once either way.
    claim_due = (
        update(table)
        .where(
            table.c.id.in_(
                due.order_by(table.c.id).limit(bindparam("batch")).with_for_update(skip_locked=True)
            ),
            *claimable,
        )
        .values(claimed_at=bindparam("claimed_at"))
        .returning(*returned)
    )
    claim_listed = (
        update(table)
        .where(table.c.id.in_(bindparam("claimed_ids", expanding=True)), *claimable)
        .values(claimed_at=bindparam("claimed_at"))
        .returning(*returned)
    )
    # The outcome's columns (sent_at, or last_error and the next attempt) come with each use.
    record = (
        update(table)
        .where(table.c.id == bindparam("recorded_id"))
        .values(attempts=table.c.attempts + 1, claimed_at=None)
    )
    release = (
        update(table)
        .where(table.c.id.in_(bindparam("released_ids", expanding=True)), table.c.sent_at.is_(None))
        .values(claimed_at=None)
    )
    return claim_due, claim_listed, record, release
