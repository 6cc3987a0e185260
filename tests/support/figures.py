"""The yearly figures the portal was shipped with (portal/rules/data/, the seed of the
migration that made the table), for the rules' own tests, which have no database. The portal
itself reads them from the table (portal.services.figures)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from portal.rules import yearly

DATA = Path(__file__).resolve().parents[2] / "portal" / "rules" / "data"
FILES = {
    yearly.CAP: "caps.json",
    yearly.LOST_EARNINGS_CEILING: "lost_earnings_ceilings.json",
    yearly.ATP: "atp_rates.json",
}


def shipped_items(kind: str) -> list[yearly.YearlyFigure]:
    document = json.loads((DATA / FILES[kind]).read_text(encoding="utf-8"))
    return [
        yearly.YearlyFigure(
            year=int(item["year"]),
            amount=Decimal(item.get("amount", "0")),
            source=item["source"],
            extra={"tiers": item["tiers"]} if "tiers" in item else {},
        )
        for item in document["figures"]
    ]


SHIPPED = yearly.YearlyFigures.of(
    (kind, figure) for kind in yearly.KINDS for figure in shipped_items(kind)
)
