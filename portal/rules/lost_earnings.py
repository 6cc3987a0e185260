"""Estimate lost earnings (tabt arbejdsfortjeneste) a month, so a parent sees how it comes about.

Parents who home-train get help to cover lost earnings (Bekendtgørelse § 5, seed 004;
Barnets lov §§ 87-88, formerly Serviceloven § 42). The calculation follows Serviceloven § 42,
stk. 3 (seed 001 Bilag 3) and the guidance points 237-244 (seed 003):

1. The gross benefit is based on the previous gross income, for the share of the previous
   working hours that is granted.
2. The ceiling applies to someone compensated for all previous hours and "reduceres i forhold
   til den andel, som de visiterede timer til tabt arbejdsfortjeneste udgør af den hidtidige
   arbejdstid" (point 237): 30.000 kr. at half time gives a ceiling of 13.970 kr. (2013). So
   gross = min(income x share, ceiling x share).
3. Pension: "10 pct. af bruttoydelsen ..., dog højest et beløb svarende til det hidtidige
   arbejdsgiverbidrag", and only for those who had an employer-paid pension (point 240).
4. ATP: "Ydelsesmodtageren skal betale 1/3 af ATP-bidraget, og kommunen skal betale 2/3"
   (§ 42, stk. 3). The seeds give no amounts; the rates are data (data/atp_rates.json).
5. Saved costs (transport to work, day care) are deducted "i den nettoydelse, som fremkommer,
   efter at der er foretaget beregning af skat, arbejdsmarkedsbidrag og ATP-bidrag" (point 242).

The portal does not compute personal income tax; ``payout_before_tax`` is therefore the gross
benefit less the parent's own ATP and the saved costs (never below 0), before A-skat and
arbejdsmarkedsbidrag.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from portal.rules import formatting
from portal.rules.findings import ERROR, WARNING, Finding, make_finding
from portal.rules.i18n import _
from portal.rules.numbers import quantize_kr, to_money, to_number
from portal.rules.sources import ANKESTYRELSEN, GUIDE
from portal.rules.yearly import YearlyFigure, figure_for, load_figures

__all__ = ["LostEarningsEstimate", "PENSION_SHARE", "estimate", "monthly_ceiling"]

PENSION_SHARE = Decimal("0.10")  # "10 pct. af bruttoydelsen" (seed 003 point 240)
_WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
_ZERO = Decimal("0.00")
_SOURCE = (
    f"Serviceloven § 42, stk. 3 ({GUIDE}, bilag 3); vejledningens pkt. 237-242 ({ANKESTYRELSEN})"
)


@dataclass(frozen=True)
class LostEarningsEstimate:
    """Every step of the monthly estimate, in kr a month."""

    year: int
    previous_monthly_income: Decimal
    previous_weekly_hours: Decimal
    requested_weekly_hours: Decimal
    hours_share: Decimal  # granted hours / previous hours, at most 1
    ceiling_full_time: Decimal  # the year's ceiling for all previous hours
    ceiling_year: int  # the year the ceiling figure is for
    ceiling_source: str
    ceiling_note: str | None  # Danish; set when the year has no figure of its own
    ceiling: Decimal  # reduced pro rata to the granted share
    income_share: Decimal  # previous income x share
    gross_benefit: Decimal  # min(income_share, ceiling)
    capped: bool  # whether the ceiling decided the gross benefit
    pension_contribution: Decimal  # paid by the municipality to the parent's pension
    atp_total: Decimal
    atp_recipient: Decimal  # 1/3, withheld from the benefit
    atp_municipality: Decimal  # 2/3, paid by the municipality on top
    atp_year: int
    atp_source: str
    saved_costs: Decimal
    taxable_benefit: Decimal  # gross benefit less the parent's own ATP
    payout_before_tax: Decimal  # taxable benefit less saved costs; A-skat and AM-bidrag come off
    municipality_cost: Decimal  # gross benefit + pension + the municipality's ATP
    findings: tuple[Finding, ...]


def monthly_ceiling(year: int) -> YearlyFigure:
    """The ceiling for someone compensated for all previous hours, for ``year`` or the latest
    year before it (compare ``.year``)."""
    return figure_for(load_figures("lost_earnings_ceilings.json"), year)


def _atp(monthly_hours: Decimal, year: int) -> tuple[Decimal, Decimal, int, str]:
    figure = figure_for(load_figures("atp_rates.json"), year)
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


def _required_money(value: Any, name: str) -> Decimal:
    amount = to_money(value, name)
    if amount is None:
        return _ZERO
    if amount < 0:
        raise ValueError(f"{name} must not be negative: {amount}")
    return amount


def estimate(
    *,
    previous_monthly_income: Decimal | int | str,
    previous_weekly_hours: Decimal | int | str,
    requested_weekly_hours: Decimal | int | str,
    employer_pension_monthly: Decimal | int | str = 0,
    saved_costs_monthly: Decimal | int | str = 0,
    year: int,
) -> LostEarningsEstimate:
    """A monthly estimate of lost earnings for ``year``.

    ``previous_monthly_income``: gross pay a month, without the parent's own pension
    contribution (seed 003 point 239, principafgørelse 69-10), from the last 3 months' payslips
    (seed 001). ``employer_pension_monthly``: the employer's pension contribution a month, 0 if
    none. ``saved_costs_monthly``: costs the parent no longer has (transport, day care).
    Negative amounts raise ``ValueError``; floats for money raise ``TypeError``.
    """
    income = _required_money(previous_monthly_income, "previous_monthly_income")
    employer_pension = _required_money(employer_pension_monthly, "employer_pension_monthly")
    saved_costs = _required_money(saved_costs_monthly, "saved_costs_monthly")
    previous_hours = to_number(previous_weekly_hours, "previous_weekly_hours") or Decimal(0)
    requested_hours = to_number(requested_weekly_hours, "requested_weekly_hours") or Decimal(0)
    if previous_hours < 0 or requested_hours < 0:
        raise ValueError("weekly hours must not be negative")

    findings: list[Finding] = []
    if previous_hours == 0:
        findings.append(
            make_finding(
                "lost_earnings.no_previous_hours",
                ERROR,
                "previous_weekly_hours",
                _("Skriv hvor mange timer om ugen du arbejdede, før I begyndte at træne."),
                _SOURCE,
            )
        )
    if requested_hours == 0:
        findings.append(
            make_finding(
                "lost_earnings.no_requested_hours",
                ERROR,
                "requested_weekly_hours",
                _("Skriv hvor mange timer om ugen du søger dækket."),
                _SOURCE,
            )
        )
    elif previous_hours and requested_hours > previous_hours:
        # Lost earnings replace income that is lost; the share of the previous working hours
        # cannot exceed all of them (seed 003 point 237).
        findings.append(
            make_finding(
                "lost_earnings.more_hours_than_before",
                ERROR,
                "requested_weekly_hours",
                _(
                    "Du kan højst få dækket de %(previous)s timer om ugen, du arbejdede før. "
                    "Skriv et tal på højst %(previous)s."
                ),
                _SOURCE,
                previous=formatting.number(previous_hours),
            )
        )

    share = min(requested_hours / previous_hours, Decimal(1)) if previous_hours else Decimal(0)
    covered_hours = min(requested_hours, previous_hours)

    ceiling_figure = monthly_ceiling(year)
    ceiling_full = quantize_kr(ceiling_figure.amount)
    ceiling = quantize_kr(ceiling_full * share)
    income_share = quantize_kr(income * share)
    gross = min(income_share, ceiling)
    capped = income_share > ceiling

    ceiling_note = None
    if ceiling_figure.year != year:
        params = {
            "year": str(year),
            "ceiling_year": str(ceiling_figure.year),
            "ceiling": formatting.money(ceiling_full),
        }
        ceiling_note = (
            _(
                "Loftet for %(year)s er endnu ikke kendt; vi har brugt %(ceiling)s om måneden "
                "(%(ceiling_year)s-niveau)."
            )
            % params
        )
        if capped:
            # The ceiling is regulated upwards every 1 January (seed 003 point 246), so the
            # real figure is likely a little higher than this estimate.
            findings.append(
                make_finding(
                    "lost_earnings.ceiling_year_unknown",
                    WARNING,
                    "year",
                    _(
                        "Loftet for %(year)s er endnu ikke kendt; vi har brugt %(ceiling)s om "
                        "måneden (%(ceiling_year)s-niveau). Beløbet bliver sandsynligvis lidt "
                        "højere."
                    ),
                    f"Vejledningens pkt. 246 ({ANKESTYRELSEN}): "
                    "loftet reguleres hvert år 1. januar",
                    **params,
                )
            )

    # Only for those who had an employer-paid pension; at most that contribution (point 240).
    pension = (
        min(quantize_kr(gross * PENSION_SHARE), employer_pension) if employer_pension else _ZERO
    )

    monthly_hours = covered_hours * _WEEKS_PER_MONTH
    atp_recipient, atp_municipality, atp_year, atp_source = _atp(monthly_hours, year)
    if gross == 0:
        atp_recipient = atp_municipality = _ZERO

    taxable = gross - atp_recipient
    return LostEarningsEstimate(
        year=year,
        previous_monthly_income=income,
        previous_weekly_hours=previous_hours,
        requested_weekly_hours=requested_hours,
        hours_share=share,
        ceiling_full_time=ceiling_full,
        ceiling_year=ceiling_figure.year,
        ceiling_source=ceiling_figure.source,
        ceiling_note=ceiling_note,
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
        saved_costs=saved_costs,
        taxable_benefit=taxable,
        payout_before_tax=max(taxable - saved_costs, _ZERO),
        municipality_cost=gross + pension + atp_municipality,
        findings=tuple(findings),
    )
