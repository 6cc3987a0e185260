"""Accounts sent for last year's budget, through the portal's own submission: the training is
granted a budget of two lines for the year, and the ledger spends what the test says."""

from __future__ import annotations

from collections.abc import Sequence

from portal.models import Case
from portal.timeutil import today_local
from tests.support import decisions, journey, tracking

YEAR = today_local().year - 1


def sent_accounts(
    family: tracking.ApprovedFamily, spent: Sequence[str], granted: str = "1000"
) -> Case:
    """Accounts with one payment per granted line of `spent` kr. (the budget's two lines of
    `granted` kr. each), received today."""
    budget = decisions.granted_budget(family.training, granted, YEAR)
    answers = tracking.request_answers("accounts")
    ledger = {"year": str(YEAR)}
    for position, amount in enumerate(spent):
        ledger.update(
            journey.prefixed(
                f"entries-{position}",
                {
                    "line": f"{budget.number}:{position}",
                    "kind": "expense",
                    "paid_on": f"1.6.{YEAR}",
                    "what": f"Redskab {position + 1}",
                    "amount": amount,
                    "receipt": "",
                },
            )
        )
    answers["regnskab"] = ledger
    return accounts_without_grants(family, answers)


def accounts_without_grants(family: tracking.ApprovedFamily, answers=None) -> Case:
    """Accounts received today; by default for a year the training was granted nothing."""
    return tracking.submitted_case(
        family.parent,
        family.municipality,
        received=today_local(),
        case_type="accounts",
        related=family.training,
        answers=answers,
    )
