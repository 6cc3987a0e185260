"""Check the budget for training expenses (seed 001 "Økonomi" and Bilag 11).

Every line must say what it is and why it is necessary for the training, and the year's total
may not exceed the cap of Bekendtgørelse § 6, stk. 2 (seed 004). Items the law forbids are
errors; items a municipality usually refuses (seed 001's list) are warnings that ask the parent
to explain: "Listen er ikke udtømmende" and several can be granted "efter en konkret og
individuel vurdering" (seed 001), so the portal must not block them.

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
from portal.rules.findings import ERROR, WARNING, Finding, Severity, make_finding
from portal.rules.i18n import N_, _
from portal.rules.numbers import ORE, quantize_kr, to_money, to_number
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.rules.sources import ANKESTYRELSEN, GUIDE
from portal.rules.yearly import figure_for, load_figures

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "HELPER_INSURANCE_HOURS",
    "BudgetCheck",
    "BudgetLine",
    "check_budget",
    "helper_amount",
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
_EXCLUDED_SOURCE = f"{GUIDE}, »Udgifter der blandt andet ikke godkendes«"
_HELPER_SOURCE = f"{GUIDE}, »Hjælpetrænere«"
_CAP_SOURCE = "Bekendtgørelse § 6, stk. 2"


def helper_amount(
    hours_per_week: Decimal, *, weeks: Decimal | int | None = None, settings: MunicipalitySettings
) -> Decimal:
    """A helper's yearly cost: hours a week x working weeks x the municipality's hourly rate.

    Working weeks default to 52 minus the holiday weeks: "I holder 5 ugers ferie om året, hvor
    jeres barn ikke har sin formelle hjemmetræning – herunder behov for hjælpetrænere"; the rate
    is "133 kr./time (2022 niveau) inkl. ATP, AES, AER, men ekskl. feriepenge" (seed 001).
    """
    weeks = Decimal(settings.working_weeks if weeks is None else weeks)
    return quantize_kr(hours_per_week * weeks * settings.helper_hourly_rate)


def training_cap(year: int) -> tuple[Decimal, int, str]:
    """The cap for ``year`` as (amount, the year the figure is for, its source)."""
    figure = figure_for(load_figures("caps.json"), year)
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

    @property
    def hours_per_year(self) -> Decimal | None:
        if self.hours_per_week is None or self.weeks is None:
            return None
        return self.hours_per_week * self.weeks


@dataclass(frozen=True)
class BudgetCheck:
    """The checked budget: lines with computed amounts, totals, the cap and the findings.

    ``cap_year`` is the year the cap figure is for; when it differs from the budget year,
    ``cap_note`` says so in Danish.
    """

    year: int
    lines: tuple[BudgetLine, ...]
    totals: Mapping[str, Decimal]
    total_training: Decimal
    cap: Decimal
    cap_year: int
    cap_source: str
    cap_note: str | None
    findings: tuple[Finding, ...]

    @property
    def remaining(self) -> Decimal:
        """How much is left under the cap (negative when over)."""
        return self.cap - self.total_training


# Items recognised in a line's description. Stems, so that Danish inflections and compounds
# match: "trykkammerbehandlingen", "CBD-olie", "blodprøver", "møblerne".
@dataclass(frozen=True)
class _Item:
    key: str
    pattern: re.Pattern[str]
    severity: Severity
    msgid: str
    source: str


def _stems(*stems: str) -> re.Pattern[str]:
    return re.compile("|".join(stems), re.IGNORECASE)


_ABROAD = _stems(r"udland", r"udenlands")
# "kurset" (the course) too: families write "Flybilletter til kurset i udlandet", which is a
# course abroad (an error), not goods bought abroad (a warning).
_COURSE_WORDS = _stems(r"kursus", r"kurser", r"kurset", r"supervision", r"workshop", r"seminar")

_FORBIDDEN: tuple[_Item, ...] = (
    _Item(
        "hyperbaric_chamber",
        _stems(r"trykkam(?:mer|re)", r"hyperbar", r"\bhbot\b"),
        ERROR,
        _(
            "Trykkammerbehandling er sundhedsbehandling og kan ikke godkendes som "
            "hjemmetræning, heller ikke mild trykkammer. Fjern linjen."
        ),
        "Ankestyrelsens principafgørelse 70-14; Bekendtgørelse § 3, stk. 7",
    ),
    _Item(
        "carbogen",
        _stems(r"carbogen", r"reflekspose", r"genindånding"),
        ERROR,
        _(
            "Carbogen og genindånding i refleksposer er sundhedsbehandling og kan ikke "
            "godkendes som hjemmetræning. Fjern linjen."
        ),
        "Ankestyrelsens principafgørelse 70-14; Bekendtgørelse § 3, stk. 7",
    ),
    _Item(
        "respiratory_therapy",
        _stems(r"respirationsterapi"),
        ERROR,
        _("Respirationsterapi er en sygehusopgave og kan ikke godkendes som hjemmetræning."),
        f"Socialministeriets skrivelse nr. 9150 af 6. maj 2011 ({GUIDE}); "
        "Bekendtgørelse § 3, stk. 7",
    ),
    _Item(
        "hospital_treatment",
        _stems(r"sygehusbehandl", r"hospitalsbehandl", r"specialiseret\s+sundhed"),
        ERROR,
        _(
            "Sygehusbehandling og specialiseret sundhedsbehandling kan ikke godkendes som "
            "hjemmetræning. Fjern linjen."
        ),
        "Bekendtgørelse § 3, stk. 7",
    ),
)

_COURSE_ABROAD = _Item(
    "course_abroad",
    _ABROAD,
    ERROR,
    _("Kurser og supervision i udlandet kan ikke dækkes. Find et kursus i Danmark eller online."),
    f"{GUIDE}, »Udenlandsophold«; {ANKESTYRELSEN}, pkt. 157 d",
)

_USUALLY_REFUSED: tuple[_Item, ...] = (
    _Item(
        "cbd_oil",
        _stems(r"\bcbd", r"cannabis"),
        WARNING,
        _(
            "CBD- og cannabisolie bliver normalt ikke bevilget. Skriv i begrundelsen, "
            "hvorfor den er nødvendig for træningen."
        ),
        _EXCLUDED_SOURCE,
    ),
    _Item(
        "blood_test",
        _stems(r"blodprøv", r"blodtest", r"blodrens"),
        WARNING,
        _(
            "Blodprøver betales normalt af sundhedsvæsenet, ikke af hjemmetræningen. Skriv i "
            "begrundelsen, hvorfor udgiften er nødvendig for træningen."
        ),
        _EXCLUDED_SOURCE + "; »Udgifter relateret til behandling«",
    ),
    _Item(
        "treatment",
        _stems(r"behandl"),
        WARNING,
        _(
            "Behandling bliver normalt ikke bevilget som hjemmetræning. Skriv i begrundelsen, "
            "hvorfor udgiften er nødvendig for træningen."
        ),
        _EXCLUDED_SOURCE + "; principafgørelse C-53-06",
    ),
    _Item(
        "administration",
        _stems(r"administr", r"revisor", r"bogfør", r"bogholder"),
        WARNING,
        _(
            "Administration, revisor og lønadministration bliver normalt ikke bevilget. "
            "Kommunen kan tilbyde at udbetale lønnen til hjælperne."
        ),
        _EXCLUDED_SOURCE,
    ),
    _Item(
        "household",
        _stems(r"husholdning", r"møbl", r"møbel", r"indbo", r"\breol", r"blender", r"printer"),
        WARNING,
        _(
            "Almindeligt indbo og husholdningsvarer bliver normalt ikke bevilget. Skriv i "
            "begrundelsen, hvorfor det er nødvendigt for træningen."
        ),
        _EXCLUDED_SOURCE + ": »Sædvanligt indbo og almindelige husholdningsvarer«",
    ),
    _Item(
        "special_diet",
        _stems(r"diæt", r"specialkost"),
        WARNING,
        _(
            "Specialkost søges normalt som merudgift efter Serviceloven § 41. Skriv i "
            "begrundelsen, hvis kosten er en del af træningsprogrammet."
        ),
        _EXCLUDED_SOURCE + f"; {ANKESTYRELSEN}, pkt. 157 d",
    ),
    _Item(
        "swimming",
        _stems(r"svøm"),
        WARNING,
        _(
            "Svømning bliver kun bevilget, når I selv træner barnet i vandet. Skriv det i "
            "begrundelsen."
        ),
        _EXCLUDED_SOURCE,
    ),
    _Item(
        "goods_abroad",
        _ABROAD,
        WARNING,
        _(
            "Varer købt i udlandet bliver normalt ikke godkendt. Skriv hvorfor varen ikke kan "
            "købes i Danmark."
        ),
        _EXCLUDED_SOURCE + ": »Varer købt i udlandet«",
    ),
)


def _recognised_items(category: str, description: str) -> list[_Item]:
    forbidden = [item for item in _FORBIDDEN if item.pattern.search(description)]
    is_course = category in ("course", "provider") or _COURSE_WORDS.search(description)
    if is_course and _ABROAD.search(description):
        # "Der kan derfor heller ikke bevilliges udgifter til kurser m.m. i udlandet" (seed 001).
        forbidden.append(_COURSE_ABROAD)
    if forbidden:
        # The error says it all; "behandling" in "trykkammerbehandling" needs no warning too.
        return forbidden
    return [item for item in _USUALLY_REFUSED if item.pattern.search(description)]


def _text(line: Mapping[str, Any], key: str) -> str:
    value = line.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string, not {type(value).__name__}")
    return value.strip()


def _check_line(
    index: int, line: Mapping[str, Any], settings: MunicipalitySettings
) -> tuple[BudgetLine, list[Finding]]:
    found: list[Finding] = []
    category = line.get("category")
    if category not in CATEGORIES:
        raise ValueError(f"line {index}: category must be one of {CATEGORIES}, not {category!r}")
    description = _text(line, "description")
    justification = _text(line, "justification")
    quantity = to_number(line.get("quantity"), "quantity")
    amount = to_money(line.get("amount"), f"line {index}: amount")
    hours = weeks = None
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
            weeks = Decimal(settings.working_weeks)
        found += _check_helper(index, hours, weeks, settings)
        if amount is None and hours is not None and hours > 0 and 0 < weeks <= 52:
            amount = helper_amount(hours, weeks=weeks, settings=settings)
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

    for item in _recognised_items(category, description):
        prefix = "budget.excluded" if item.severity == ERROR else "budget.usually_not_granted"
        found.append(
            make_finding(
                f"{prefix}.{item.key}",
                item.severity,
                f"{index}.description",
                item.msgid,
                item.source,
            )
        )

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
    )
    return result, found


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
    settings: MunicipalitySettings | None = None,
) -> BudgetCheck:
    """Check a year's budget lines; ``field`` of a finding is ``"<index>.<key>"`` or ``"total"``.

    A line has ``category`` (one of ``CATEGORIES``), ``description``, ``quantity``, ``amount``
    (the line's total in kr: Decimal, int or str, never float) and ``justification``. A helper
    line may give ``hours_per_week`` (and ``weeks``) instead of ``amount``.
    """
    settings = settings or DEFAULT_SETTINGS
    checked: list[BudgetLine] = []
    findings: list[Finding] = []
    for index, line in enumerate(lines):
        budget_line, found = _check_line(index, line, settings)
        checked.append(budget_line)
        findings += found

    totals = dict.fromkeys(CATEGORIES, Decimal("0.00"))
    for budget_line in checked:
        totals[budget_line.category] += budget_line.amount
    total = sum(totals.values(), Decimal("0.00"))

    cap, cap_year, cap_source = training_cap(year)
    cap_note = None
    params = {
        "total": formatting.money(total),
        "cap": formatting.money(cap),
        "year": str(year),
        "cap_year": str(cap_year),
        "excess": formatting.money(total - cap),
    }
    if cap_year != year:
        cap_note = (
            _(
                "Loftet for %(year)s er endnu ikke kendt; "
                "vi har brugt %(cap)s (%(cap_year)s-niveau)."
            )
            % params
        )
    if total > cap and cap_year == year:
        findings.append(
            make_finding(
                "budget.over_cap",
                ERROR,
                "total",
                _(
                    "Budgettet er på %(total)s, men loftet for %(year)s er %(cap)s for ét barn. "
                    "Skær %(excess)s ned."
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
                    "Budgettet er på %(total)s, og loftet for %(year)s er endnu ikke kendt; vi har "
                    "brugt %(cap)s (%(cap_year)s-niveau). Overvej at skære %(excess)s ned."
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
        cap_note=cap_note,
        findings=tuple(findings),
    )
