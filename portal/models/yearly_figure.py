"""The figures that change every year and are the same for every municipality: the cap on
training expenses, the lost-earnings ceiling and the ATP rates (portal.rules.yearly), each
with the text and date of its source. The migration seeds them from portal/rules/data/; a
national administrator adds each new year's (portal.services.figures)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import JSONDocument, UTCDateTime, utcnow


class YearlyFigure(db.Model):
    __tablename__ = "yearly_figure"
    __table_args__ = (UniqueConstraint("kind", "year", name="uq_yearly_figure_kind_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "cap", "lost_earnings_ceiling" or "atp" (portal.rules.yearly.KINDS).
    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int]
    # The amount in kr (the cap a year, the ceiling a month); None for the ATP rates,
    # whose amounts are in `data`.
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # What a figure holds beyond one amount: the ATP rates' tiers.
    data: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    source: Mapped[str] = mapped_column(Text)
    # The date of the source (the order or guidance); None for the figures the portal was
    # shipped with, whose sources name only the year.
    source_date: Mapped[date | None] = mapped_column(Date)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
