from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UTCDateTime, new_public_id, utcnow

if TYPE_CHECKING:
    from portal.models.case import Case, Decision
    from portal.models.hearing import Hearing


class Complaint(db.Model):
    """A complaint the municipality received, and everything that came of it.

    About a decision (kind "decision"): the reasons and files, whether it came within the
    4 weeks (judged on the day it arrived), the reconsideration's deadline, then either the new
    decision or the day it was forwarded to Ankestyrelsen, and Ankestyrelsen's answer with its
    date. About the handling time (kind "handling_time"): the family's text and the
    municipality's written answer. Names are kept as they were at the time."""

    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    # portal.rules.complaints.KINDS
    kind: Mapped[str] = mapped_column(String(20))
    # The decision complained about; one complaint per decision (a new decision after a
    # complaint can be complained about in its turn).
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), unique=True
    )
    # portal.rules.complaints.CHANNELS
    channel: Mapped[str] = mapped_column(String(10))
    received_on: Mapped[date] = mapped_column(Date)
    reasons: Mapped[str] = mapped_column(Text)
    # "parent" or "staff": who wrote it into the portal.
    recorded_by_kind: Mapped[str] = mapped_column(String(10))
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Received after the 4 weeks (Retssikkerhedsloven § 67), as judged the day it arrived.
    late: Mapped[bool] = mapped_column(default=False)
    # The reconsideration's deadline (the municipality's reconsideration period).
    reconsider_by: Mapped[date | None] = mapped_column(Date)
    # "changed" (a new decision) or "forwarded" (upheld, sent to Ankestyrelsen).
    outcome: Mapped[str | None] = mapped_column(String(10))
    reconsidered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reconsidered_by_name: Mapped[str | None] = mapped_column(String(200))
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    forward_note: Mapped[str | None] = mapped_column(Text)
    # portal.rules.complaints.RESULTS, the day Ankestyrelsen decided, and the caseworker's note.
    result: Mapped[str | None] = mapped_column(String(10))
    result_on: Mapped[date | None] = mapped_column(Date)
    result_note: Mapped[str | None] = mapped_column(Text)
    result_recorded_by_name: Mapped[str | None] = mapped_column(String(200))
    # The case sent back: its new handling time from the day it came back, and the old one.
    previous_due_date: Mapped[date | None] = mapped_column(Date)
    new_due_date: Mapped[date | None] = mapped_column(Date)
    # The decision that replaced the one complained about (on reconsideration, or after
    # Ankestyrelsen changed it).
    new_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    # The hearing (partshøring) on new information before the reconsideration, if any.
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"))
    # The municipality's written answer to a complaint about the handling time.
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_name: Mapped[str | None] = mapped_column(String(200))

    case: Mapped[Case] = relationship()
    decision: Mapped[Decision | None] = relationship(foreign_keys=[decision_id])
    new_decision: Mapped[Decision | None] = relationship(foreign_keys=[new_decision_id])
    hearing: Mapped[Hearing | None] = relationship()

    @property
    def in_reconsideration(self) -> bool:
        return self.kind == "decision" and self.outcome is None

    @property
    def awaits_ankestyrelsen(self) -> bool:
        return self.outcome == "forwarded" and self.result is None

    @property
    def awaits_changed_decision(self) -> bool:
        """Ankestyrelsen changed the decision, and the caseworker has yet to write it."""
        return self.result == "changed" and self.new_decision_id is None

    @property
    def is_open(self) -> bool:
        if self.kind == "handling_time":
            return self.answered_at is None
        return self.in_reconsideration or self.awaits_ankestyrelsen or self.awaits_changed_decision
