"""The decision letter the family receives (issue 6, point 4), made from the stored decision.

A decision must give its reasons and say how to complain (forvaltningsloven §§ 22, 24 and 25,
cited in seeds 000 and 003). For home training the reasons go line by line: "Du vil modtage en
skriftlig afgørelse med klagevejledning og begrundelse for alle bevilligede og
ikke-bevilligede udgiftsposter" (seed 001, »Nødvendige træningsudgifter«). The letter also
gives the approved total against the year's cap (Bekendtgørelse § 6, stk. 2, seed 004) and the
dates of the next supervision visits: "Datoerne for kommende tilsynsbesøg vil fremgå af
afgørelsen på hjemmetræningen" (seed 001, »Tilsyn«).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from portal.dossier import contact_part, kit
from portal.i18n import gettext as _
from portal.i18n import in_danish, ngettext
from portal.rules.contact import MunicipalityContact
from portal.rules.decisions import SUPERVISED_CASE_TYPES, TRAINING_CASE_TYPES, plan_due
from portal.rules.formatting import cpr, listing, long_date, money, number
from portal.rules.i18n import plural_count
from portal.rules.labels import label
from portal.timeutil import local_date

# How and where to complain. The seeds: "Afgørelsen skal endvidere indeholde oplysning om
# klageadgang jf. forvaltningslovens § 25" and "Afgørelse om afslag på træningsudgift kan
# påklages til Ankestyrelsen" (seed 000, DUKH); "Du har mulighed for at klage over afgørelsen,
# hvis du har fået afslag på nogle af udgifterne" (seed 001). The 4 weeks, and the complaint
# going to the municipality first, which reconsiders before sending it on to Ankestyrelsen,
# are Retssikkerhedsloven §§ 66-67, which the seeds do not quote (as
# portal.rules.case_status.DEFAULT_COMPLAINT_GUIDANCE says). Weeks are calendar weeks from
# the day the decision is received (../DOMAIN.md: "8 weeks = 56 days").
COMPLAINT_WEEKS = 4


def complaint_deadline_text() -> str:
    """The complaint deadline as a letter states it. The 4 weeks count from the day the letter
    reaches each of you (its delivery in Digital Post, or the post), not from the date of the
    letter (retssikkerhedsloven § 67, stk. 1; portal.rules.letters.received_on), which the
    letter cannot know when it is written; the family's case page shows the date."""
    return _(
        "Klagen skal være modtaget inden 4 uger efter, at I har modtaget afgørelsen. Fristen "
        "regnes fra den dag, brevet kom frem til jer i Digital Post eller med posten, ikke fra "
        "datoen på brevet. I kan se fristen på jeres sag i portalen."
    )


@dataclass(frozen=True)
class LetterLine:
    number: int
    category: str  # the category's name (portal.rules.labels, "budget_category")
    description: str
    requested: Decimal
    approved: Decimal
    refused: bool
    reason: str = ""


@dataclass(frozen=True)
class LetterGrant:
    """The decision on one parent's lost earnings, with the calculation shown to the family:
    (text, amount a month, "-" for a deduction, whether a subtotal)."""

    name: str
    refused: bool
    monthly: Decimal
    hours: Decimal
    requested_hours: Decimal
    start: date | None
    follow_up: date | None = None
    previous_monthly: Decimal | None = None
    takes_effect: date | None = None
    reason: str = ""
    calculation: list[tuple[str, Decimal, str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class LetterData:
    municipality: str
    contact: MunicipalityContact
    number: str
    case_type: str
    received_at: datetime
    child_name: str
    child_cpr: str
    family: list[str]
    outcome: str
    text: str
    decided_at: datetime
    decided_by: str
    complaint_guidance: str
    lines: list[LetterLine] = field(default_factory=list)
    budget_year: int | None = None
    cap: Decimal | None = None
    cap_year: int | None = None
    # What other decisions had already granted the training for the budget year.
    granted_before: Decimal | None = None
    next_supervision: date | None = None
    second_supervision: date | None = None
    lost_earnings: list[LetterGrant] = field(default_factory=list)
    # A decision that is not about what was applied for (the end or change of a training)
    # says what it does instead of an outcome label, and gives its facts as a table.
    headline: str | None = None
    facts_heading: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def requested_total(self) -> Decimal:
        return sum((line.requested for line in self.lines), Decimal("0.00"))

    @property
    def approved_total(self) -> Decimal:
        return sum((line.approved for line in self.lines), Decimal("0.00"))


def _paragraphs(document, text: str) -> None:
    for part in (text or "").splitlines():
        if part.strip():
            kit.paragraph(document, part)


def line_outcome(line: LetterLine) -> str:
    """A line's own outcome, named as a decision's outcome is."""
    if line.refused:
        outcome = "refused"
    elif line.approved < line.requested:
        outcome = "partly_approved"
    else:
        outcome = "approved"
    return _(label("outcome", outcome))


def file_name(number: str) -> str:
    """The name a case's decision letter is saved under."""
    return _("Afgørelse i sag %(number)s", number=number) + ".docx"


@in_danish
def build(data: LetterData) -> bytes:
    title = _("Afgørelse i sag %(number)s", number=data.number)
    document = kit.new_document(title=title, footer=f"{data.municipality} · {title}")
    _heading(document, data)
    _decision(document, data)
    if data.facts:
        kit.heading(document, data.facts_heading or _("Afgørelsen"), 1)
        kit.table(document, None, data.facts, widths=(5, 11), bold_first_column=True)
    if data.lines:
        _lines(document, data)
        _cap(document, data)
    if data.lost_earnings:
        _lost_earnings(document, data)
    _legal_basis(document, data)
    _supervision(document, data)
    _complaints(document, data)
    contact_part.contact_section(document, data.municipality, data.contact)
    kit.paragraph(document, _("Med venlig hilsen"))
    kit.paragraph(document, data.decided_by, bold=True)
    kit.paragraph(document, data.municipality)
    return kit.to_bytes(document)


def _heading(document, data: LetterData) -> None:
    kit.heading(document, _("Afgørelse: %(type)s", type=_(label("case_type", data.case_type))), 0)
    kit.table(
        document,
        None,
        [
            (_("Fra"), data.municipality),
            (_("Til"), listing(data.family)),
            (
                _("Barn"),
                _(
                    "%(name)s, CPR-nummer %(cpr)s",
                    name=data.child_name,
                    cpr=cpr(data.child_cpr),
                ),
            ),
            (_("Sagsnummer"), data.number),
            (_("Ansøgningen modtaget"), long_date(local_date(data.received_at))),
            (_("Afgørelsens dato"), long_date(local_date(data.decided_at))),
            (_("Sagsbehandler"), data.decided_by),
        ],
        widths=(5, 11),
        bold_first_column=True,
    )


def _decision(document, data: LetterData) -> None:
    kit.heading(document, _("Afgørelse"), 1)
    kit.paragraph(
        document,
        _(
            "%(municipality)s har truffet afgørelse: %(outcome)s.",
            municipality=data.municipality,
            outcome=data.headline or _(label("outcome", data.outcome)),
        ),
        bold=True,
    )
    kit.heading(document, _("Begrundelse"), 2)
    _paragraphs(document, data.text)


def _lines(document, data: LetterData) -> None:
    kit.heading(document, _("Afgørelse og begrundelse for hver udgift"), 1)
    kit.paragraph(
        document,
        _(
            "Kommunen har taget stilling til hver udgift i budgettet. Hver bevilget udgift er "
            "knyttet til sit formål: pengene kan ikke flyttes fra én udgift til en anden."
        ),
    )
    lines_table(document, data)


def lines_table(document, data: LetterData) -> None:
    """Each budget line with the amount asked for, the amount granted and why."""
    rows = [
        (
            str(line.number),
            f"{line.description} ({_(line.category)})",
            money(line.requested),
            money(line.approved),
            line_outcome(line),
            line.reason or "–",
        )
        for line in data.lines
    ]
    rows.append(("", _("I alt"), money(data.requested_total), money(data.approved_total), "", ""))
    kit.table(
        document,
        (_("Nr."), _("Udgift"), _("Ansøgt"), _("Bevilget"), _("Afgørelse"), _("Begrundelse")),
        rows,
        widths=(1, 4.4, 2.4, 2.4, 2.2, 4.2),
    )


def _cap(document, data: LetterData) -> None:
    kit.heading(document, _("Bevilget i alt og det årlige loft"), 1)
    rows = [
        (_("Ansøgt i alt"), money(data.requested_total)),
        (_("Bevilget i alt"), money(data.approved_total)),
    ]
    if data.cap is not None and data.budget_year is not None:
        label = _("Loft for ét barn i %(year)s", year=data.budget_year)
        if data.cap_year != data.budget_year:
            label = _(
                "Loft for ét barn i %(year)s (%(cap_year)s-niveau)",
                year=data.budget_year,
                cap_year=data.cap_year,
            )
        granted_before = data.granted_before or Decimal("0.00")
        if granted_before:
            rows.append(
                (
                    _("Bevilget ved andre afgørelser i %(year)s", year=data.budget_year),
                    money(granted_before),
                )
            )
        rows += [
            (label, money(data.cap)),
            (_("Tilbage under loftet"), money(data.cap - granted_before - data.approved_total)),
        ]
    kit.table(document, (_("Budgettet"), _("Beløb")), rows, widths=(9, 4))
    kit.paragraph(
        document,
        _(
            "Kommunens udgifter til nødvendige træningsredskaber, kurser, hjælpere m.v. til ét "
            "barn må ikke overstige loftet for året (bekendtgørelse om hjemmetræning § 6, "
            "stk. 2). Loftet reguleres hvert år den 1. januar (§ 6, stk. 5). Tabt "
            "arbejdsfortjeneste indgår ikke i loftet."
        ),
    )


def grants_table(document, data: LetterData) -> None:
    """Each parent's lost earnings: what was asked for, what is granted from when, and why."""
    rows = [
        (
            grant.name,
            ngettext(
                "%(hours)s time om ugen",
                "%(hours)s timer om ugen",
                plural_count(grant.requested_hours),
                hours=number(grant.requested_hours),
            ),
            _("Afslag")
            if grant.refused
            else ngettext(
                "%(amount)s om måneden for %(hours)s time om ugen",
                "%(amount)s om måneden for %(hours)s timer om ugen",
                plural_count(grant.hours),
                amount=money(grant.monthly),
                hours=number(grant.hours),
            ),
            long_date(grant.start) if grant.start else "–",
            long_date(grant.follow_up) if grant.follow_up else "–",
            grant.reason or "–",
        )
        for grant in data.lost_earnings
    ]
    kit.table(
        document,
        (_("Forælder"), _("Ansøgt"), _("Bevilget"), _("Fra"), _("Opfølgning"), _("Begrundelse")),
        rows,
        widths=(3, 2.4, 3.2, 2.4, 2.4, 3.2),
    )


def _lost_earnings(document, data: LetterData) -> None:
    kit.heading(document, _("Tabt arbejdsfortjeneste"), 1)
    for grant in data.lost_earnings:
        kit.heading(document, grant.name, 2)
        if grant.refused:
            kit.paragraph(document, _("Kommunen har afslået tabt arbejdsfortjeneste."), bold=True)
        else:
            kit.paragraph(
                document,
                ngettext(
                    "Kommunen bevilger %(amount)s om måneden før skat for %(hours)s time om "
                    "ugen fra den %(start)s.",
                    "Kommunen bevilger %(amount)s om måneden før skat for %(hours)s timer om "
                    "ugen fra den %(start)s.",
                    plural_count(grant.hours),
                    amount=money(grant.monthly),
                    hours=number(grant.hours),
                    start=long_date(grant.start) if grant.start else "–",
                ),
                bold=True,
            )
            # "Tabt arbejdsfortjeneste er en løbende ydelse, som ikke er tidsbegrænset ...
            # Kommunen kan således ikke fastsætte en slutdato" (seed 003).
            kit.paragraph(
                document,
                _(
                    "Ydelsen er ikke tidsbegrænset. Den udbetales som A-indkomst; der betales "
                    "A-skat, arbejdsmarkedsbidrag og ATP af den, og kommunen indbetaler "
                    "pensionsbidrag og sin del af ATP-bidraget oveni."
                ),
            )
            if grant.follow_up:
                kit.paragraph(
                    document,
                    _(
                        "Kommunen følger op på bevillingen omkring den %(date)s. Det er ikke en "
                        "slutdato.",
                        date=long_date(grant.follow_up),
                    ),
                )
        if grant.takes_effect and grant.previous_monthly is not None:
            kit.paragraph(
                document,
                _(
                    "Ydelsen er i dag %(previous)s om måneden. Ændringen har virkning fra den "
                    "%(date)s, mindst 14 uger efter denne afgørelse (serviceloven § 3 a).",
                    previous=money(grant.previous_monthly),
                    date=long_date(grant.takes_effect),
                ),
            )
        if grant.reason:
            kit.paragraph(document, _("Begrundelse"), bold=True)
            _paragraphs(document, grant.reason)
        if grant.calculation:
            kit.paragraph(
                document,
                ngettext(
                    "Den vejledende beregning ud fra jeres oplysninger, som I så den, da I "
                    "søgte (%(hours)s time om ugen):",
                    "Den vejledende beregning ud fra jeres oplysninger, som I så den, da I "
                    "søgte (%(hours)s timer om ugen):",
                    plural_count(grant.requested_hours),
                    hours=number(grant.requested_hours),
                ),
            )
            kit.table(
                document,
                (_("Om måneden"), _("Beløb")),
                [
                    (text, f"-{money(amount)}" if sign else money(amount))
                    for text, amount, sign, _subtotal in grant.calculation
                ],
                widths=(11, 5),
            )
    kit.paragraph(
        document,
        _(
            "Grundlag: serviceloven § 42, stk. 3, og barnets lov §§ 87-88; bekendtgørelse om "
            "hjemmetræning § 5. Tabt arbejdsfortjeneste indgår ikke i loftet for "
            "træningsudgifter."
        ),
    )


def _legal_basis(document, data: LetterData) -> None:
    kit.heading(document, _("Retsgrundlag"), 1)
    rules = [
        _(
            "Barnets lov § 85 om hjemmetræning: kommunen kan godkende, at forældre selv helt "
            "eller delvist træner barnet i hjemmet, fører tilsyn og yder støtte til træningen."
        ),
    ]
    if data.case_type in TRAINING_CASE_TYPES:
        rules.append(
            _(
                "Bekendtgørelse om hjemmetræning (i kraft 1. januar 2024) § 3: betingelserne for "
                "at godkende hjemmetræning, herunder at metoden og målene er dokumenterbare."
            )
        )
    if data.case_type in SUPERVISED_CASE_TYPES:
        rules.append(
            _("Bekendtgørelsens § 4: tilsyn med barnets udvikling og trivsel 2 gange om året.")
        )
    rules.append(
        _(
            "Bekendtgørelsens § 6: kommunen sørger for de nødvendige træningsredskaber, kurser, "
            "hjælpere m.v. på grundlag af dokumenterede udgifter og inden for det årlige loft."
        )
    )
    rules.append(
        _(
            "Forvaltningsloven §§ 22 og 24 (begrundelse) og § 25 (klagevejledning); "
            "retssikkerhedsloven §§ 66-67 (klage over afgørelsen)."
        )
    )
    for rule in rules:
        document.add_paragraph(kit.clean(rule), style="List Bullet")


def _supervision(document, data: LetterData) -> None:
    approved = data.outcome != "refused"
    if not approved or (
        data.next_supervision is None and data.case_type not in SUPERVISED_CASE_TYPES
    ):
        return
    kit.heading(document, _("Tilsyn"), 1)
    kit.paragraph(
        document,
        _(
            "Kommunen fører tilsyn med barnets udvikling og trivsel 2 gange om året "
            "(bekendtgørelse om hjemmetræning § 4). Tilsynet foregår hjemme hos jer og varer "
            "1-2 timer. Send jeres tids- og faseplan til kommunen senest 14 dage før hvert besøg."
        ),
    )
    visits = [
        (_("Næste tilsynsbesøg"), data.next_supervision),
        (_("Det følgende tilsynsbesøg"), data.second_supervision),
    ]
    rows = [
        (label, long_date(day), long_date(plan_due(day)))
        for label, day in visits
        if day is not None
    ]
    if rows:
        kit.table(
            document,
            (_("Besøg"), _("Dato"), _("Tids- og faseplanen senest")),
            rows,
            widths=(5, 5, 5),
        )
    if data.second_supervision is None:
        kit.paragraph(document, _("Kommunen giver jer besked om datoen for det følgende besøg."))
    kit.paragraph(
        document,
        _("Passer en dato jer dårligt, så kontakt jeres sagsbehandler så hurtigt som muligt."),
    )


def _complaints(document, data: LetterData) -> None:
    kit.heading(document, _("Sådan klager I"), 1)
    _paragraphs(document, data.complaint_guidance)
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
