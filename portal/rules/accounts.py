"""The accounts for an ended budget year (seed 001 "Regnskab", "Tilbagebetalingskrav" and
Bilag 12), and the repayment claim that follows from them.

The family keeps a dated ledger: each payment on its own row, under the budget line it belongs
to, with its receipt (Bilag 12: "I kolonne A i skemaet skriver man datoen ind for en udgift ...
Beløbet tilføjes under den kolonne, hvor udgiften hører under"). The portal sums the ledger per
granted line. Each approved line is bound to its purpose: "Hvis dine dokumenterede udgifter til
de enkelte budgetposter har været mindre end det, du har fået bevilget, vil du blive mødt af et
tilbagebetalingskrav jf. Serviceloven § 164", and money spent beyond a line "skal du selv
afholde merudgiften" (seed 001). The portal tells the parents so, line by line, before they
send the accounts; neither is an error, because the accounts must show what was actually spent.

The caseworker then approves the documented spending per line; the underspend (granted minus
approved, when positive) is the proposed claim, which the family is heard on before anything is
decided: "Før der træffes afgørelse om tilbagebetaling, vil du blive partshørt" (seed 001).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from portal.rules import formatting
from portal.rules.findings import ERROR, NOTE, WARNING, Finding, make_finding
from portal.rules.i18n import N_, _
from portal.rules.numbers import to_money
from portal.rules.sources import GUIDE

__all__ = [
    "OUTCOME_LABELS",
    "ENTRY_KINDS",
    "ENTRY_KIND_LABELS",
    "AccountsCheck",
    "GrantedLine",
    "LineReview",
    "LineSum",
    "accounts_year",
    "check_accounts",
    "check_review",
    "claim_total",
    "decision_waits",
    "review_after_hearing",
]

_SOURCE = f"{GUIDE}, »Regnskab« og »Tilbagebetalingskrav«; serviceloven § 164"
_LEDGER_SOURCE = f"{GUIDE}, bilag 12, skabelon til regnskab"

# Bilag 12's columns: the expense itself, "Evt. løn til hjælpere", and "ATP/AER/-feriepenge",
# which are paid the year after and still count in the year.
ENTRY_KINDS: tuple[str, ...] = ("expense", "helper_wage", "pension")
# The decision on accounts says what it means for the family: approved as they stand, or a
# claim to pay back what was not spent ("tilbagebetalingskrav jf. Serviceloven § 164", seed
# 001), never "bevilget", which would read as if money were granted.
OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "accounts_approved": N_("Regnskabet er godkendt"),
        "repayment": N_("Krav om tilbagebetaling"),
    }
)

ENTRY_KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "expense": N_("Udgift"),
        "helper_wage": N_("Løn til hjælpere"),
        "pension": N_("ATP, AER og feriepenge til hjælpere"),
    }
)


@dataclass(frozen=True)
class GrantedLine:
    """A budget line granted for the year: which decision line it is (``key``, the case
    number and the line's place in it), as the decision described it."""

    key: str
    category: str
    description: str
    granted: Decimal
    year: int
    reference: str


@dataclass(frozen=True)
class LineSum:
    """A granted line and what the ledger says was spent on it."""

    line: GrantedLine
    spent: Decimal
    entries: int

    @property
    def underspent(self) -> Decimal:
        return max(self.line.granted - self.spent, Decimal("0.00"))

    @property
    def overspent(self) -> Decimal:
        return max(self.spent - self.line.granted, Decimal("0.00"))


@dataclass(frozen=True)
class AccountsCheck:
    year: int
    lines: tuple[LineSum, ...]
    findings: tuple[Finding, ...]

    @property
    def granted(self) -> Decimal:
        return sum((s.line.granted for s in self.lines), Decimal("0.00"))

    @property
    def spent(self) -> Decimal:
        return sum((s.spent for s in self.lines), Decimal("0.00"))

    @property
    def balance(self) -> Decimal:
        """Granted minus spent ("Saldo" in Bilag 12): positive is money not used."""
        return self.granted - self.spent

    @property
    def underspent(self) -> Decimal:
        return sum((s.underspent for s in self.lines), Decimal("0.00"))

    @property
    def overspent(self) -> Decimal:
        return sum((s.overspent for s in self.lines), Decimal("0.00"))


def accounts_year(today: date, *, training_ended: date | None = None) -> int:
    """The budget year the accounts are for: the year that ended ("Senest 8 uger efter endt
    budgetår eller senest d. 28.02.XX", seed 001), or the year a training ended during it."""
    if training_ended is not None and training_ended.year == today.year:
        return today.year
    return today.year - 1


def check_accounts(
    year: int,
    lines: Sequence[GrantedLine],
    entries: Sequence[Mapping[str, Any]],
) -> AccountsCheck:
    """The ledger summed per granted line, and advice per line and per entry.

    An entry is a mapping with ``line`` (a GrantedLine key), ``kind``, ``paid_on`` (date),
    ``amount`` and ``receipt`` (an attachment's id, or empty). Entries whose line or amount
    cannot be read are not counted; the form says what is missing."""
    spent = {line.key: Decimal("0.00") for line in lines}
    counted = dict.fromkeys(spent, 0)
    categories = {line.key: line.category for line in lines}
    findings: list[Finding] = []
    for index, entry in enumerate(entries):
        key = entry.get("line")
        amount = to_money(entry.get("amount"), "amount")
        if not key:
            continue
        if key not in spent:
            findings.append(
                make_finding(
                    "accounts.unknown_line",
                    ERROR,
                    f"{index}.line",
                    _("Vælg en af de bevilgede budgetlinjer"),
                    _SOURCE,
                )
            )
            continue
        if amount is None:
            continue
        spent[key] += amount
        counted[key] += 1
        findings += _entry_advice(index, entry, year, categories[key])
    sums = tuple(LineSum(line, spent[line.key], counted[line.key]) for line in lines)
    for position, line_sum in enumerate(sums):
        findings += _line_advice(position, line_sum)
    return AccountsCheck(year, sums, tuple(findings))


def _entry_advice(index: int, entry: Mapping[str, Any], year: int, category: str) -> list:
    found = []
    paid_on = entry.get("paid_on")
    kind = entry.get("kind") or "expense"
    # Bilag 12: "Skat og ATP, AER bliver betalt forskudt og derfor først bliver betalt i det
    # næste år ... men de skal stadig tælle med som udgifter i det forgangne år."
    late_allowed = kind == "pension" and isinstance(paid_on, date) and paid_on.year == year + 1
    if isinstance(paid_on, date) and paid_on.year != year and not late_allowed:
        found.append(
            make_finding(
                "accounts.outside_year",
                WARNING,
                f"{index}.paid_on",
                _(
                    "Udgiften er betalt uden for budgetåret %(year)s. Kun udgifter i året "
                    "tæller med i regnskabet; ATP, AER og feriepenge til hjælpere må dog "
                    "betales året efter."
                ),
                _LEDGER_SOURCE,
                year=str(year),
            )
        )
    if kind != "expense" and category != "helpers":
        found.append(
            make_finding(
                "accounts.wage_not_helpers",
                NOTE,
                f"{index}.kind",
                _("Løn, ATP og AER hører til budgetlinjen for hjælpere."),
                _LEDGER_SOURCE,
            )
        )
    if not entry.get("receipt"):
        found.append(
            make_finding(
                "accounts.no_receipt",
                WARNING,
                f"{index}.receipt",
                _(
                    "Udgiften har ingen kvittering. Kommunen dækker kun udgifter, der er "
                    "dokumenteret; vælg kvitteringen eller kontoudtoget, eller send det senere."
                ),
                f"{GUIDE}, »Regnskab – dokumentation af udgifter«",
            )
        )
    return found


def _line_advice(position: int, line_sum: LineSum) -> list[Finding]:
    if line_sum.overspent:
        return [
            make_finding(
                "accounts.overspent",
                WARNING,
                f"line.{position}",
                _(
                    "%(line)s: I har brugt %(difference)s mere end bevilget. Merudgiften "
                    "skal I selv afholde."
                ),
                _SOURCE,
                line=line_sum.line.description,
                difference=formatting.money(line_sum.overspent),
            )
        ]
    if line_sum.underspent:
        return [
            make_finding(
                "accounts.underspent",
                WARNING,
                f"line.{position}",
                _(
                    "%(line)s: I har brugt %(difference)s mindre end bevilget. Kommunen kan "
                    "kræve forskellen betalt tilbage, når I har haft mulighed for at udtale jer."
                ),
                _SOURCE,
                line=line_sum.line.description,
                difference=formatting.money(line_sum.underspent),
            )
        ]
    return []


@dataclass(frozen=True)
class LineReview:
    """The caseworker's review of one line: the documented spending they accept."""

    description: str
    granted: Decimal
    spent: Decimal
    approved: Decimal | None
    reason: str = ""

    @property
    def repayment(self) -> Decimal:
        """What the family pays back on the line: granted minus approved, when positive."""
        return max(self.granted - (self.approved or Decimal("0.00")), Decimal("0.00"))

    @property
    def overspent(self) -> Decimal:
        """What was spent beyond the grant: the family's own ("skal du selv afholde
        merudgiften", seed 001)."""
        return max(self.spent - self.granted, Decimal("0.00"))


def check_review(lines: Sequence[LineReview]) -> list[Finding]:
    """Errors where a review cannot be recorded: an approved amount missing, above what the
    family documented, or less than documented without a reason (a decision gives its reasons,
    forvaltningsloven § 22)."""
    found = []
    for position, line in enumerate(lines):
        if line.approved is None or line.approved < 0:
            found.append(
                make_finding(
                    "review.missing",
                    ERROR,
                    f"{position}.approved",
                    _("Skriv hvor meget af udgifterne på linjen kommunen godkender"),
                    _SOURCE,
                )
            )
        elif line.approved > line.spent:
            found.append(
                make_finding(
                    "review.above_spent",
                    ERROR,
                    f"{position}.approved",
                    _("Det godkendte beløb kan ikke være højere end det dokumenterede, %(spent)s"),
                    _SOURCE,
                    spent=formatting.money(line.spent),
                )
            )
        elif line.approved < line.spent and not line.reason.strip():
            found.append(
                make_finding(
                    "review.reason",
                    ERROR,
                    f"{position}.reason",
                    _("Skriv hvorfor kommunen ikke godkender alle udgifterne på linjen"),
                    _SOURCE,
                )
            )
    return found


def claim_total(lines: Sequence[LineReview]) -> Decimal:
    """The repayment claim: the sum of the lines' underspend (an overspend on one line never
    makes up for an underspend on another, for money is bound to its line)."""
    return sum((line.repayment for line in lines), Decimal("0.00"))


def decision_waits(
    claim: Decimal,
    *,
    hearing_sent: bool,
    hearing_answered: bool,
    answer_by: date | None,
    today: date,
) -> str | None:
    """Why a repayment cannot be decided yet (a msgid), or None. "Før der træffes afgørelse
    om tilbagebetaling, vil du blive partshørt ... Efter partshøringsfrist vil du få en
    endelig afgørelse" (seed 001): a claim waits for the hearing to be sent and then answered
    or its deadline passed. Accounts with nothing to repay need no hearing."""
    if claim <= 0:
        return None
    if not hearing_sent:
        return N_(
            "Der er et forslag om tilbagebetaling. Familien skal partshøres, før kommunen kan "
            "træffe afgørelse."
        )
    if not hearing_answered and (answer_by is None or today <= answer_by):
        return N_(
            "Familien er partshørt og har ikke svaret endnu. Afgørelsen kan træffes, når "
            "familien har svaret, eller når fristen er udløbet."
        )
    return None


def review_after_hearing(
    heard: Decimal, proposed: Decimal | None, *, hearing_closed: bool
) -> str | None:
    """Why the review cannot change now (a msgid), or None. The family may send documentation
    for expenses not counted ("Hvis du mener, at Familierådgivningen Handicap ikke har
    medregnet nogle af jeres udgifter, skal du fremsende dokumentation for dem", seed 001), so
    the caseworker may approve more once they have answered or the deadline has passed; a claim
    higher than the one the family was heard on would need a hearing of its own."""
    if not hearing_closed:
        return N_(
            "Familien er partshørt om forslaget. Gennemgangen kan ændres, når familien har "
            "svaret, eller når fristen er udløbet."
        )
    if proposed is not None and proposed > heard:
        return N_(
            "Kravet kan ikke blive højere end det, familien er partshørt om. Godkend mindst "
            "det samme som før på hver linje."
        )
    return None
