"""What happens to a case on its way to a decision: questions to the family and notices of
delay. Both are kept for good, so the family and the municipality can see what was asked,
answered and promised, and when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.case import Case
from portal.models.types import UTCDateTime, utcnow


class InformationRequest(db.Model):
    """The caseworker's question to the family, and the family's answer."""

    __tablename__ = "information_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    # When the caseworker would like the answer; the family may answer later.
    answer_by: Mapped[date | None] = mapped_column(Date)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Names are kept as they were at the time.
    asked_by_name: Mapped[str] = mapped_column(String(200))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_name: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="information_requests")

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class DelayNotice(db.Model):
    """The municipality's written notice that it cannot decide by the deadline: the new date
    the family can expect a decision, and why (Retssikkerhedsloven § 3, seed 000)."""

    __tablename__ = "delay_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    new_expected_date: Mapped[date] = mapped_column(Date)
    # The date the family had been given before this notice (the deadline or an earlier notice).
    previous_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="delay_notices")
