"""The accounts for an ended budget year (seed 001 "Regnskab" and Bilag 12).

Each approved budget line is bound to its purpose: "Hvis dine dokumenterede udgifter til de
enkelte budgetposter har været mindre end det, du har fået bevilget, vil du blive mødt af et
tilbagebetalingskrav jf. Serviceloven § 164", and money spent beyond a line "skal du selv
afholde" (seed 001). The portal tells the parents so, line by line, before they send the
accounts; neither is an error, because the accounts must show what was actually spent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from portal.rules import formatting
from portal.rules.findings import WARNING, Finding, make_finding
from portal.rules.i18n import _
from portal.rules.numbers import to_money
from portal.rules.sources import GUIDE

__all__ = ["AccountsCheck", "check_accounts"]

_SOURCE = f"{GUIDE}, »Regnskab« og »Tilbagebetalingskrav«; serviceloven § 164"


@dataclass(frozen=True)
class AccountsCheck:
    granted: Decimal
    spent: Decimal
    findings: tuple[Finding, ...]

    @property
    def balance(self) -> Decimal:
        """Granted minus spent ("Saldo" in Bilag 12): positive is money not used."""
        return self.granted - self.spent


def check_accounts(lines: Sequence[Mapping[str, Any]]) -> AccountsCheck:
    """Totals of the granted and the spent amounts, and advice per line where they differ.

    A line is a mapping with ``granted`` and ``spent`` (Decimal, int or str; None if not
    given). Lines without a granted amount are counted but not compared."""
    granted_total = Decimal("0.00")
    spent_total = Decimal("0.00")
    findings: list[Finding] = []
    for index, line in enumerate(lines):
        granted = to_money(line.get("granted"), "granted")
        spent = to_money(line.get("spent"), "spent")
        granted_total += granted or 0
        spent_total += spent or 0
        if granted is None or spent is None:
            continue
        if spent > granted:
            findings.append(
                make_finding(
                    "accounts.overspent",
                    WARNING,
                    f"{index}.spent",
                    _(
                        "I har brugt %(difference)s mere end bevilget på denne linje. "
                        "Merudgiften betaler I normalt selv."
                    ),
                    _SOURCE,
                    difference=formatting.money(spent - granted),
                )
            )
        elif spent < granted:
            findings.append(
                make_finding(
                    "accounts.underspent",
                    WARNING,
                    f"{index}.spent",
                    _(
                        "I har brugt %(difference)s mindre end bevilget på denne linje. "
                        "Kommunen kan bede jer betale forskellen tilbage."
                    ),
                    _SOURCE,
                    difference=formatting.money(granted - spent),
                )
            )
    return AccountsCheck(granted_total, spent_total, tuple(findings))
