"""A training's granted budget lines of this year, for the changes a family reports about
them (helper hours, moving money between lines)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.models import Case
from portal.timeutil import today_local
from tests.support import decisions, journey, tracking


def granted_year(training: Case, *, on: date | None = None) -> Case:
    """This year's budget for the training, granted in full (today, or at noon `on`): a
    helper line of 30.000 kr. and a line for equipment of 5.000 kr."""
    answers = tracking.request_answers("annual_budget")
    budget = {**answers["budget"], **decisions.lines(2, amount="5000"), "year": today_local().year}
    budget.update(
        journey.prefixed(
            "lines-0",
            {
                "category": "helper",
                "description": "Hjælpetræner til balancetræning",
                "quantity": "",
                "hours_per_week": "4",
                "amount": "30000",
                "helper_goals": "Mål 1: to voksne ved øvelserne på balancebrættet.",
                "helper_family": "nej",
            },
        )
    )
    answers["budget"] = budget
    amounts = [Decimal("30000"), Decimal("5000")]
    return decisions.granted_in_full(training, answers, amounts, on=on)


def helper_key(budget: Case) -> str:
    return f"Hjælpetræner til balancetræning – sag {budget.number}, linje 1"


def equipment_key(budget: Case) -> str:
    return f"Træningsredskab nr. 2 – sag {budget.number}, linje 2"
