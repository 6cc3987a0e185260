"""The decision on a year's accounts as a Word letter, made from the stored review and decision
like the decision letter (portal.dossier.decision_letter).

Each budget line with what was granted, spent and approved, and what is paid back and why:
"Hvis dine dokumenterede udgifter til de enkelte budgetposter har været mindre end det, du har
fået bevilget, vil du blive mødt af et tilbagebetalingskrav jf. Serviceloven § 164"; money
spent beyond a line is the family's own: "Da kommunen altid bevilger udgifter ud fra princippet
billigst og bedst egnet, skal du selv afholde merudgiften"; and "En afgørelse om
tilbagebetalingskrav kan påklages til Ankestyrelsen" (seed 001, "Tilbagebetalingskrav").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from portal.dossier import contact_part, kit
from portal.dossier.decision_letter import complaint_deadline_text
from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.rules.contact import MunicipalityContact
from portal.rules.formatting import cpr, listing, long_date, money
from portal.rules.labels import label
from portal.rules.sources import GUIDE
from portal.timeutil import local_date

_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    description: str
    category: str
    granted: Decimal
    spent: Decimal
    approved: Decimal
    reason: str = ""

    @property
    def repayment(self) -> Decimal:
        return max(self.granted - self.approved, _ZERO)

    @property
    def overspent(self) -> Decimal:
        return max(self.spent - self.granted, _ZERO)


@dataclass(frozen=True)
class Heard:
    """The hearing on the claim: when it was sent, its deadline, and the answer if any."""

    sent_on: date
    answer_by: date
    answered_on: date | None = None
    answer: str = ""


@dataclass(frozen=True)
class RepaymentLetter:
    municipality: str
    contact: MunicipalityContact
    number: str
    year: int
    received_at: datetime
    child_name: str
    child_cpr: str
    family: list[str]
    text: str
    decided_at: datetime
    decided_by: str
    complaint_guidance: str
    lines: list[Line] = field(default_factory=list)
    hearing: Heard | None = None

    @property
    def repayment(self) -> Decimal:
        return sum((line.repayment for line in self.lines), _ZERO)


def file_name(number: str) -> str:
    return _("Afgørelse om regnskab i sag %(number)s", number=number) + ".docx"


@in_danish
def build(data: RepaymentLetter) -> bytes:
    title = _("Afgørelse om regnskabet for %(year)s", year=data.year)
    document = kit.new_document(title=title, footer=f"{data.municipality} · {data.number}")
    kit.heading(document, title, 0)
    kit.table(
        document,
        None,
        [
            (_("Fra"), data.municipality),
            (_("Til"), listing(data.family)),
            (
                _("Barn"),
                _("%(name)s, CPR-nummer %(cpr)s", name=data.child_name, cpr=cpr(data.child_cpr)),
            ),
            (_("Sagsnummer"), data.number),
            (_("Regnskabet modtaget"), long_date(local_date(data.received_at))),
            (_("Afgørelsens dato"), long_date(local_date(data.decided_at))),
            (_("Sagsbehandler"), data.decided_by),
        ],
        widths=(5, 11),
        bold_first_column=True,
    )
    _decision(document, data)
    _lines(document, data)
    _overspend(document, data)
    _hearing(document, data)
    _complaints(document, data)
    contact_part.contact_section(document, data.municipality, data.contact)
    kit.paragraph(document, _("Med venlig hilsen"))
    kit.paragraph(document, data.decided_by, bold=True)
    kit.paragraph(document, data.municipality)
    return kit.to_bytes(document)


def _decision(document, data: RepaymentLetter) -> None:
    kit.heading(document, _("Afgørelse"), 1)
    if data.repayment > 0:
        kit.paragraph(
            document,
            _(
                "%(municipality)s kræver %(amount)s betalt tilbage af bevillingen til "
                "hjemmetræning for %(year)s (serviceloven § 164).",
                municipality=data.municipality,
                amount=money(data.repayment),
                year=data.year,
            ),
            bold=True,
        )
    else:
        kit.paragraph(
            document,
            _(
                "%(municipality)s har godkendt regnskabet for %(year)s. I skal ikke betale "
                "noget tilbage.",
                municipality=data.municipality,
                year=data.year,
            ),
            bold=True,
        )
    kit.heading(document, _("Begrundelse"), 2)
    for part in (data.text or "").splitlines():
        if part.strip():
            kit.paragraph(document, part)


def _lines(document, data: RepaymentLetter) -> None:
    kit.heading(document, _("Hver budgetlinje"), 1)
    kit.paragraph(
        document,
        _(
            "Hver bevilget udgift er knyttet til sit formål. Har I brugt mindre end bevilget "
            "på en linje, betaler I forskellen tilbage; et merforbrug på én linje dækker ikke "
            "et mindreforbrug på en anden."
        ),
    )
    rows = [
        (
            f"{line.description} ({_(label('budget_category', line.category))})",
            money(line.granted),
            money(line.spent),
            money(line.approved),
            money(line.repayment),
            line.reason or "–",
        )
        for line in data.lines
    ]
    rows.append(
        (
            _("I alt"),
            money(sum((line.granted for line in data.lines), _ZERO)),
            money(sum((line.spent for line in data.lines), _ZERO)),
            money(sum((line.approved for line in data.lines), _ZERO)),
            money(data.repayment),
            "",
        )
    )
    kit.table(
        document,
        (
            _("Budgetlinje"),
            _("Bevilget"),
            _("Brugt"),
            _("Godkendt"),
            _("Tilbagebetaling"),
            _("Begrundelse"),
        ),
        rows,
        widths=(4.4, 2.2, 2.2, 2.2, 2.4, 3.2),
    )


def _overspend(document, data: RepaymentLetter) -> None:
    over = [line for line in data.lines if line.overspent > 0]
    if not over:
        return
    kit.heading(document, _("Merudgifter"), 1)
    for line in over:
        kit.paragraph(
            document,
            _(
                "På „%(line)s“ har I brugt %(amount)s mere end bevilget. Kommunen bevilger "
                "altid ud fra princippet billigst og bedst egnet, så den merudgift skal I selv "
                "afholde.",
                line=line.description,
                amount=money(line.overspent),
            ),
        )


def _hearing(document, data: RepaymentLetter) -> None:
    kit.heading(document, _("Partshøring og regler"), 1)
    if data.hearing is not None:
        heard = data.hearing
        if heard.answered_on is not None:
            answered = _("I svarede den %(date)s.", date=long_date(heard.answered_on))
        else:
            answered = _("Vi har ikke fået et svar inden fristen.")
        kit.paragraph(
            document,
            _(
                "Kommunen sendte forslaget om tilbagebetaling til partshøring den %(sent)s med "
                "frist den %(by)s. %(answered)s",
                sent=long_date(heard.sent_on),
                by=long_date(heard.answer_by),
                answered=answered,
            ),
        )
        for part in heard.answer.splitlines():
            if part.strip():
                kit.paragraph(document, "» " + part)
    kit.paragraph(
        document,
        _(
            "Afgørelsen er truffet efter serviceloven § 164 og %(guide)s, afsnittene "
            "»Regnskab« og »Tilbagebetalingskrav«.",
            guide=GUIDE,
        ),
    )


def _complaints(document, data: RepaymentLetter) -> None:
    kit.heading(document, _("Sådan klager I"), 1)
    for part in data.complaint_guidance.splitlines():
        if part.strip():
            kit.paragraph(document, part)
    kit.table(
        document,
        None,
        [
            (
                _("Hvor"),
                contact_part.complaint_where(data.municipality, data.contact),
            ),
            (
                _("Frist"),
                complaint_deadline_text(),
            ),
            (_("Sagsnummer"), data.number),
        ],
        widths=(3, 13),
        bold_first_column=True,
    )
