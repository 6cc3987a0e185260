from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UTCDateTime, new_public_id, utcnow

if TYPE_CHECKING:
    from portal.models.attachment import Attachment
    from portal.models.case import Case


class Hearing(db.Model):
    """A written hearing (partshøring): what the municipality proposes, as the family reads it,
    the last day to answer, and the family's answer with its files (Attachment.hearing_id).

    The step that needs the hearing (a supervision report, a repayment claim, an ending)
    points to it; the text is kept as it was sent, whatever changes later."""

    __tablename__ = "hearing"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    # The case the family is heard on: for supervision and ending, the approved training.
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    # portal.rules.hearings.KINDS
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(Text)
    answer_by: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Names are kept as they were at the time.
    sent_by_name: Mapped[str] = mapped_column(String(200))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_name: Mapped[str | None] = mapped_column(String(200))

    case: Mapped[Case] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        order_by="Attachment.id", viewonly=True, lazy="selectin"
    )

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
