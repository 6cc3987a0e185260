"""Check the budget for training expenses (seed 001 "Økonomi" and Bilag 11).

Every line must say what it is and why it is necessary for the training (a missing answer is
an error: the portal cannot read the line). Everything the law or the municipality does not
allow is advice (a warning) that says the consequence, never a block: a family always has the
right to apply and to get a decision it can complain about. So a line over the year's cap
(Bekendtgørelse § 6, stk. 2, seed 004), a forbidden health element (portal.rules.methods) and
the items a municipality usually refuses (seed 001's list: "Listen er ikke udtømmende") are
all warnings.

Money is ``Decimal`` throughout, quantized to whole øre; floats are refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from portal.rules import formatting
from portal.rules.findings import ERROR, WARNING, Finding, make_finding
from portal.rules.i18n import N_, _
from portal.rules.methods import forbidden_elements, stems
from portal.rules.numbers import ORE, quantize_kr, to_money, to_number
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.rules.sources import ANKESTYRELSEN, GUIDE
from portal.rules.yearly import CAP, YearlyFigures

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "HELPER_INSURANCE_HOURS",
    "BudgetCheck",
    "BudgetLine",
    "HelperCalculation",
    "HelperTerms",
    "check_budget",
    "helper_amount",
    "helper_terms",
    "to_money",
    "training_cap",
]

# Bilag 11: "Træningsredskaber", "Kurser og lignende", "Træningsudbyder", "Hjælpetrænere",
# "Øvrige udgifter".
CATEGORIES: tuple[str, ...] = ("equipment", "course", "provider", "helper", "other")
CATEGORY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "equipment": N_("Træningsredskaber"),
        "course": N_("Kurser"),
        "provider": N_("Metodeudbyder og supervision"),
        "helper": N_("Hjælpetrænere"),
        "other": N_("Øvrige udgifter"),
    }
)

# "Hvis du ansætter hjælpetrænere over 400 timer pr. år, skal du tegne lovpligtige
# forsikringer" (seed 001, "Hjælpetræneres ansættelsesforhold").
HELPER_INSURANCE_HOURS = Decimal(400)

_JUSTIFY_SOURCE = f"Bekendtgørelse § 6, stk. 1; {GUIDE}, »Budget«"
_HELPER_SOURCE = f"{GUIDE}, »Hjælpetrænere«"
_CAP_SOURCE = "Bekendtgørelse § 6, stk. 2"


@dataclass(frozen=True)
class HelperCalculation:
    """How a helper line's yearly amount is reckoned, shown to the parent at the line:
    hours a week x training weeks x the hourly rate, plus holiday pay on top."""

    hours_per_week: Decimal
    weeks: Decimal
    rate: Decimal
    rate_year: int
    holiday_pay_percent: Decimal

    @property
    def wages(self) -> Decimal:
        return quantize_kr(self.hours_per_week * self.weeks * self.rate)

    @property
    def holiday_pay(self) -> Decimal:
        return quantize_kr(self.wages * self.holiday_pay_percent / 100)

    @property
    def amount(self) -> Decimal:
        return self.wages + self.holiday_pay


@dataclass(frozen=True)
class HelperTerms:
    """What a helper hour costs in a budget year, and the weeks a year with training."""

    rate: Decimal
    rate_year: int
    holiday_pay_percent: Decimal
    weeks: Decimal

    def calculation(
        self, hours_per_week: Decimal, weeks: Decimal | None = None
    ) -> HelperCalculation:
        return HelperCalculation(
            hours_per_week=hours_per_week,
            weeks=self.weeks if weeks is None else weeks,
            rate=self.rate,
            rate_year=self.rate_year,
            holiday_pay_percent=self.holiday_pay_percent,
        )


def helper_terms(
    year: int, *, weeks: Decimal | int | None = None, settings: MunicipalitySettings
) -> HelperTerms:
    """The municipality's helper rate for ``year`` (the latest year's up to it), its holiday
    pay, and the training weeks: asked of the family, else 52 minus the holiday weeks.

    "I holder 5 ugers ferie om året, hvor jeres barn ikke har sin formelle hjemmetræning –
    herunder behov for hjælpetrænere"; the rate is "133 kr./time (2022 niveau) inkl. ATP, AES,
    AER, men ekskl. feriepenge" (seed 001), so holiday pay is added (settings).
    """
    rate, rate_year = settings.helper_rate(year)
    return HelperTerms(
        rate=rate,
        rate_year=rate_year,
        holiday_pay_percent=settings.helper_holiday_pay_percent,
        weeks=Decimal(settings.working_weeks if weeks is None else weeks),
    )


def helper_amount(
    hours_per_week: Decimal,
    *,
    year: int,
    weeks: Decimal | int | None = None,
    settings: MunicipalitySettings,
) -> Decimal:
    """A helper's yearly cost in ``year``: hours a week x training weeks x the hourly rate,
    plus holiday pay (see helper_terms)."""
    terms = helper_terms(year, weeks=weeks, settings=settings)
    return terms.calculation(hours_per_week).amount


def training_cap(year: int, figures: YearlyFigures) -> tuple[Decimal, int, str]:
    """The cap for ``year`` as (amount, the year the figure is for, its source)."""
    figure = figures.for_year(CAP, year)
    return figure.amount.quantize(ORE), figure.year, figure.source


@dataclass(frozen=True)
class BudgetLine:
    """One budget line as understood: ``amount`` is the line's total in kr (0 if missing)."""

    index: int
    category: str
    description: str
    quantity: Decimal | None
    amount: Decimal
    justification: str
    hours_per_week: Decimal | None = None
    weeks: Decimal | None = None
    computed: bool = False
    # A helper line's reckoning by the municipality's rate, when its hours can be read.
    calculation: HelperCalculation | None = None

    @property
    def hours_per_year(self) -> Decimal | None:
        if self.hours_per_week is None or self.weeks is None:
            return None
        return self.hours_per_week * self.weeks


@dataclass(frozen=True)
class BudgetCheck:
    """The checked budget: lines with computed amounts, totals, the cap and the findings.

    ``cap_year`` is the year the cap figure is for; when it differs from the budget year,
    the page and the case file say so (in the reader's language, so not here).
    """

    year: int
    lines: tuple[BudgetLine, ...]
    totals: Mapping[str, Decimal]
    total_training: Decimal
    cap: Decimal
    cap_year: int
    cap_source: str
    findings: tuple[Finding, ...]
    helper_terms: HelperTerms

    @property
    def remaining(self) -> Decimal:
        """How much is left under the cap (negative when over)."""
        return self.cap - self.total_training


# Items a municipality usually refuses, recognised in a line's description by word stems, so
# that Danish inflections and compounds match: "CBD-olie", "blodprøver", "møblerne".
#
# The list is Esbjerg Kommune's practice (seed 001, »Udgifter der blandt andet ikke
# godkendes«: "Listen er ikke udtømmende"), not the law: "Intet træningsredskab er derfor på
# forhånd udelukket" and "Det er afgørende, at udgifterne efter en konkret og individuel
# skønsmæssig vurdering er nødvendige for, at forældrene kan gennemføre træningen" (seed 003,
# point 157 d). So each item is advice that names the municipality, reminds that a refusal
# needs that concrete assessment, and asks the family to explain.
@dataclass(frozen=True)
class _Item:
    key: str
    pattern: re.Pattern[str]
    msgid: str
    source: str


_EXCLUDED_SOURCE = (
    f"{GUIDE}, »Udgifter der blandt andet ikke godkendes«; {ANKESTYRELSEN}, pkt. 157 d"
)

# Abroad: the words, and the places families travel to for these methods (a small list, not
# a gazetteer): the Doman and Family Hope Center methods in Philadelphia (Pennsylvania, USA),
# ABR in Montreal (Canada), suit therapy in Poland and Slovakia, Petö in Budapest (Hungary),
# and clinics in England, Germany and Spain.
_ABROAD = stems(
    r"udland",
    r"udenlands",
    r"\bphiladelphia",
    r"\bpennsylvania",
    r"\busa\b",
    r"\bcanada",
    r"\bmontreal",
    r"\bengland",
    r"\blondon",
    r"\bpolen",
    r"\bslovakiet",
    r"\bungarn",
    r"\bbudapest",
    r"\btyskland",
    r"\bspanien",
)
# "kurset" (the course) too: "Flybilletter til kurset i udlandet" is travel to a course.
_COURSE_WORDS = stems(r"kursus", r"kurser", r"kurset", r"supervision", r"workshop", r"seminar")
# "Familierådgivningen Handicap opfordrer til brug af supervision og kursus via skype eller
# teams, når det er muligt" (seed 001): a course online from a provider abroad is no stay abroad.
_ONLINE = stems(
    r"online",
    r"on-line",
    r"webinar",
    r"\bteams\b",
    r"skype",
    r"\bzoom\b",
    r"video",
    r"virtuel",
    r"e-læring",
    r"fjernundervisning",
)
_TRAVEL = stems(
    r"rejse", r"\bfly", r"hotel", r"ophold", r"overnat", r"\btog", r"færge", r"transport"
)

_FORBIDDEN_MSGID = _(
    "Udgiften gælder %(element)s. Det er sundhedsbehandling, som ikke kan godkendes som "
    "hjemmetræning: kommunen kan ikke dække udgiften, og den kan ikke godkende træningen, så "
    "længe det er en del af den. Fjern linjen, eller forklar i begrundelsen. I kan stadig "
    "sende ansøgningen."
)

# "Du har ikke mulighed for at medbringe din hjemmetræningsbevilling til udlandet ... Der kan
# derfor heller ikke bevilliges udgifter til kurser m.m. i udlandet" (seed 001).
_TRAVEL_ABROAD = _Item(
    "course_abroad",
    _ABROAD,
    _(
        "%(municipality)s dækker normalt ikke kurser, rejser og ophold i udlandet, fordi "
        "bevillingen til hjemmetræning ikke kan tages med til udlandet. Kurser og supervision "
        "online fra en udbyder i udlandet kan dækkes. Søger I alligevel, så skriv i "
        "begrundelsen, hvorfor udgiften er nødvendig for træningen."
    ),
    f"{GUIDE}, »Udenlandsophold«",
)

_GOODS_ABROAD = _Item(
    "goods_abroad",
    _ABROAD,
    _(
        "%(municipality)s godkender normalt ikke varer købt i udlandet, fordi det kan være "
        "uvist, om de overholder danske regler. Ingen udgift er udelukket på forhånd: kommunen "
        "skal vurdere konkret, om den er nødvendig. Skriv hvorfor varen ikke kan købes i "
        "Danmark."
    ),
    _EXCLUDED_SOURCE + ": »Varer købt i udlandet«",
)

_USUALLY_REFUSED: tuple[_Item, ...] = (
    _Item(
        "cbd_oil",
        stems(r"\bcbd", r"cannabis"),
        _(
            "%(municipality)s bevilger normalt ikke CBD- og cannabisolie. Ingen udgift er "
            "udelukket på forhånd: kommunen skal vurdere konkret, om den er nødvendig for "
            "træningen. Skriv i begrundelsen, hvorfor den er det."
        ),
        _EXCLUDED_SOURCE,
    ),
    _Item(
        "blood_test",
        stems(r"blodprøv", r"blodtest", r"blodrens"),
        _(
            "%(municipality)s bevilger normalt ikke blodprøver; de betales af sundhedsvæsenet. "
            "Ingen udgift er udelukket på forhånd: kommunen skal vurdere konkret, om den er "
            "nødvendig for træningen. Skriv i begrundelsen, hvorfor den er det."
        ),
        _EXCLUDED_SOURCE + "; »Udgifter relateret til behandling«",
    ),
    _Item(
        "treatment",
        stems(r"behandl"),
        _(
            "%(municipality)s bevilger normalt ikke behandling som hjemmetræning. Ingen udgift "
            "er udelukket på forhånd: kommunen skal vurdere konkret, om den er nødvendig for "
            "træningen. Skriv i begrundelsen, hvorfor den er det."
        ),
        _EXCLUDED_SOURCE + "; principafgørelse C-53-06",
    ),
    _Item(
        "administration",
        stems(r"administr", r"revisor", r"bogfør", r"bogholder"),
        _(
            "%(municipality)s bevilger normalt ikke administration, revisor og "
            "lønadministration, men kan tilbyde at udbetale lønnen til hjælperne. Ingen udgift "
            "er udelukket på forhånd: kommunen skal vurdere konkret, om den er nødvendig for "
            "træningen. Skriv i begrundelsen, hvorfor den er det."
        ),
        _EXCLUDED_SOURCE,
    ),
    _Item(
        "household",
        stems(r"husholdning", r"møbl", r"møbel", r"indbo", r"\breol", r"blender", r"printer"),
        _(
            "%(municipality)s bevilger normalt ikke almindeligt indbo og husholdningsvarer. "
            "Ingen udgift er udelukket på forhånd: kommunen skal vurdere konkret, om den er "
            "nødvendig for træningen. Skriv i begrundelsen, hvorfor den er det."
        ),
        _EXCLUDED_SOURCE + ": »Sædvanligt indbo og almindelige husholdningsvarer«",
    ),
    _Item(
        "special_diet",
        stems(r"diæt", r"specialkost"),
        _(
            "%(municipality)s bevilger normalt ikke specialkost som hjemmetræning; den søges "
            "som merudgift efter Serviceloven § 41. Ingen udgift er udelukket på forhånd: "
            "kommunen skal vurdere konkret, om den er nødvendig for træningen. Skriv i "
            "begrundelsen, hvis kosten er en del af træningsprogrammet."
        ),
        _EXCLUDED_SOURCE,
    ),
    _Item(
        "swimming",
        stems(r"svøm"),
        _(
            "%(municipality)s bevilger normalt kun svømning, når I selv træner barnet i vandet. "
            "Ingen udgift er udelukket på forhånd: kommunen skal vurdere konkret, om den er "
            "nødvendig for træningen. Skriv det i begrundelsen."
        ),
        _EXCLUDED_SOURCE,
    ),
)


def _abroad_item(category: str, description: str) -> _Item | None:
    """The one piece of advice about abroad that fits the line, if any: travel and stays
    abroad, or goods bought abroad; never both, and nothing for a course given online."""
    if not _ABROAD.search(description):
        return None
    course = category in ("course", "provider") or _COURSE_WORDS.search(description)
    if course and _ONLINE.search(description):
        return None
    if course or _TRAVEL.search(description):
        return _TRAVEL_ABROAD
    return _GOODS_ABROAD if category in ("equipment", "other") else None


def _item_findings(
    index: int, category: str, description: str, settings: MunicipalitySettings
) -> list[Finding]:
    field = f"{index}.description"
    found = [
        make_finding(
            f"budget.excluded.{element.key}",
            WARNING,
            field,
            _FORBIDDEN_MSGID,
            element.source,
            element=element.name,
        )
        for element in forbidden_elements(description)
    ]
    abroad = _abroad_item(category, description)
    items = [abroad] if abroad is _TRAVEL_ABROAD else []
    if not found:
        # A forbidden element says it all: "behandling" in "trykkammerbehandling" needs no
        # advice of its own.
        items += [item for item in _USUALLY_REFUSED if item.pattern.search(description)]
        if abroad is _GOODS_ABROAD:
            items.append(abroad)
    for item in items:
        prefix = "budget.excluded" if item is _TRAVEL_ABROAD else "budget.usually_not_granted"
        found.append(
            make_finding(
                f"{prefix}.{item.key}",
                WARNING,
                field,
                item.msgid,
                item.source,
                municipality=settings.name,
            )
        )
    return found


def _text(line: Mapping[str, Any], key: str) -> str:
    value = line.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string, not {type(value).__name__}")
    return value.strip()


def _check_line(
    index: int, line: Mapping[str, Any], settings: MunicipalitySettings, terms: HelperTerms
) -> tuple[BudgetLine, list[Finding]]:
    found: list[Finding] = []
    category = line.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"line {index}: category must be one of {CATEGORIES}, not {category!r}")
    description = _text(line, "description")
    justification = _text(line, "justification")
    quantity = to_number(line.get("quantity"), "quantity")
    amount = to_money(line.get("amount"), f"line {index}: amount")
    hours = weeks = calculation = None
    computed = False

    if not description:
        found.append(
            make_finding(
                "budget.no_description",
                ERROR,
                f"{index}.description",
                _("Skriv hvad udgiften er, fx navnet på redskabet eller kurset."),
                f"{GUIDE}, bilag 11",
            )
        )
    if quantity is not None and quantity <= 0:
        found.append(
            make_finding(
                "budget.quantity_not_positive",
                ERROR,
                f"{index}.quantity",
                _("Antallet skal være større end 0."),
                f"{GUIDE}, bilag 11",
            )
        )

    if category == "helper":
        hours = to_number(line.get("hours_per_week"), "hours_per_week")
        weeks = to_number(line.get("weeks"), "weeks")
        if weeks is None:
            weeks = terms.weeks
        found += _check_helper(index, hours, weeks, settings)
        found += _helper_advice(index, line, settings)
        if hours is not None and hours > 0 and 0 < weeks <= 52:
            calculation = terms.calculation(hours, weeks)
        if amount is None and calculation is not None:
            amount = calculation.amount
            computed = True
        elif amount is None and hours is None:
            found.append(
                make_finding(
                    "budget.helper_hours_missing",
                    ERROR,
                    f"{index}.hours_per_week",
                    _("Skriv hvor mange timer om ugen hjælperen skal arbejde."),
                    _HELPER_SOURCE,
                )
            )
    elif amount is None:
        found.append(
            make_finding(
                "budget.amount_missing",
                ERROR,
                f"{index}.amount",
                _("Skriv hvad udgiften koster i kr."),
                f"{GUIDE}, bilag 11",
            )
        )

    if amount is not None and amount <= 0:
        found.append(
            make_finding(
                "budget.amount_not_positive",
                ERROR,
                f"{index}.amount",
                _("Beløbet skal være større end 0 kr."),
                f"{GUIDE}, bilag 11",
            )
        )

    if not justification:
        found.append(
            make_finding(
                "budget.no_justification",
                ERROR,
                f"{index}.justification",
                _("Skriv hvorfor udgiften er nødvendig for træningen."),
                _JUSTIFY_SOURCE,
            )
        )

    found += _item_findings(index, category, description, settings)

    result = BudgetLine(
        index=index,
        category=category,
        description=description,
        quantity=quantity,
        amount=amount if amount is not None else Decimal("0.00"),
        justification=justification,
        hours_per_week=hours,
        weeks=weeks if category == "helper" else None,
        computed=computed,
        calculation=calculation,
    )
    return result, found


def _is_yes(value: Any) -> bool:
    return value is True or value == "ja"


def _helper_advice(
    index: int, line: Mapping[str, Any], settings: MunicipalitySettings
) -> list[Finding]:
    """What principle decision 9-17 and the municipality say about who a helper is and what
    the helper does."""
    found = []
    if not _text(line, "helper_goals"):
        # 9-17: "Der kan som udgangspunkt kun ydes støtte til hjælpere i det omfang, øvelserne
        # kræver medvirken af to personer samtidig, og kun den ene af forældrene hjemmetræner
        # barnet ... Hjælperen kan dog afløse forældrene i forbindelse med meget kortvarige
        # afbrydelser" (seed 003); "Dette skal fremgå tydeligt af tids- og faseplanen" (001).
        found.append(
            make_finding(
                "budget.helper_no_goals",
                WARNING,
                f"{index}.helper_goals",
                _(
                    "Skriv hvilke mål eller øvelser hjælperen skal hjælpe med. Det er jer "
                    "forældre, der bliver godkendt til at træne: kommunen kan kun dække en "
                    "hjælper til øvelser, der kræver to personer, mens en af jer træner, eller "
                    "til at afløse jer meget kort."
                ),
                f"Ankestyrelsens principafgørelse 9-17; {_HELPER_SOURCE}",
            )
        )
    if _is_yes(line.get("helper_family")) and not settings.family_helpers_allowed:
        # "Der må ikke ansættes familie, venner eller kærester/samlevere som hjælpetrænere"
        # (seed 001): the municipality's practice, so advice with the consequence.
        found.append(
            make_finding(
                "budget.helper_family",
                WARNING,
                f"{index}.helper_family",
                _(
                    "%(municipality)s dækker normalt ikke løn til familie, venner eller "
                    "kærester som hjælpetrænere, så regn med, at udgiften bliver afvist. Skriv "
                    "i begrundelsen, hvis der er særlige grunde til at bruge netop denne hjælper."
                ),
                f"{GUIDE}, »Ansættelse af hjælpetrænere«",
                municipality=settings.name,
            )
        )
    return found


def _check_helper(
    index: int, hours: Decimal | None, weeks: Decimal, settings: MunicipalitySettings
) -> list[Finding]:
    found = []
    if hours is not None and hours <= 0:
        found.append(
            make_finding(
                "budget.hours_not_positive",
                ERROR,
                f"{index}.hours_per_week",
                _("Timer om ugen skal være flere end 0."),
                _HELPER_SOURCE,
            )
        )
    if not 0 < weeks <= 52:
        found.append(
            make_finding(
                "budget.weeks_invalid",
                ERROR,
                f"{index}.weeks",
                _("Skriv et antal uger mellem 1 og 52."),
                _HELPER_SOURCE,
            )
        )
    if hours is None or hours <= 0 or not 0 < weeks <= 52:
        return found
    if hours > settings.helper_normal_weekly_hours:
        # "når arbejdstiden for en hjælpetræner hver uge overstiger normal arbejdstid" (seed 001)
        found.append(
            make_finding(
                "budget.helper_over_normal_hours",
                WARNING,
                f"{index}.hours_per_week",
                _(
                    "%(hours)s timer om ugen er mere end normal arbejdstid (%(normal)s timer). "
                    "Reglerne om hviletid gælder også hjælpetrænere; overvej at dele timerne "
                    "mellem flere hjælpere."
                ),
                _HELPER_SOURCE,
                hours=formatting.number(hours),
                normal=formatting.number(settings.helper_normal_weekly_hours),
            )
        )
    if hours * weeks > HELPER_INSURANCE_HOURS:
        found.append(
            make_finding(
                "budget.helper_insurance",
                WARNING,
                f"{index}.hours_per_week",
                _(
                    "Hjælperen arbejder %(hours)s timer om året. Over 400 timer om året skal I "
                    "tegne lovpligtige forsikringer, fx arbejdsskadeforsikring."
                ),
                _HELPER_SOURCE + ": »over 400 timer pr. år«",
                hours=formatting.number(hours * weeks),
            )
        )
    return found


def check_budget(
    lines: Sequence[Mapping[str, Any]],
    *,
    year: int,
    figures: YearlyFigures,
    settings: MunicipalitySettings | None = None,
    training_weeks: int | None = None,
) -> BudgetCheck:
    """Check a year's budget lines; ``field`` of a finding is ``"<index>.<key>"`` or ``"total"``.

    A line has ``category`` (one of ``CATEGORIES``), ``description``, ``quantity``, ``amount``
    (the line's total in kr: Decimal, int or str, never float) and ``justification``. A helper
    line may give ``hours_per_week`` (and ``weeks``) instead of ``amount``, and says which
    goals or exercises the helper serves (``helper_goals``) and whether the helper is family
    (``helper_family``: "ja"/"nej"). ``training_weeks`` (1-52) are the family's weeks a year
    with training; None means 52 minus the municipality's holiday weeks. ``figures`` are the
    yearly figures (portal.rules.yearly), of which the cap.
    """
    settings = settings or DEFAULT_SETTINGS
    if training_weeks is not None and not 1 <= training_weeks <= 52:
        raise ValueError(f"training_weeks must be between 1 and 52, not {training_weeks}")
    terms = helper_terms(year, weeks=training_weeks, settings=settings)
    checked: list[BudgetLine] = []
    findings: list[Finding] = []
    for index, line in enumerate(lines):
        budget_line, found = _check_line(index, line, settings, terms)
        checked.append(budget_line)
        findings += found

    totals = dict.fromkeys(CATEGORIES, Decimal("0.00"))
    for budget_line in checked:
        totals[budget_line.category] += budget_line.amount
    total = sum(totals.values(), Decimal("0.00"))

    cap, cap_year, cap_source = training_cap(year, figures)
    params = {
        "total": formatting.money(total),
        "cap": formatting.money(cap),
        "year": str(year),
        "cap_year": str(cap_year),
        "excess": formatting.money(total - cap),
    }
    if total > cap and cap_year == year:
        # Advice, not a block: the family may apply for what it finds necessary and complain
        # about the decision; the caseworker cannot grant more than the cap (§ 6, stk. 2).
        findings.append(
            make_finding(
                "budget.over_cap",
                WARNING,
                "total",
                _(
                    "Budgettet er på %(total)s, men loftet for %(year)s er %(cap)s for ét barn. "
                    "Kommunen kan ikke bevilge mere end loftet, så regn med, at udgifter for "
                    "%(excess)s bliver afvist. Overvej at skære ned."
                ),
                _CAP_SOURCE + f": {cap_source}",
                **params,
            )
        )
    elif total > cap:
        # The cap is regulated upwards every 1 January (§ 6, stk. 5), so the year's real cap is
        # likely higher than the older figure: advise, never block what the law may allow.
        findings.append(
            make_finding(
                "budget.maybe_over_cap",
                WARNING,
                "total",
                _(
                    "Budgettet er på %(total)s. Loftet for %(year)s er ikke lagt ind i portalen "
                    "endnu; vi har brugt %(cap)s (%(cap_year)s-niveau). Overvej at skære "
                    "%(excess)s ned."
                ),
                _CAP_SOURCE + f": {cap_source}; reguleres hvert år 1. januar (§ 6, stk. 5)",
                **params,
            )
        )

    return BudgetCheck(
        year=year,
        lines=tuple(checked),
        totals=MappingProxyType(totals),
        total_training=total,
        cap=cap,
        cap_year=cap_year,
        cap_source=cap_source,
        findings=tuple(findings),
        helper_terms=terms,
    )
