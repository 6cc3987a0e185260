from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import SealedText, UTCDateTime, new_public_id, utcnow

if TYPE_CHECKING:
    from portal.models.case import Case


class LetterDelivery(db.Model):
    """One letter (a decision, a hearing, a repayment claim) on its way to one holder of
    custody as Digital Post, or as physical post when the holder is exempt.

    Written in the same transaction as the decision or hearing that makes the letter, and
    delivered afterwards (portal.services.letters.deliver): the decision stands whatever
    happens to its letter. ``delivered_at`` is the day the letter reached the family, which the
    complaint deadline counts from."""

    __tablename__ = "letter_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    # portal.rules.letters.KINDS: "decision", "hearing", "repayment".
    kind: Mapped[str] = mapped_column(String(20))
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    hearing_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearing.id", ondelete="CASCADE"), index=True
    )
    # The letter's title as the family sees it in their Digital Post inbox.
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    # The letter as it was made (a .docx): what is sent is what is on file.
    document: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    recipient_name: Mapped[str] = mapped_column(String(200))
    # The holder of custody's CPR number, needed to address Digital Post, sealed at rest
    # (portal.crypto); None when the portal does not know it (the letter then fails with that
    # reason and what the caseworker can do).
    recipient_cpr: Mapped[str | None] = mapped_column(SealedText)
    # Where a letter on paper goes ("Kirkegade 14, 1. tv., 6700 Esbjerg"), from the CPR
    # register; never kept for a person with address protection (portal.registers).
    recipient_address: Mapped[str | None] = mapped_column(String(300))
    # portal.rules.letters.STATUSES: "pending", "delivered", "failed".
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # portal.rules.letters.CHANNELS once sent: "digital" or "physical".
    channel: Mapped[str | None] = mapped_column(String(20))
    # The MeMo message's UUID and the transport's own reference (Serviceplatformen's
    # transaction id, or the file written).
    message_uuid: Mapped[str] = mapped_column(String(36))
    reference: Mapped[str | None] = mapped_column(String(300))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
