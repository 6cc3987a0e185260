"""The accounts of a budget year in the case's Word dossier: each granted line with what the
family spent and what the municipality approved, the dated ledger with its receipts, and the
repayment claim put to the family (seed 001 "Regnskab", "Tilbagebetalingskrav", Bilag 12)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from portal.dossier import kit
from portal.i18n import gettext as _
from portal.rules.formatting import long_date, money


@dataclass(frozen=True)
class LineRow:
    description: str
    category: str  # the category's name, as read
    granted: Decimal
    spent: Decimal
    approved: Decimal | None
    repayment: Decimal | None
    overspent: Decimal
    reason: str = ""


@dataclass(frozen=True)
class LedgerRow:
    paid_on: date
    line: str
    kind: str  # as read
    what: str
    amount: Decimal
    receipt: str  # the file's name, or "" without one


@dataclass(frozen=True)
class AccountsDossier:
    year: int
    lines: list[LineRow] = field(default_factory=list)
    ledger: list[LedgerRow] = field(default_factory=list)
    claim: Decimal | None = None
    proposed_at: datetime | None = None
    proposed_by: str = ""


def write(document, data: AccountsDossier | None) -> None:
    if data is None:
        return
    kit.heading(document, _("Regnskabet for %(year)s", year=data.year), 1)
    kit.heading(document, _("Pr. budgetlinje"), 2)
    kit.table(
        document,
        (
            _("Budgetlinje"),
            _("Bevilget"),
            _("Brugt"),
            _("Godkendt"),
            _("Tilbagebetaling"),
            _("Merforbrug"),
            _("Begrundelse"),
        ),
        [
            (
                f"{line.description} ({line.category})",
                money(line.granted),
                money(line.spent),
                money(line.approved) if line.approved is not None else _("Ikke gennemgået"),
                money(line.repayment) if line.repayment is not None else "–",
                money(line.overspent),
                line.reason or "–",
            )
            for line in data.lines
        ],
        widths=(3.6, 2, 2, 2, 2.2, 2, 2.8),
    )
    kit.heading(document, _("Bogføring"), 2)
    if data.ledger:
        kit.table(
            document,
            (_("Dato"), _("Budgetlinje"), _("Slags"), _("Hvad"), _("Beløb"), _("Kvittering")),
            [
                (
                    long_date(row.paid_on),
                    row.line,
                    row.kind,
                    row.what,
                    money(row.amount),
                    row.receipt or _("Ingen"),
                )
                for row in data.ledger
            ],
            widths=(2.6, 3.2, 2.4, 3.4, 2.2, 2.8),
        )
    else:
        kit.paragraph(document, _("Familien har ikke skrevet nogen betalinger."))
    kit.heading(document, _("Krav om tilbagebetaling"), 2)
    if data.claim is None:
        kit.paragraph(document, _("Der er ikke sendt et forslag om tilbagebetaling."))
    else:
        kit.paragraph(
            document,
            _(
                "Forslag om tilbagebetaling af %(amount)s sendt i partshøring den %(date)s "
                "af %(name)s.",
                amount=money(data.claim),
                date=long_date(data.proposed_at),
                name=data.proposed_by,
            ),
        )
