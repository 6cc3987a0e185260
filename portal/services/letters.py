"""Letters to the holders of custody as Digital Post, through the outbox.

A decision, hearing or repayment letter becomes one `LetterDelivery` row per holder of custody
(the record of how that letter stands) and one outbox message on the channel "digital_post",
both written in the same transaction as the decision or hearing (`queue_*`). The worker
(`flask worker`) delivers it with `send`, retrying with a growing wait as for e-mail, and gives
it up after the last attempt or at once when trying again cannot help (no CPR number, a
recipient the service refuses); a given-up letter shows on the administrator's page of failed
deliveries, where it can be sent again, and on the caseworker's case page. A failed letter
never touches the decision: the case stays decided (issue 18: "a failed letter never closes a
case").

Operations flush, never commit; the caller commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from portal import digital_post, outbox
from portal.digital_post import memo
from portal.dossier import decision_letter, hearing_letter, repayment_letter
from portal.extensions import db
from portal.i18n import gettext, in_danish
from portal.models import Case, Decision, Hearing, LetterDelivery, Notification
from portal.rules import letters as rules
from portal.services import custody_holders as holders
from portal.timeutil import local_date, now_utc

__all__ = [
    "CHANNEL",
    "deliver",
    "deliveries_for",
    "queue_decision",
    "queue_hearing",
    "received_on",
    "send",
    "waiting_message_ids",
]

CHANNEL = "digital_post"


def _queue(
    case: Case,
    *,
    kind: str,
    title: str,
    filename: str,
    document: bytes,
    now: datetime,
    decision: Decision | None = None,
    hearing: Hearing | None = None,
) -> list[LetterDelivery]:
    rows = []
    _source, recipients = holders.of_case(case)
    if not recipients:
        recipients = [{"name": case.parent.name, "cpr": None, "address": None}]
    for holder in recipients:
        row = LetterDelivery(
            case_id=case.id,
            kind=kind,
            decision_id=decision.id if decision is not None else None,
            hearing_id=hearing.id if hearing is not None else None,
            title=title[:200],
            filename=filename[:200],
            document=document,
            recipient_name=holder["name"][:200],
            recipient_cpr=holder.get("cpr") or None,
            recipient_address=(holder.get("address") or None),
            status="pending",
            message_uuid=str(uuid.uuid4()),
            attempts=0,
            created_at=now,
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    for row in rows:
        _put(row)
    return rows


def _put(row: LetterDelivery) -> None:
    # The outbox message names the letter; the letter itself (and the CPR number, sealed)
    # stays in its row.
    outbox.put(
        outbox_key(row),
        CHANNEL,
        row.kind,
        row.recipient_name,
        row.title,
        "",
        case_id=row.case_id,
        payload={"letter": row.id},
    )


def outbox_key(row: LetterDelivery) -> str:
    return f"letter:{row.message_uuid}"


@in_danish
def queue_decision(case: Case, decision: Decision, *, now: datetime) -> list[LetterDelivery]:
    """The decision letter (or the repayment decision) on its way to each holder of custody."""
    if decision.outcome in ("repayment", "accounts_approved"):
        kind, filename = "repayment", repayment_letter.file_name(case.number)
        title = filename.removesuffix(".docx")
    else:
        kind, filename = "decision", decision_letter.file_name(case.number)
        title = filename.removesuffix(".docx")
    return _queue(
        case,
        kind=kind,
        title=title,
        filename=filename,
        document=decision.letter,
        now=now,
        decision=decision,
    )


@in_danish
def queue_hearing(case: Case, hearing: Hearing, *, now: datetime) -> list[LetterDelivery]:
    """The hearing letter on its way to each holder of custody."""
    title = hearing_letter.title(case.number)
    document = hearing_letter.build(
        hearing_letter.HearingLetter(
            municipality=case.municipality.name,
            contact=case.municipality.settings.contact,
            number=case.number,
            child_name=case.child_name,
            subject=hearing.subject,
            answer_by=hearing.answer_by,
            sent_by=hearing.sent_by_name,
        )
    )
    return _queue(
        case,
        kind="hearing",
        title=title,
        filename=f"{title}.docx",
        document=document,
        now=now,
        hearing=hearing,
    )


def letter_of(row: LetterDelivery) -> digital_post.Letter:
    case = row.case
    return digital_post.Letter(
        message_uuid=row.message_uuid,
        title=row.title,
        filename=row.filename,
        document=row.document,
        recipient_cpr=row.recipient_cpr,
        recipient_name=row.recipient_name,
        sender_cvr=current_app.config["DIGITAL_POST_SENDER_CVR"],
        sender_name=case.municipality.name,
        case_number=case.number,
        created_at=row.created_at,
        recipient_address=row.recipient_address,
    )


def _find_cpr(row: LetterDelivery) -> None:
    """A letter queued without the recipient's CPR number (a holder typed by hand whom the
    register did not answer for at submission, or a case sent before the numbers were kept):
    the register is asked again, by name among the child's custody holders."""
    if row.recipient_cpr:
        return
    found = holders.holders_from_register(row.case.child_cpr)
    if found is None:
        raise digital_post.DeliveryFailed(
            "CPR-registret svarer ikke lige nu, så modtagerens CPR-nummer kan ikke slås op. "
            "Brevet prøves igen."
        )
    holder = holders.match(row.recipient_name, [h for h in found if h.get("cpr")])
    if holder is None:
        raise digital_post.DeliveryFailed(
            f"CPR-nummeret på {row.recipient_name} kendes ikke, så brevet kan ikke sendes som "
            "Digital Post: navnet står ikke blandt barnets forældremyndighedsindehavere i "
            "CPR-registret. Hent brevet på sagen og send det til modtageren fra jeres "
            "sagssystem eller med almindelig post, eller få familien til at rette navnet og "
            "send brevet igen fra siden Forsendelser.",
            permanent=True,
        )
    row.recipient_cpr = holder["cpr"]
    row.recipient_address = row.recipient_address or holder.get("address")


def deliver(
    row: LetterDelivery, *, now: datetime | None = None, last_attempt: bool = True
) -> LetterDelivery:
    """Send one letter. Records how it went (Digital Post or physical post) and the day it was
    delivered; on failure records the reason and raises DeliveryFailed. A failure that may pass
    leaves the letter waiting ("pending") unless this is the `last_attempt`."""
    now = now or now_utc()
    row.attempts += 1
    row.attempted_at = now
    try:
        _find_cpr(row)
        letter = letter_of(row)
        sent = digital_post.transport().send(letter, memo.build(letter))
    except digital_post.DeliveryFailed as error:
        row.status = "failed" if error.permanent or last_attempt else "pending"
        row.error = str(error)
        db.session.flush()
        raise
    row.status = "delivered"
    row.channel = sent.channel
    row.reference = sent.reference[:300]
    row.error = None
    row.delivered_at = now
    db.session.flush()
    return row


def send(message: outbox.Outgoing) -> None:
    """The "digital_post" channel's handler (portal.outbox): the letter the message names.
    A letter delivered already (the message sent again from the administrator's page after it
    went through) is not sent twice."""
    row = db.session.get(LetterDelivery, (message.payload or {}).get("letter"))
    if row is None:
        raise outbox.Undeliverable("Brevet findes ikke længere (sagen er slettet).")
    if row.status == "delivered":
        return
    try:
        deliver(row, last_attempt=message.attempts + 1 >= outbox.MAX_ATTEMPTS)
    except digital_post.DeliveryFailed as error:
        if error.permanent:
            raise outbox.Undeliverable(str(error)) from error
        raise


def waiting_message_ids() -> list[int]:
    """The outbox messages of letters not delivered and not given up."""
    return list(
        db.session.scalars(
            select(Notification.id)
            .where(
                Notification.channel == CHANNEL,
                Notification.sent_at.is_(None),
                Notification.failed_at.is_(None),
            )
            .order_by(Notification.id)
        )
    )


def register() -> None:
    outbox.register(CHANNEL, send)


def deliveries_for(case: Case) -> list[LetterDelivery]:
    return list(
        db.session.execute(
            select(LetterDelivery)
            .where(LetterDelivery.case_id == case.id)
            .order_by(LetterDelivery.id)
        ).scalars()
    )


def received_on(decision: Decision) -> date:
    """The day the family got ``decision`` (its letter's delivery), for the complaint deadline."""
    delivered = db.session.execute(
        select(LetterDelivery.delivered_at).where(
            LetterDelivery.decision_id == decision.id, LetterDelivery.status == "delivered"
        )
    ).scalars()
    return rules.received_on(
        local_date(decision.decided_at), [local_date(at) for at in delivered if at is not None]
    )


def status_text(row: LetterDelivery) -> str:
    """How the letter stands, as the caseworker reads it."""
    if row.status == "pending" and row.error:
        return gettext(rules.RETRYING_LABEL)
    text = gettext(rules.STATUS_LABELS[row.status])
    if row.channel:
        text = f"{text} ({gettext(rules.CHANNEL_LABELS[row.channel])})"
    return text


def failed(rows: Sequence[LetterDelivery]) -> list[LetterDelivery]:
    return [row for row in rows if row.status == "failed"]
