"""Figures that change every year (caps, ceilings, rates), kept as data with their source.

The JSON files in ``portal/rules/data/`` are read lazily, once. When a year has no figure the
rules use the latest figure before it (or the earliest one, for a year before all figures) and
say so, because every figure is regulated on 1 January and the next one is not yet known.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

__all__ = ["YearlyFigure", "figure_for", "load_figures"]


@dataclass(frozen=True)
class YearlyFigure:
    year: int
    amount: Decimal
    source: str
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False)


@cache
def _read(name: str) -> Mapping[str, Any]:
    return json.loads(
        files("portal.rules").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )


@cache
def load_figures(name: str) -> tuple[YearlyFigure, ...]:
    """The figures of ``data/<name>``, sorted by year."""
    figures = []
    for item in _read(name)["figures"]:
        extra = {k: v for k, v in item.items() if k not in ("year", "amount", "source")}
        figures.append(
            YearlyFigure(
                year=int(item["year"]),
                amount=Decimal(item.get("amount", "0")),
                source=item["source"],
                extra=MappingProxyType(extra),
            )
        )
    figures.sort(key=lambda f: f.year)
    years = [f.year for f in figures]
    if not figures or len(set(years)) != len(years):
        raise ValueError(f"{name}: need at least one figure and one per year")
    return tuple(figures)


def figure_for(figures: Sequence[YearlyFigure], year: int) -> YearlyFigure:
    """The figure for ``year``; else the latest before it; else the earliest.

    Compare ``result.year`` with ``year`` to know whether the figure is the year's own.
    """
    before = [f for f in figures if f.year <= year]
    return before[-1] if before else figures[0]
