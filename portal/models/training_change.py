"""The end or change of an approved home training: the family's own notice, or the
municipality's proposal, heard by the family and decided on its own case.

The training is the approved application (`training`); the decision that ends or changes it is
made on a case of its own (`case`, request type "training_ending" or "training_change"), so
that it has a handling time, a history, a letter and a complaint like every other decision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.case import Case
from portal.models.hearing import Hearing
from portal.models.types import UTCDateTime, new_public_id, utcnow
from portal.rules.training import last_day


class TrainingChange(db.Model):
    __tablename__ = "training_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    training_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), unique=True
    )
    # "family" (their own notice) or "municipality" (on its own motion).
    initiated_by: Mapped[str] = mapped_column(String(20))
    # portal.rules.training.CHANGE_KINDS: "adjust", "reduce", "end".
    kind: Mapped[str] = mapped_column(String(20))
    # The first day the change applies; for an end, the first day without home training (the
    # last day of training is the day before). The municipality's decision may set another.
    effective_on: Mapped[date] = mapped_column(Date)
    # The family's reason, or the municipality's proposal and its reasons, as the family reads it.
    reason: Mapped[str] = mapped_column(Text)
    # The family's thoughts on what the child needs instead (001: "Familierådgivningen vil gå i
    # dialog med jer om, hvilket tilbud jeres barn i stedet skal have").
    needs_instead: Mapped[str | None] = mapped_column(Text)
    # What the municipality's proposal rests on, e.g. a supervision report's recommendation.
    basis: Mapped[str | None] = mapped_column(Text)
    # An adjustment agreed with the family needs no hearing (portal.rules.training.needs_hearing).
    by_agreement: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    # The day the decision made it take effect; None until decided.
    decided_effective_on: Mapped[date | None] = mapped_column(Date)
    # The family's hearing on the municipality's proposal; none for the family's own notice
    # or an adjustment agreed with the family.
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id", ondelete="SET NULL"))

    training: Mapped[Case] = relationship(foreign_keys=[training_id])
    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    hearing: Mapped[Hearing | None] = relationship()

    @property
    def last_day(self) -> date:
        """The last day of training when the change ends it."""
        return last_day(self.decided_effective_on or self.effective_on)
