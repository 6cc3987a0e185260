"""Lost earnings (tabt arbejdsfortjeneste): a guiding estimate per parent, and the advice a
family needs before the municipality decides.

Parents who home-train get help to cover lost earnings (Bekendtgørelse § 5, seed 004; Barnets
lov §§ 87-88, formerly Serviceloven § 42). The training and the lost earnings may be split
between the parents (seed 003, principle decision 9-17: "Træningen og den tabte
arbejdsfortjeneste kan også deles mellem forældrene"). The calculation follows Serviceloven
§ 42, stk. 3 (seed 001 Bilag 3) and the guidance points 237-244 (seed 003):

1. The gross benefit is based on the previous gross income, for the share of the previous
   working hours that is granted. Lost job benefits count as income: "mistede arbejdsrelaterede
   goder (fx betalt frokost, internet, telefon, bil) ... [skal] også indgå i beregningen"
   (seed 001, »Kompensation for tabt arbejdsfortjeneste«).
2. The ceiling applies to someone compensated for all previous hours and "reduceres i forhold
   til den andel, som de visiterede timer til tabt arbejdsfortjeneste udgør af den hidtidige
   arbejdstid" (point 237): 30.000 kr. at half time gives a ceiling of 13.970 kr. (2013). So
   gross = min(income x share, ceiling x share).
3. Pension: "10 pct. af bruttoydelsen ..., dog højest et beløb svarende til det hidtidige
   arbejdsgiverbidrag", and only for those who had an employer-paid pension (point 240).
4. ATP: "Ydelsesmodtageren skal betale 1/3 af ATP-bidraget, og kommunen skal betale 2/3"
   (§ 42, stk. 3). The seeds give no amounts; the rates are data (data/atp_rates.json).
5. The benefit is "en bruttoydelse, hvoraf der betales A-skat, arbejdsmarkedsbidrag og
   ATP-bidrag" (point 237), and saved costs (transport to work, day care) are deducted "i den
   nettoydelse, som fremkommer, efter at der er foretaget beregning af skat,
   arbejdsmarkedsbidrag og ATP-bidrag" (point 242): after tax, krone for krone. Union fees and
   unemployment insurance are never deducted (point 242: "fagforeningskontingent og
   arbejdsløshedsforsikring"), so the portal does not ask for them. Day care is not deducted
   while the child still uses it (point 244: "Den kan f.eks. ikke trækkes fra, hvis barnet
   fortsat benytter et dagtilbud").

The portal cannot know the parent's tax; the estimate uses the withholding rate (trækprocent)
and monthly deduction from the parent's payslip when given, else ``DEFAULT_TAX_RATE`` and no
deduction, and says so. It is a guide ("vejledende beregning"): the municipality decides.

Everything the law or practice may not allow is advice, never an error (DOMAIN.md, »Errors and
advice«): a parent who was not in work, who asks for more hours than before, who is
self-employed, who home-schools the child or whose hours with the other parent's pass 37 a week
can still apply and get a decision they can complain about. Only an answer the portal cannot
read or that is missing (the hours asked for, the previous hours of someone who worked) is an
error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from portal.rules import formatting
from portal.rules.findings import ERROR, WARNING, Finding, make_finding
from portal.rules.i18n import N_, N_plural, _, plural_count
from portal.rules.numbers import quantize_kr, to_money, to_number
from portal.rules.sources import ANKESTYRELSEN, EXECUTIVE_ORDER, GUIDE
from portal.rules.yearly import ATP, LOST_EARNINGS_CEILING, YearlyFigure, YearlyFigures

__all__ = [
    "CalculationRow",
    "DEFAULT_TAX_RATE",
    "EMPLOYMENTS",
    "EMPLOYMENT_LABELS",
    "FamilyEarnings",
    "GrantDecision",
    "LABOUR_MARKET_CONTRIBUTION",
    "LostEarningsEstimate",
    "NOTICE_WEEKS",
    "PENSION_SHARE",
    "calculation",
    "check_family",
    "check_grants",
    "estimate",
    "monthly_ceiling",
    "notice_date",
]

PENSION_SHARE = Decimal("0.10")  # "10 pct. af bruttoydelsen" (seed 003 point 240)
# Arbejdsmarkedsbidragsloven § 2: 8 pct. The seeds say only that the benefit carries
# arbejdsmarkedsbidrag (003 point 237); the rate is the law's, unchanged since 1997.
LABOUR_MARKET_CONTRIBUTION = Decimal("0.08")
# Not from the seeds: a common withholding rate (kommuneskat about 25 % plus bundskat about
# 12 %), used only when the parent does not give their own trækprocent, and named as such.
DEFAULT_TAX_RATE = Decimal("37")
# "Når en bevilling af tabt arbejdsfortjeneste helt ophører, skal kommunen meddele et varsel på
# mindst 14 uger fra ydelsesmodtagerens modtagelse af kommunens afgørelse" (seed 003, practice
# note on Serviceloven § 3 a and § 42).
NOTICE_WEEKS = 14
# "Der kan dog i dette tilfælde højest ydes hjælp til dækning af tabt arbejdsfortjeneste for 37
# timer pr. uge for forældrene tilsammen" (seed 003 point 228).
PARENTS_TOGETHER_HOURS = Decimal(37)

# Employee, self-employed, or not in work (student, unemployed, never employed).
EMPLOYMENTS: tuple[str, ...] = ("employee", "self_employed", "not_working")
EMPLOYMENT_LABELS: Mapping[str, str] = {
    "employee": N_("Lønmodtager"),
    "self_employed": N_("Selvstændig erhvervsdrivende"),
    "not_working": N_("Ikke i arbejde (fx studerende eller ledig)"),
}

_WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
_ZERO = Decimal("0.00")
_SOURCE = (
    f"Serviceloven § 42, stk. 3 ({GUIDE}, bilag 3); vejledningens pkt. 237-242 ({ANKESTYRELSEN})"
)
_NO_WORK_SOURCE = f"Vejledningens pkt. 239 ({ANKESTYRELSEN})"
_SELF_EMPLOYED_SOURCE = f"{GUIDE}, »Kompensation for tabt arbejdsfortjeneste«; pkt. 239"
_MORE_HOURS_SOURCE = f"Ankestyrelsens principafgørelse 15-09 ({ANKESTYRELSEN})"
_LOWER_INCOME_SOURCE = f"{GUIDE}, »Kompensation for tabt arbejdsfortjeneste«"
_TOGETHER_SOURCE = f"Vejledningens pkt. 228 ({ANKESTYRELSEN}); principafgørelse 15-09"
_HOME_SCHOOLING_SOURCE = (
    f"{EXECUTIVE_ORDER} § 5; Ankestyrelsens principafgørelse 95-17 ({ANKESTYRELSEN})"
)
_SAME_PARENT_SOURCE = f"Vejledningens pkt. 157 c ({ANKESTYRELSEN})"


@dataclass(frozen=True)
class LostEarningsEstimate:
    """Every step of one parent's monthly estimate, in kr a month."""

    year: int
    employment: str
    previous_monthly_income: Decimal
    lost_benefits: Decimal
    previous_weekly_hours: Decimal
    requested_weekly_hours: Decimal
    hours_share: Decimal  # granted hours / previous hours, at most 1
    ceiling_full_time: Decimal  # the year's ceiling for all previous hours
    ceiling_year: int  # the year the ceiling figure is for
    ceiling_source: str
    ceiling: Decimal  # reduced pro rata to the granted share
    income_share: Decimal  # (previous income + lost benefits) x share
    gross_benefit: Decimal  # min(income_share, ceiling)
    capped: bool  # whether the ceiling decided the gross benefit
    pension_contribution: Decimal  # paid by the municipality to the parent's pension
    atp_total: Decimal
    atp_recipient: Decimal  # 1/3, withheld from the benefit
    atp_municipality: Decimal  # 2/3, paid by the municipality on top
    atp_year: int
    atp_source: str
    labour_market_contribution: Decimal  # AM-bidrag, 8 % of the benefit less own ATP
    tax_rate: Decimal  # per cent
    tax_rate_assumed: bool  # the parent gave none; DEFAULT_TAX_RATE was used
    tax_deduction: Decimal  # the monthly deduction from the parent's tax card
    income_tax: Decimal  # A-skat at the tax rate
    net_benefit: Decimal  # after ATP, AM-bidrag and A-skat
    saved_transport: Decimal
    saved_childcare: Decimal  # as the parent gave it
    childcare_deducted: bool  # False while the child still uses day care (point 244)
    saved_costs: Decimal  # what is deducted from the net benefit
    net_payout: Decimal  # net benefit less saved costs, never below 0
    municipality_cost: Decimal  # gross benefit + pension + the municipality's ATP
    findings: tuple[Finding, ...]

    @property
    def taxable_benefit(self) -> Decimal:
        """The gross benefit less the parent's own ATP."""
        return self.gross_benefit - self.atp_recipient

    @property
    def rows(self) -> list[CalculationRow]:
        """The calculation as it is shown, line by line."""
        return calculation(self)


def monthly_ceiling(year: int, figures: YearlyFigures) -> YearlyFigure:
    """The ceiling for someone compensated for all previous hours, for ``year`` or the latest
    year before it (compare ``.year``)."""
    return figures.for_year(LOST_EARNINGS_CEILING, year)


def _atp(
    monthly_hours: Decimal, year: int, figures: YearlyFigures
) -> tuple[Decimal, Decimal, int, str]:
    figure = figures.for_year(ATP, year)
    tiers = sorted(
        figure.extra["tiers"], key=lambda t: Decimal(t["min_hours_per_month"]), reverse=True
    )
    for tier in tiers:
        if monthly_hours >= Decimal(tier["min_hours_per_month"]):
            return (
                Decimal(tier["recipient"]),
                Decimal(tier["municipality"]),
                figure.year,
                figure.source,
            )
    return _ZERO, _ZERO, figure.year, figure.source


def _money(value: Any, name: str) -> Decimal:
    amount = to_money(value, name)
    if amount is None:
        return _ZERO
    if amount < 0:
        raise ValueError(f"{name} must not be negative: {amount}")
    return amount


def _hours(value: Any, name: str) -> Decimal:
    hours = to_number(value, name) or Decimal(0)
    if hours < 0:
        raise ValueError(f"{name} must not be negative: {hours}")
    return hours


def _pro_rata(amount: Decimal, hours: Decimal, previous_hours: Decimal) -> Decimal:
    """``amount`` x hours / previous hours, exactly, rounded down to whole øre: two parents'
    shares then never add up to an øre more than one parent's benefit for the same hours."""
    if not previous_hours:
        return _ZERO
    exact = Fraction(amount) * Fraction(hours) / Fraction(previous_hours)
    return Decimal(math.floor(exact * 100)).scaleb(-2)


def _input_findings(
    employment: str, previous_hours: Decimal, requested_hours: Decimal, income: Decimal
) -> list[Finding]:
    """What is missing (errors) and what the family should know about who applies (advice)."""
    found: list[Finding] = []
    if requested_hours == 0:
        found.append(
            make_finding(
                "lost_earnings.no_requested_hours",
                ERROR,
                "requested_hours",
                _("Skriv hvor mange timer om ugen du vil gå ned i tid for at træne barnet."),
                _SOURCE,
            )
        )
    if employment == "not_working":
        # "Når ydelsesmodtageren endnu ikke har opnået tilknytning til arbejdsmarkedet, må den
        # indtægt, som han eller hun ville have kunnet opnå, tages som udgangspunkt" (point 239).
        found.append(
            make_finding(
                "lost_earnings.no_previous_work",
                WARNING,
                "employment",
                _(
                    "Du kan godt søge, selv om du ikke var i arbejde. Kommunen fastsætter den "
                    "indtægt, du kunne have haft, og regner ud fra den. Derfor kan beregningen "
                    "her ikke vise det endelige beløb."
                ),
                _NO_WORK_SOURCE,
            )
        )
        return found
    if previous_hours == 0:
        found.append(
            make_finding(
                "lost_earnings.no_previous_hours",
                ERROR,
                "weekly_hours",
                _("Skriv hvor mange timer om ugen du arbejdede, før I begyndte at træne."),
                _SOURCE,
            )
        )
    if income == 0:
        found.append(
            make_finding(
                "lost_earnings.no_income",
                ERROR,
                "monthly_income",
                _("Skriv din bruttoløn om måneden, før I begyndte at træne."),
                _SOURCE,
            )
        )
    if employment == "self_employed":
        # "Forældre der er selvstændigt erhvervsdrivende får foretaget en konkret og individuel
        # vurdering af indkomsten" (seed 001); "via revisor, regnskaber mv." (seed 003 point 239).
        found.append(
            make_finding(
                "lost_earnings.self_employed",
                WARNING,
                "employment",
                _(
                    "Som selvstændig vurderer kommunen din indtægt ud fra de seneste års "
                    "regnskaber, fx fra din revisor. Skriv den indtægt, du regner med, og send "
                    "regnskaberne som bilag."
                ),
                _SELF_EMPLOYED_SOURCE,
            )
        )
    if previous_hours and requested_hours > previous_hours:
        # 15-09: "i ganske særlige tilfælde" beyond the normal working time, when documented.
        found.append(
            make_finding(
                "lost_earnings.more_hours_than_before",
                WARNING,
                "requested_hours",
                N_plural(
                    "Du søger om flere timer, end du arbejdede før (%(previous)s time om ugen). "
                    "Beregningen dækker den ene time. Flere timer kan kun bevilges i "
                    "særlige tilfælde, fx hvis din arbejdstid fast lå over det normale; skriv "
                    "det, og send dokumentation.",
                    "Du søger om flere timer, end du arbejdede før (%(previous)s timer om ugen). "
                    "Beregningen dækker de %(previous)s timer. Flere timer kan kun bevilges i "
                    "særlige tilfælde, fx hvis din arbejdstid fast lå over det normale; skriv "
                    "det, og send dokumentation.",
                    plural_count(previous_hours),
                ),
                _MORE_HOURS_SOURCE,
                previous=formatting.number(previous_hours),
            )
        )
    return found


def estimate(
    *,
    previous_monthly_income: Decimal | int | str | None,
    previous_weekly_hours: Decimal | int | str | None,
    requested_weekly_hours: Decimal | int | str | None,
    employer_pension_monthly: Decimal | int | str | None = 0,
    lost_benefits_monthly: Decimal | int | str | None = 0,
    saved_transport_monthly: Decimal | int | str | None = 0,
    saved_childcare_monthly: Decimal | int | str | None = 0,
    child_in_daycare: bool = False,
    employment: str = "employee",
    tax_rate: Decimal | int | str | None = None,
    monthly_tax_deduction: Decimal | int | str | None = 0,
    year: int,
    figures: YearlyFigures,
) -> LostEarningsEstimate:
    """One parent's monthly estimate of lost earnings for ``year``.

    ``previous_monthly_income``: gross pay a month, without the parent's own pension
    contribution (seed 003 point 239, principafgørelse 69-10), from the last 3 months' payslips
    (seed 001). ``employer_pension_monthly``: the employer's pension contribution a month, 0 if
    none. ``lost_benefits_monthly``: paid lunch, phone, internet, car the job gave.
    ``saved_transport_monthly`` and ``saved_childcare_monthly``: costs the parent no longer
    has. ``tax_rate``: the parent's trækprocent (0-100), ``DEFAULT_TAX_RATE`` when None.
    Negative amounts raise ``ValueError``; floats for money raise ``TypeError``.
    """
    if employment not in EMPLOYMENTS:
        raise ValueError(f"employment must be one of {EMPLOYMENTS}, not {employment!r}")
    income = _money(previous_monthly_income, "previous_monthly_income")
    benefits = _money(lost_benefits_monthly, "lost_benefits_monthly")
    employer_pension = _money(employer_pension_monthly, "employer_pension_monthly")
    transport = _money(saved_transport_monthly, "saved_transport_monthly")
    childcare = _money(saved_childcare_monthly, "saved_childcare_monthly")
    deduction = _money(monthly_tax_deduction, "monthly_tax_deduction")
    previous_hours = _hours(previous_weekly_hours, "previous_weekly_hours")
    requested_hours = _hours(requested_weekly_hours, "requested_weekly_hours")
    rate = to_number(tax_rate, "tax_rate")
    if rate is not None and not 0 <= rate <= 100:
        raise ValueError(f"tax_rate is a percentage from 0 to 100, not {rate}")

    findings = _input_findings(employment, previous_hours, requested_hours, income)
    share = min(requested_hours / previous_hours, Decimal(1)) if previous_hours else Decimal(0)
    covered_hours = min(requested_hours, previous_hours)

    ceiling_figure = monthly_ceiling(year, figures)
    ceiling_full = quantize_kr(ceiling_figure.amount)
    ceiling = _pro_rata(ceiling_full, covered_hours, previous_hours)
    income_share = _pro_rata(income + benefits, covered_hours, previous_hours)
    gross = min(income_share, ceiling)
    capped = income_share > ceiling

    if ceiling_figure.year != year:
        # The ceiling is published every year (regulated every 1 January, seed 003 point 246);
        # what is missing is the portal's copy of it. The page and the case file say so when
        # `ceiling_year` is not `year`; a finding only where it changes the amount.
        params = {
            "year": str(year),
            "ceiling_year": str(ceiling_figure.year),
            "ceiling": formatting.money(ceiling_full),
        }
        if capped:
            findings.append(
                make_finding(
                    "lost_earnings.ceiling_year_unknown",
                    WARNING,
                    "monthly_income",
                    _(
                        "Loftet for %(year)s er ikke lagt ind i portalen endnu; vi har brugt "
                        "%(ceiling)s om måneden (%(ceiling_year)s-niveau). Beløbet bliver "
                        "sandsynligvis lidt højere."
                    ),
                    f"Vejledningens pkt. 246 ({ANKESTYRELSEN}): "
                    "loftet reguleres hvert år 1. januar",
                    **params,
                )
            )
    if capped:
        # "Du kan derfor risikere at få en lavere indkomst end før" (seed 001).
        findings.append(
            make_finding(
                "lost_earnings.lower_income",
                WARNING,
                "monthly_income",
                _(
                    "Din løn er over loftet for tabt arbejdsfortjeneste (%(ceiling)s om måneden "
                    "for alle dine timer). Du kan derfor få en lavere indkomst end før."
                ),
                _LOWER_INCOME_SOURCE,
                ceiling=formatting.money(ceiling_full),
            )
        )

    # Only for those who had an employer-paid pension; at most that contribution (point 240).
    pension = (
        min(quantize_kr(gross * PENSION_SHARE), employer_pension) if employer_pension else _ZERO
    )

    atp_recipient, atp_municipality, atp_year, atp_source = _atp(
        covered_hours * _WEEKS_PER_MONTH, year, figures
    )
    if gross == 0:
        atp_recipient = atp_municipality = _ZERO
    atp_recipient = min(atp_recipient, gross)

    rate_used = DEFAULT_TAX_RATE if rate is None else rate
    taxable = gross - atp_recipient
    labour_market = quantize_kr(taxable * LABOUR_MARKET_CONTRIBUTION)
    income_tax = quantize_kr(
        max(taxable - labour_market - deduction, _ZERO) * rate_used / Decimal(100)
    )
    net = taxable - labour_market - income_tax
    saved = transport + (_ZERO if child_in_daycare else childcare)
    return LostEarningsEstimate(
        year=year,
        employment=employment,
        previous_monthly_income=income,
        lost_benefits=benefits,
        previous_weekly_hours=previous_hours,
        requested_weekly_hours=requested_hours,
        hours_share=share,
        ceiling_full_time=ceiling_full,
        ceiling_year=ceiling_figure.year,
        ceiling_source=ceiling_figure.source,
        ceiling=ceiling,
        income_share=income_share,
        gross_benefit=gross,
        capped=capped,
        pension_contribution=pension,
        atp_total=atp_recipient + atp_municipality,
        atp_recipient=atp_recipient,
        atp_municipality=atp_municipality,
        atp_year=atp_year,
        atp_source=atp_source,
        labour_market_contribution=labour_market,
        tax_rate=rate_used,
        tax_rate_assumed=rate is None,
        tax_deduction=deduction,
        income_tax=income_tax,
        net_benefit=net,
        saved_transport=transport,
        saved_childcare=childcare,
        childcare_deducted=not child_in_daycare,
        saved_costs=saved,
        net_payout=max(net - saved, _ZERO),
        municipality_cost=gross + pension + atp_municipality,
        findings=tuple(findings),
    )


# --- the family: one or two parents, home schooling -----------------------------------------


@dataclass(frozen=True)
class FamilyEarnings:
    """The estimates of the parents who apply, and the advice on the family as a whole.

    A finding's ``field`` is ``"<index>.<key>"`` for one parent (0-based, keys as in
    ``estimate``'s answers: ``requested_hours``, ``monthly_income`` ...) or a plain name for the
    family (``"parents"``, ``"home_schooling_by"``)."""

    estimates: tuple[LostEarningsEstimate, ...]
    findings: tuple[Finding, ...]

    @property
    def requested_hours(self) -> Decimal:
        return sum((e.requested_weekly_hours for e in self.estimates), Decimal(0))

    @property
    def gross_benefit(self) -> Decimal:
        return sum((e.gross_benefit for e in self.estimates), _ZERO)

    @property
    def net_payout(self) -> Decimal:
        return sum((e.net_payout for e in self.estimates), _ZERO)

    @property
    def municipality_cost(self) -> Decimal:
        return sum((e.municipality_cost for e in self.estimates), _ZERO)


def _same_person(a: Any, b: Any) -> bool:
    return (
        isinstance(a, str) and isinstance(b, str) and a.strip().casefold() == b.strip().casefold()
    )


def _parent_estimate(
    parent: Mapping[str, Any], *, child_in_daycare: bool, year: int, figures: YearlyFigures
):
    return estimate(
        employment=parent.get("employment") or "employee",
        previous_monthly_income=parent.get("monthly_income"),
        previous_weekly_hours=parent.get("weekly_hours"),
        requested_weekly_hours=parent.get("requested_hours"),
        employer_pension_monthly=parent.get("employer_pension"),
        lost_benefits_monthly=parent.get("lost_benefits"),
        saved_transport_monthly=parent.get("saved_transport"),
        saved_childcare_monthly=parent.get("saved_childcare"),
        child_in_daycare=child_in_daycare,
        tax_rate=parent.get("tax_rate"),
        monthly_tax_deduction=parent.get("tax_deduction"),
        year=year,
        figures=figures,
    )


def _home_schooling_findings(
    answers: Mapping[str, Any], parents: Sequence[Mapping[str, Any]], year_hours: Decimal
) -> list[Finding]:
    if answers.get("home_schooling") != "ja":
        return []
    found = [
        # "Der kan ikke ydes hjælp til dækning af tabt arbejdsfortjeneste som følge af
        # hjemmeundervisning" (004 § 5; 95-17: "selv om hjemmeundervisningen foregår i
        # kombination med hjemmetræning").
        make_finding(
            "lost_earnings.home_schooling",
            WARNING,
            "home_schooling",
            _(
                "Der gives ikke tabt arbejdsfortjeneste for de timer, barnet bliver "
                "hjemmeundervist. Søg kun om timerne til træning og pasning; kommunen vurderer "
                "konkret, hvor mange timer undervisningen tager."
            ),
            _HOME_SCHOOLING_SOURCE,
        )
    ]
    teacher = answers.get("home_schooling_by")
    for parent in parents:
        hours = to_number(parent.get("requested_hours"), "requested_hours") or Decimal(0)
        if _same_person(parent.get("name"), teacher) and hours >= year_hours:
            # "Hvis barnet ... både hjemmeundervises og hjemmetrænes på fuld tid, vurderes det
            # dog at være en forudsætning for, at der fortsat kan ydes tabt arbejdsfortjeneste
            # på fuld tid, at det ikke er den samme forælder" (seed 003 point 157 c).
            found.append(
                make_finding(
                    "lost_earnings.same_parent_teaches_and_trains",
                    WARNING,
                    "home_schooling_by",
                    _(
                        "%(name)s både underviser barnet og søger tabt arbejdsfortjeneste på fuld "
                        "tid. Bliver barnet både hjemmeundervist og hjemmetrænet på fuld tid, skal "
                        "det være to forskellige forældre, der underviser og træner."
                    ),
                    _SAME_PARENT_SOURCE,
                    name=parent["name"].strip(),
                )
            )
    return found


def check_family(
    answers: Mapping[str, Any],
    *,
    year: int,
    figures: YearlyFigures,
    full_time_hours: Decimal = Decimal(37),
) -> FamilyEarnings:
    """The lost-earnings answers of a family: ``{"applying": "ja", "parents": [{...}],
    "child_in_daycare": "ja"|"nej", "home_schooling": "ja"|"nej", "home_schooling_by": ...}``.

    Each parent is estimated alone; the family gets advice on hours together and home
    schooling. Nothing is estimated unless the family applies."""
    if answers.get("applying") != "ja":
        return FamilyEarnings((), ())
    parents = [p for p in answers.get("parents") or [] if isinstance(p, Mapping)]
    findings: list[Finding] = []
    if not parents:
        findings.append(
            make_finding(
                "lost_earnings.no_parent",
                ERROR,
                "parents",
                _("Tilføj den forælder, der vil gå ned i tid for at træne barnet."),
                _SOURCE,
            )
        )
    in_daycare = answers.get("child_in_daycare") == "ja"
    estimates = []
    for index, parent in enumerate(parents):
        result = _parent_estimate(parent, child_in_daycare=in_daycare, year=year, figures=figures)
        estimates.append(result)
        findings += [_for_parent(index, f) for f in result.findings]
    together = sum((e.requested_weekly_hours for e in estimates), Decimal(0))
    if len(estimates) > 1 and together > PARENTS_TOGETHER_HOURS:
        findings.append(
            make_finding(
                "lost_earnings.parents_together_over_37",
                WARNING,
                "parents",
                _(
                    "I søger tilsammen om %(hours)s timer om ugen. Normalt dækkes højst 37 "
                    "timer om ugen for forældrene tilsammen; flere timer kræver særlige forhold, "
                    "som I skal beskrive."
                ),
                _TOGETHER_SOURCE,
                hours=formatting.number(together),
            )
        )
    findings += _home_schooling_findings(answers, parents, full_time_hours)
    return FamilyEarnings(tuple(estimates), tuple(findings))


def _for_parent(index: int, finding: Finding) -> Finding:
    """A parent's finding placed at that parent: "requested_hours" -> "1.requested_hours"."""
    return replace(finding, field=f"{index}.{finding.field}")


# --- the calculation as a parent or caseworker reads it --------------------------------------


@dataclass(frozen=True)
class CalculationRow:
    """One line of the estimate: a Danish msgid with its parameters (already written out), the
    amount a month, and whether it is a subtotal. ``sign`` is "-" for what is deducted."""

    msgid: str
    params: Mapping[str, str]
    amount: Decimal
    subtotal: bool = False
    sign: str = ""

    @property
    def text(self) -> str:
        return self.msgid % dict(self.params) if self.params else self.msgid


def calculation(result: LostEarningsEstimate) -> list[CalculationRow]:
    """Every step from the previous pay to the payout and what the municipality adds, in the
    order of the rules (points 237-244), for the page, the dossier and the decision letter."""
    money, number = formatting.money, formatting.number
    rows = [
        CalculationRow(
            _("Bruttoløn før inkl. goder fra arbejdet på %(benefits)s"),
            {"benefits": money(result.lost_benefits)},
            result.previous_monthly_income + result.lost_benefits,
        )
        if result.lost_benefits
        else CalculationRow(_("Bruttoløn før"), {}, result.previous_monthly_income),
        CalculationRow(
            _("Løn for %(hours)s af %(previous)s timer om ugen"),
            {
                "hours": number(min(result.requested_weekly_hours, result.previous_weekly_hours)),
                "previous": number(result.previous_weekly_hours),
            },
            result.income_share,
        ),
        CalculationRow(
            _("Loft for de samme timer (%(full)s om måneden for alle timer, %(year)s-niveau)"),
            {"full": money(result.ceiling_full_time), "year": str(result.ceiling_year)},
            result.ceiling,
        ),
        CalculationRow(_("Tabt arbejdsfortjeneste før skat"), {}, result.gross_benefit, True),
        CalculationRow(_("Din del af ATP-bidraget (1/3)"), {}, result.atp_recipient, sign="-"),
        CalculationRow(
            _("Arbejdsmarkedsbidrag (%(rate)s)"),
            {"rate": formatting.percent(LABOUR_MARKET_CONTRIBUTION)},
            result.labour_market_contribution,
            sign="-",
        ),
        CalculationRow(
            _("A-skat med trækprocent %(rate)s og fradrag på %(deduction)s"),
            {
                "rate": f"{number(result.tax_rate)}\N{NO-BREAK SPACE}%",
                "deduction": money(result.tax_deduction),
            },
            result.income_tax,
            sign="-",
        ),
        CalculationRow(_("Efter skat"), {}, result.net_benefit, True),
    ]
    if result.saved_transport:
        rows.append(
            CalculationRow(_("Sparet transport til arbejde"), {}, result.saved_transport, sign="-")
        )
    if result.saved_childcare and result.childcare_deducted:
        rows.append(
            CalculationRow(_("Sparet betaling for dagtilbud"), {}, result.saved_childcare, sign="-")
        )
    elif result.saved_childcare:
        rows.append(
            CalculationRow(
                _("Sparet betaling for dagtilbud: trækkes ikke fra, barnet går stadig i dagtilbud"),
                {},
                _ZERO,
            )
        )
    rows += [
        CalculationRow(_("Til udbetaling efter skat"), {}, result.net_payout, True),
        CalculationRow(
            _("Kommunen indbetaler desuden til pension"), {}, result.pension_contribution
        ),
        CalculationRow(
            _("Kommunen betaler desuden sin del af ATP-bidraget (2/3)"),
            {},
            result.atp_municipality,
        ),
    ]
    return rows


# --- the municipality's decision, per parent --------------------------------------------------

_GRANT_SOURCE = (
    f"{ANKESTYRELSEN}: »Tabt arbejdsfortjeneste er en løbende ydelse, som ikke er "
    "tidsbegrænset«; forvaltningsloven §§ 22 og 24"
)
_NOTICE_SOURCE = f"Serviceloven § 3 a ({ANKESTYRELSEN}): »et varsel på mindst 14 uger«"


@dataclass(frozen=True)
class GrantDecision:
    """The caseworker's decision on one parent's lost earnings. ``index`` is the parent's
    place in the request (0-based). ``previous_monthly`` is the amount of a running grant to
    the same parent that this decision lowers or stops (None for a first grant)."""

    index: int
    requested_hours: Decimal
    refused: bool
    monthly_amount: Decimal | None
    weekly_hours: Decimal | None
    start: date | None
    follow_up: date | None = None
    reason: str = ""
    previous_monthly: Decimal | None = None
    takes_effect: date | None = None

    @property
    def granted(self) -> Decimal:
        return _ZERO if self.refused else (self.monthly_amount or _ZERO)

    @property
    def in_full(self) -> bool:
        return not self.refused and (self.weekly_hours or 0) >= self.requested_hours

    @property
    def lowers_a_running_grant(self) -> bool:
        return self.previous_monthly is not None and self.granted < self.previous_monthly


def notice_date(decided_on: date) -> date:
    """The earliest day a reduction or stop of lost earnings can take effect: 14 weeks after
    the decision (counted from the day it is made; the family receives it the same day in the
    portal)."""
    return decided_on + timedelta(weeks=NOTICE_WEEKS)


def _grant(finding: str, key: str, index: int, msgid: str, source: str, **params) -> Finding:
    return make_finding(finding, ERROR, f"lost_earnings.{index}.{key}", msgid, source, **params)


def _grant_findings(grant: GrantDecision, decided_on: date) -> list[Finding]:
    i = grant.index
    found = []
    if not grant.refused:
        if grant.monthly_amount is None or grant.monthly_amount <= 0:
            found.append(
                _grant(
                    "lost_earnings.amount_missing",
                    "monthly_amount",
                    i,
                    _("Skriv det bevilgede beløb om måneden, eller sæt kryds i „Afslås“."),
                    _SOURCE,
                )
            )
        if grant.weekly_hours is None or grant.weekly_hours <= 0:
            found.append(
                _grant(
                    "lost_earnings.hours_missing",
                    "weekly_hours",
                    i,
                    _("Skriv hvor mange timer om ugen der bevilges."),
                    _SOURCE,
                )
            )
        if grant.start is None:
            found.append(
                _grant(
                    "lost_earnings.start_missing",
                    "start",
                    i,
                    _("Skriv fra hvilken dato ydelsen bevilges."),
                    _SOURCE,
                )
            )
        elif grant.follow_up is not None and grant.follow_up <= grant.start:
            found.append(
                _grant(
                    "lost_earnings.follow_up_before_start",
                    "follow_up",
                    i,
                    _("Opfølgningsdatoen skal ligge efter startdatoen."),
                    _GRANT_SOURCE,
                )
            )
    if not grant.in_full and not grant.reason.strip():
        found.append(
            _grant(
                "lost_earnings.reason_missing",
                "reason",
                i,
                _("Skriv hvorfor tabt arbejdsfortjeneste afslås")
                if grant.refused
                else _("Skriv hvorfor der ikke bevilges alle de ansøgte timer"),
                _GRANT_SOURCE,
            )
        )
    if grant.lowers_a_running_grant:
        earliest = notice_date(decided_on)
        if grant.takes_effect is None or grant.takes_effect < earliest:
            # "Kommunalbestyrelsens afgørelser om ... ophør af hjælp til dækning af tabt
            # arbejdsfortjeneste ... skal meddeles med et varsel på mindst 14 uger" (003).
            found.append(
                _grant(
                    "lost_earnings.notice_too_short",
                    "takes_effect",
                    i,
                    _(
                        "En nedsættelse eller et ophør skal varsles mindst 14 uger. Skriv en "
                        "dato fra %(date)s."
                    ),
                    _NOTICE_SOURCE,
                    date=formatting.long_date(earliest),
                )
            )
    return found


def check_grants(
    outcome: str, grants: Sequence[GrantDecision], *, decided_on: date
) -> list[Finding]:
    """The decision's lost earnings: every parent who applied gets an answer with amount,
    hours and start, or a refusal, and a reason when not everything asked for is granted;
    never an end date (003: "Kommunen kan således ikke fastsætte en slutdato for bevillingen
    i afgørelsen, men de kan fastsætte en opfølgningsdato"). The overall outcome must agree."""
    found = [f for grant in grants for f in _grant_findings(grant, decided_on)]
    short = [g for g in grants if not g.in_full]
    if outcome == "approved" and short:
        found.append(
            make_finding(
                "lost_earnings.approved_but_short",
                ERROR,
                "outcome",
                N_plural(
                    "Tabt arbejdsfortjeneste er afslået eller sat ned for %(count)s forælder. "
                    "Vælg „Delvist bevilget“, eller bevilg det ansøgte.",
                    "Tabt arbejdsfortjeneste er afslået eller sat ned for %(count)s forældre. "
                    "Vælg „Delvist bevilget“, eller bevilg det ansøgte.",
                    len(short),
                    count=str(len(short)),
                ),
                _GRANT_SOURCE,
            )
        )
    granted = [g for g in grants if g.granted > 0]
    if outcome == "refused" and granted:
        found.append(
            make_finding(
                "lost_earnings.refused_but_granted",
                ERROR,
                "outcome",
                N_plural(
                    "Ved et afslag kan der ikke bevilges tabt arbejdsfortjeneste, men der er "
                    "bevilget et beløb til %(count)s forælder. Afslå, eller vælg „Delvist "
                    "bevilget“.",
                    "Ved et afslag kan der ikke bevilges tabt arbejdsfortjeneste, men der er "
                    "bevilget et beløb til %(count)s forældre. Afslå, eller vælg „Delvist "
                    "bevilget“.",
                    len(granted),
                    count=str(len(granted)),
                ),
                _GRANT_SOURCE,
            )
        )
    return found
