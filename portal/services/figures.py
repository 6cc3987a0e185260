"""The yearly figures every municipality uses (the cap, the lost-earnings ceiling, the ATP
rates): read for the rules at each use, and added by a national administrator or by
`flask figures add`, each addition recorded in the administrators' history.

The table is small (a few rows a year) and read per use, so every app server gives the rules
the figures as they are in the database the moment one is added: there is no copy to go
stale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.models import StaffUser
from portal.models import YearlyFigure as FigureRow
from portal.rules import yearly
from portal.services import admin_history

__all__ = [
    "FigureInput",
    "Shown",
    "add",
    "current",
    "listing",
    "next_year_missing",
    "shown",
    "shown_row",
]


def _figure(row: FigureRow) -> yearly.YearlyFigure:
    return yearly.YearlyFigure(
        year=row.year,
        amount=row.amount if row.amount is not None else Decimal(0),
        source=row.source,
        extra=dict(row.data or {}),
        source_date=row.source_date,
    )


def listing() -> list[FigureRow]:
    """Every figure, by kind and newest year first, for the figures page."""
    rows = db.session.scalars(select(FigureRow).order_by(FigureRow.year.desc(), FigureRow.id))
    order = {kind: index for index, kind in enumerate(yearly.KINDS)}
    return sorted(rows, key=lambda row: order.get(row.kind, len(order)))


def current() -> yearly.YearlyFigures:
    """The figures as the database holds them now, for the rules."""
    rows = db.session.execute(select(FigureRow)).scalars()
    return yearly.YearlyFigures.of((row.kind, _figure(row)) for row in rows)


def next_year_missing(today: date) -> tuple[int, tuple[str, ...]]:
    """From 1 December: next year, and the kinds of figure it has none of yet."""
    return yearly.next_year_missing(current(), today)


@dataclass(frozen=True)
class FigureInput:
    kind: str
    year: int
    source: str
    source_date: date | None
    # The cap or the ceiling; None for the ATP rates.
    amount: Decimal | None = None
    # The ATP rates: {"117": (recipient, municipality), "78": ..., "39": ...} a month.
    atp: Mapping[str, tuple[Decimal, Decimal]] | None = None


def _data(given: FigureInput) -> dict[str, Any]:
    if given.kind != yearly.ATP:
        return {}
    tiers = [
        {
            "min_hours_per_month": hours,
            "recipient": str(given.atp[hours][0]),
            "municipality": str(given.atp[hours][1]),
        }
        for hours in yearly.ATP_TIERS
    ]
    # Below the last tier no ATP is paid (ATP-bekendtgørelsen, bilag 1).
    tiers.append({"min_hours_per_month": "0", "recipient": "0.00", "municipality": "0.00"})
    return {"tiers": tiers}


def _recorded(row: FigureRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "amount": str(row.amount) if row.amount is not None else None,
        **({"tiers": row.data["tiers"]} if row.data.get("tiers") else {}),
        "source": row.source,
        "source_date": row.source_date.isoformat() if row.source_date else None,
    }


@dataclass(frozen=True)
class Shown:
    """A figure as a page writes it: the amount, or the ATP rates per tier as (hours a
    month from, the recipient's share, the municipality's share); the source and its date."""

    amount: Decimal | None
    tiers: tuple[tuple[str, Decimal, Decimal], ...]
    source: str
    source_date: date | None


def shown(value: Mapping[str, Any]) -> Shown:
    """A row's values or a recorded value (the history's before and after), typed."""
    tiers = tuple(
        (tier["min_hours_per_month"], Decimal(tier["recipient"]), Decimal(tier["municipality"]))
        for tier in value.get("tiers") or ()
        if tier["min_hours_per_month"] != "0"
    )
    amount, source_date = value.get("amount"), value.get("source_date")
    return Shown(
        amount=Decimal(amount) if amount is not None else None,
        tiers=tiers,
        source=value.get("source") or "",
        source_date=date.fromisoformat(source_date) if source_date else None,
    )


def shown_row(row: FigureRow) -> Shown:
    return shown(_recorded(row))


def add(given: FigureInput, *, by: StaffUser | None, by_name: str | None = None) -> FigureRow:
    """Add the year's figure of a kind, or replace the one there is (a correction): the
    history keeps the one replaced. Flushes; the caller commits."""
    if given.kind not in yearly.KINDS:
        raise ValueError(f"unknown kind of yearly figure: {given.kind!r}")
    if (given.kind == yearly.ATP) != (given.atp is not None) or (
        (given.kind != yearly.ATP) != (given.amount is not None)
    ):
        raise ValueError("the ATP rates take tiers, the other figures one amount")
    row = db.session.execute(
        select(FigureRow).where(FigureRow.kind == given.kind, FigureRow.year == given.year)
    ).scalar_one_or_none()
    before = _recorded(row)
    if row is None:
        row = FigureRow(kind=given.kind, year=given.year)
        db.session.add(row)
    row.amount = given.amount
    row.data = _data(given)
    row.source = given.source
    row.source_date = given.source_date
    row.added_by = by.name if by is not None else (by_name or "server")
    db.session.flush()
    admin_history.record(
        "figures", f"{given.kind}.{given.year}", before, _recorded(row), by=by, by_name=by_name
    )
    return row
