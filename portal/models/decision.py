"""The municipality's decision on a case: one per case, with its reasons and the complaint
guidance every decision must carry (forvaltningsloven §§ 24-25, seeds 000 and 003), the
decision on each budget line, and the next supervision visits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.case import Case
from portal.models.types import UTCDateTime, utcnow


def to_ore(amount: Decimal) -> int:
    """Kroner (Decimal, whole øre) as an integer number of øre: exact on every database."""
    return int(amount.scaleb(2).to_integral_exact())


def from_ore(ore: int) -> Decimal:
    return Decimal(ore).scaleb(-2)


class Decision(db.Model):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One decision per case: a second caseworker deciding at the same moment is refused here.
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), unique=True
    )
    # portal.rules.case_status.OUTCOMES: "approved", "partly_approved", "refused".
    outcome: Mapped[str] = mapped_column(String(20))
    # The decision and its reasons, as the family reads them.
    text: Mapped[str] = mapped_column(Text)
    complaint_guidance: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The budget year and the cap the approved expenses were checked against, as they were on
    # the day (Bekendtgørelse § 6, stk. 2): the letter reads the same however often it is
    # made, also after the next year's cap is added. None when the request had no budget.
    budget_year: Mapped[int | None] = mapped_column()
    cap_ore: Mapped[int | None] = mapped_column(BigInteger)
    cap_year: Mapped[int | None] = mapped_column()
    # The next supervision visits, which the decision must name (Bekendtgørelse § 4, stk. 1:
    # twice a year; seed 001: "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen").
    next_supervision: Mapped[date | None] = mapped_column(Date)
    second_supervision: Mapped[date | None] = mapped_column(Date)
    # The decision letter (.docx) as it was made when the decision was recorded: the letter
    # the family received is the letter on file, whatever changes in the portal later.
    # Deferred: only a download reads it.
    letter: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    letter_sha256: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="decision")
    lines: Mapped[list[DecisionLine]] = relationship(
        back_populates="decision",
        cascade="all, delete-orphan",
        order_by="DecisionLine.line_index",
        passive_deletes=True,
    )

    @property
    def cap(self) -> Decimal | None:
        return None if self.cap_ore is None else from_ore(self.cap_ore)

    @property
    def requested_total(self) -> Decimal:
        return from_ore(sum(line.requested_ore for line in self.lines))

    @property
    def approved_total(self) -> Decimal:
        return from_ore(sum(line.approved_ore for line in self.lines))


class DecisionLine(db.Model):
    """The decision on one budget line: how much of what was asked is granted, and why not
    all of it ("begrundelse for alle bevilligede og ikke-bevilligede udgiftsposter", seed 001).
    The line's description and requested amount are kept as they were decided on."""

    __tablename__ = "decision_line"
    __table_args__ = (
        UniqueConstraint("decision_id", "line_index"),
        CheckConstraint(
            "approved_ore >= 0 AND approved_ore <= requested_ore", name="approved_within_request"
        ),
        CheckConstraint("NOT refused OR approved_ore = 0", name="refused_grants_nothing"),
        CheckConstraint(
            "approved_ore = requested_ore OR reason IS NOT NULL", name="reason_unless_in_full"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found through the unique (decision_id, line_index), which needs no index of its own.
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"))
    # The line's place in the request's budget (0-based), as portal.rules.budget numbers it.
    line_index: Mapped[int] = mapped_column()
    # portal.rules.budget.CATEGORIES
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    # Amounts in øre: exact on SQLite as on PostgreSQL.
    requested_ore: Mapped[int] = mapped_column(BigInteger)
    approved_ore: Mapped[int] = mapped_column(BigInteger)
    refused: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="lines")

    @property
    def requested(self) -> Decimal:
        return from_ore(self.requested_ore)

    @property
    def approved(self) -> Decimal:
        return from_ore(self.approved_ore)

    @property
    def in_full(self) -> bool:
        return not self.refused and self.approved_ore >= self.requested_ore
