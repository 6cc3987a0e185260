"""Letters to the holders of custody as Digital Post.

A decision, hearing or repayment letter becomes one `LetterDelivery` row per holder of custody,
written in the same transaction as the decision or hearing (`queue_*`), and is delivered
afterwards (`deliver`, run by `flask digital-post send`), never inside the web request. A
letter that fails stays failed with its reason: the decision stays recorded and the case stays
decided (issue 18: "a failed letter never closes a case").

Operations flush, never commit; the caller commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from portal import digital_post
from portal.digital_post import memo
from portal.dossier import decision_letter, hearing_letter, repayment_letter
from portal.extensions import db
from portal.i18n import gettext, in_danish
from portal.models import Case, Decision, Hearing, LetterDelivery
from portal.rules import letters as rules
from portal.timeutil import local_date, now_utc

__all__ = [
    "deliver",
    "deliver_pending",
    "deliveries_for",
    "pending",
    "queue_decision",
    "queue_hearing",
    "received_on",
]


def custody_holders(case: Case) -> list[tuple[str, str | None]]:
    """Who the letter goes to: each adult with custody named in the request, with their CPR
    number where the request holds it; a request about an approved training (a budget, a
    change) names the family of the training's application; else the parent who sent it."""
    source = case
    while source.related_case is not None and "familien" not in (source.application or {}):
        source = source.related_case
    adults = ((source.application or {}).get("familien") or {}).get("adults") or []
    holders = [
        (a["name"].strip(), (a.get("cpr") or "").replace("-", "").strip() or None)
        for a in adults
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()
        if a.get("custody") in (None, "ja")
    ]
    return holders or [(case.parent.name, None)]


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
    for name, cpr in custody_holders(case):
        row = LetterDelivery(
            case_id=case.id,
            kind=kind,
            decision_id=decision.id if decision is not None else None,
            hearing_id=hearing.id if hearing is not None else None,
            title=title[:200],
            filename=filename[:200],
            document=document,
            recipient_name=name[:200],
            recipient_cpr=cpr,
            status="pending",
            message_uuid=str(uuid.uuid4()),
            attempts=0,
            created_at=now,
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


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
    )


def deliver(row: LetterDelivery, *, now: datetime | None = None) -> LetterDelivery:
    """Send one letter. Records how it went (Digital Post or physical post) and the day it was
    delivered; on failure records the reason and raises DeliveryFailed."""
    now = now or now_utc()
    row.attempts += 1
    row.attempted_at = now
    try:
        letter = letter_of(row)
        sent = digital_post.transport().send(letter, memo.build(letter))
    except digital_post.DeliveryFailed as error:
        row.status = "failed"
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


def pending() -> list[LetterDelivery]:
    return list(
        db.session.execute(
            select(LetterDelivery)
            .where(LetterDelivery.status == "pending")
            .order_by(LetterDelivery.id)
        ).scalars()
    )


def deliver_pending(*, now: datetime | None = None) -> tuple[int, int]:
    """Deliver every pending letter, each in its own transaction; (delivered, failed). A
    letter another process is sending at the same moment is locked and skipped (PostgreSQL),
    so two runs never send the same letter twice."""
    delivered = failed = 0
    ids = list(
        db.session.execute(
            select(LetterDelivery.id)
            .where(LetterDelivery.status == "pending")
            .order_by(LetterDelivery.id)
        ).scalars()
    )
    for row_id in ids:
        row = db.session.execute(
            select(LetterDelivery)
            .where(LetterDelivery.id == row_id, LetterDelivery.status == "pending")
            .with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        if row is None:
            db.session.rollback()
            continue
        try:
            deliver(row, now=now)
            delivered += 1
        except digital_post.DeliveryFailed:
            failed += 1
        db.session.commit()
    return delivered, failed


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
    text = gettext(rules.STATUS_LABELS[row.status])
    if row.channel:
        text = f"{text} ({gettext(rules.CHANNEL_LABELS[row.channel])})"
    return text


def failed(rows: Sequence[LetterDelivery]) -> list[LetterDelivery]:
    return [row for row in rows if row.status == "failed"]
