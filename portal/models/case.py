from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.draft import Draft
from portal.models.municipality import Municipality, StaffUser
from portal.models.parent import Parent
from portal.models.types import JSONDocument, UTCDateTime, new_public_id, utcnow

if TYPE_CHECKING:
    from portal.models.decision import Decision
    from portal.models.tracking import DelayNotice, InformationRequest


class Case(db.Model):
    """A submitted request. `application` is the submitted answers, typed and frozen."""

    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_municipality_due", "municipality_id", "due_date"),
        Index("ix_case_municipality_status", "municipality_id", "status"),
        # The caseworker's list sorted by receipt or by case number reads a page straight
        # from these, however many cases the municipality has (portal.services.workspace).
        Index("ix_case_municipality_received", "municipality_id", "received_at"),
        Index("ix_case_municipality_number", "municipality_id", "number"),
        # "Mine" and a colleague's cases, by deadline.
        Index("ix_case_assigned_due", "assigned_to_id", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), unique=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    case_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(30), default="received")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The statutory or municipal deadline for the decision, fixed at receipt.
    due_date: Mapped[date] = mapped_column(Date)
    child_name: Mapped[str] = mapped_column(String(200))
    child_cpr: Mapped[str] = mapped_column(String(10))
    child_birth_date: Mapped[date] = mapped_column(Date)
    application: Mapped[dict] = mapped_column(JSONDocument)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A request about an existing home training (a new method, a budget, accounts ...) belongs
    # to the case that approved it; a new application has none.
    related_case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    # The date the municipality has told the family in writing to expect a decision, when it
    # cannot keep the deadline (the latest notice of delay; Retssikkerhedsloven § 3).
    expected_date: Mapped[date | None] = mapped_column(Date)

    parent: Mapped[Parent] = relationship()
    draft: Mapped[Draft] = relationship(foreign_keys=[draft_id])
    municipality: Mapped[Municipality] = relationship()
    assigned_to: Mapped[StaffUser | None] = relationship()
    related_case: Mapped[Case | None] = relationship(remote_side=[id])
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )
    information_requests: Mapped[list[InformationRequest]] = relationship(
        back_populates="case", order_by="InformationRequest.id", passive_deletes=True
    )
    delay_notices: Mapped[list[DelayNotice]] = relationship(
        back_populates="case", order_by="DelayNotice.id", passive_deletes=True
    )
    decision: Mapped[Decision | None] = relationship(back_populates="case", passive_deletes=True)

    @property
    def expected_decision_date(self) -> date:
        """The date the decision is expected: the deadline, or the later date the municipality
        has given notice of."""
        return max(self.due_date, self.expected_date or self.due_date)


class CaseEvent(db.Model):
    """The case's history: who did what, when, and why."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    # "parent", "staff" or "system"; the name is kept as it was at the time.
    actor_kind: Mapped[str] = mapped_column(String(10))
    actor_name: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="events")


class CaseNumberCounter(db.Model):
    """The last case number given out per year (HT-2026-000123)."""

    __tablename__ = "case_number_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)
