"""Figures that change every year (the cap, the lost-earnings ceiling, the ATP rates), kept as
data with their source and given to the rules by the caller: the services read them from the
database at each use (portal.services.figures), where a national administrator adds each new
year's, so that every app server uses the same figures the moment one is added.

When a year has no figure the rules use the latest figure before it (or the earliest one, for
a year before all figures) and say so, because every figure is regulated on 1 January and the
next one is not yet known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from portal.rules.i18n import N_

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "YearlyFigure",
    "YearlyFigures",
    "figure_for",
    "next_year_missing",
]

# The kinds of yearly figure, each regulated every 1 January.
CAP = "cap"
LOST_EARNINGS_CEILING = "lost_earnings_ceiling"
ATP = "atp"
KINDS = (CAP, LOST_EARNINGS_CEILING, ATP)
KIND_LABELS = {
    # Bekendtgørelse § 6, stk. 2 and 5 (seed 004): kr a year for one child.
    CAP: N_("Loft over udgifter til træning (kr. om året)"),
    # Serviceloven § 42, stk. 3; Vejledningens pkt. 237 and 246 (seed 003): kr a month.
    LOST_EARNINGS_CEILING: N_("Loft over tabt arbejdsfortjeneste (kr. om måneden)"),
    # ATP-bekendtgørelsen, bilag 1 (A-sats, månedslønnede).
    ATP: N_("ATP-satser (kr. om måneden)"),
}
# The hours a month from which each ATP rate applies, highest first (ATP-bekendtgørelsen,
# bilag 1, A-sats for the monthly paid); below the last one no ATP is paid.
ATP_TIERS = ("117", "78", "39")


@dataclass(frozen=True)
class YearlyFigure:
    year: int
    amount: Decimal
    source: str
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)
    source_date: date | None = None


def figure_for(figures: Sequence[YearlyFigure], year: int) -> YearlyFigure:
    """The figure for ``year``; else the latest before it; else the earliest.

    Compare ``result.year`` with ``year`` to know whether the figure is the year's own.
    """
    before = [f for f in figures if f.year <= year]
    return before[-1] if before else figures[0]


@dataclass(frozen=True)
class YearlyFigures:
    """Every kind's figures, each sorted by year."""

    by_kind: Mapping[str, tuple[YearlyFigure, ...]]

    @classmethod
    def of(cls, items: Iterable[tuple[str, YearlyFigure]]) -> YearlyFigures:
        """From (kind, figure) pairs; every kind needs at least one figure, and one a year."""
        grouped: dict[str, list[YearlyFigure]] = {kind: [] for kind in KINDS}
        for kind, figure in items:
            if kind not in grouped:
                raise ValueError(f"unknown kind of yearly figure: {kind!r}")
            grouped[kind].append(figure)
        for kind, figures in grouped.items():
            years = [f.year for f in figures]
            if not figures or len(set(years)) != len(years):
                raise ValueError(f"{kind}: need at least one figure and one per year")
            figures.sort(key=lambda f: f.year)
        return cls(MappingProxyType({kind: tuple(f) for kind, f in grouped.items()}))

    def for_year(self, kind: str, year: int) -> YearlyFigure:
        """The kind's figure for ``year``, or the nearest one (see figure_for)."""
        return figure_for(self.by_kind[kind], year)

    def has(self, kind: str, year: int) -> bool:
        return any(figure.year == year for figure in self.by_kind[kind])


def next_year_missing(figures: YearlyFigures, today: date) -> tuple[int, tuple[str, ...]]:
    """From 1 December, the kinds with no figure yet for next year, which every family's
    budget and estimate for that year will need from 1 January: (next year, those kinds).
    Before 1 December nothing is missing yet (the figures are published in the autumn)."""
    year = today.year + 1
    if today.month < 12:
        return year, ()
    return year, tuple(kind for kind in KINDS if not figures.has(kind, year))
