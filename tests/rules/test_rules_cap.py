"""The yearly cap across decisions (portal.rules.cap): what is already granted for the child,
what remains, and by how much a new request passes the cap of its budget year or of any twelve
months in a row.

"Kommunalbestyrelsens udgifter til nødvendige træningsredskaber, kurser, hjælpere mv. til det
enkelte barn ... må ikke overstige et beløb på 706.600 kr. årligt (2024-niveau)" (seed 004,
§ 6, stk. 2), and "der ikke kan bevilges hjælp til de udgifter til træningsredskaber, kurser,
hjælpere mv., som inden for en sammenhængende periode på 12 måneder overstiger dette beløb"
(seed 003, pkt. 157 d)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules.cap import Grant, by_month, cap_advice, cap_position
from portal.rules.decisions import LineDecision, check_decision
from portal.rules.yearly import YearlyFigure, YearlyFigures
from tests.support.figures import SHIPPED


def budget(amount, year, decided):
    """A year's budget, decided on `decided` ("Budgettet vil være gældende året ud", seed 001)."""
    return Grant(Decimal(amount), year, decided)


def equipment(amount, year, decided):
    """Equipment outside the budget: "enkeltstående ... ydelser" (seed 004, § 6, stk. 1)."""
    return Grant(Decimal(amount), year, decided, one_off=True)


def found(findings):
    return [(f.code, f.severity, f.field) for f in findings]


# Each row: what is already granted, the new request, its budget year; then what the family is
# told: already granted for the year, what remains after the request, and the advice with the
# amount of the request that is over the cap.
ROWS = [
    pytest.param(
        [],
        [budget(800000, 2024, date(2024, 1, 10))],
        2024,
        ("0.00", "-93400.00"),
        [],
        id="a first budget over the cap is the budget's own finding, not this one's",
    ),
    pytest.param(
        [budget(600000, 2024, date(2023, 12, 10))],
        [equipment(50000, 2024, date(2024, 5, 2))],
        2024,
        ("600000.00", "56600.00"),
        [],
        id="equipment within what remains of the year",
    ),
    pytest.param(
        [budget(600000, 2024, date(2023, 12, 10))],
        [equipment(150000, 2024, date(2024, 5, 2))],
        2024,
        ("600000.00", "-43400.00"),
        [("cap.over_year_with_granted", "warning", "total", "43.400,00 kr.")],
        id="equipment beyond what remains of the year: advice, never an error",
    ),
    pytest.param(
        [budget(600000, 2023, date(2022, 12, 12))],
        [budget(600000, 2024, date(2024, 1, 2))],
        2024,
        ("0.00", "106600.00"),
        [],
        id="two budgets of the same size spread evenly never pass in any twelve months",
    ),
    pytest.param(
        [equipment(400000, 2023, date(2023, 12, 4))],
        [equipment(400000, 2024, date(2024, 1, 8))],
        2024,
        ("0.00", "306600.00"),
        [("cap.over_12_months", "warning", "total", "93.400,00 kr.")],
        id="one-off grants in December and January fall in the same twelve months",
    ),
    pytest.param(
        [budget(420000, 2023, date(2023, 7, 3))],
        [budget(600000, 2024, date(2023, 12, 11))],
        2024,
        ("0.00", "106600.00"),
        [("cap.over_12_months", "warning", "total", "13.400,00 kr.")],
        id="a budget approved in July counts in the months from its decision to December",
    ),
    pytest.param(
        [budget(700000, 2024, date(2023, 12, 10))],
        [equipment(20000, 2024, date(2024, 3, 1))],
        2024,
        ("700000.00", "-13400.00"),
        [("cap.over_year_with_granted", "warning", "total", "13.400,00 kr.")],
        id="the year says it, and the twelve months say no more",
    ),
]


@pytest.mark.parametrize(("earlier", "new", "year", "figures", "advice"), ROWS)
def test_what_is_granted_what_remains_and_the_advice(earlier, new, year, figures, advice):
    position = cap_position(earlier, new, year=year, figures=SHIPPED)
    assert (str(position.granted), str(position.remaining_after)) == figures
    findings = cap_advice(position)
    assert [
        (*row, f.params["excess"]) for row, f in zip(found(findings), findings, strict=True)
    ] == advice
    assert all("Bekendtgørelse om hjemmetræning" in f.source for f in findings)


def test_the_advice_names_the_months_the_amounts_and_the_right_to_a_decision():
    position = cap_position(
        [budget(420000, 2023, date(2023, 7, 3))],
        [budget(600000, 2024, date(2023, 12, 11))],
        year=2024,
        figures=SHIPPED,
    )
    (advice,) = cap_advice(position)
    assert advice.message == (
        "I de 12 måneder fra 1. juli 2023 til 30. juni 2024 er der allerede bevilget "
        "420.000,00 kr.; med denne ansøgning bliver det 720.000,00 kr., og 13.400,00 kr. af det "
        "ansøgte er over loftet på 706.600,00 kr. (2024-niveau). Kommunen kan ikke bevilge det, "
        "der er over loftet, men I kan stadig sende ansøgningen og få en afgørelse, som I kan "
        "klage over."
    )
    assert advice.source.startswith("Ankestyrelsens notat om hjemmetræning")
    assert "sammenhængende periode på 12 måneder" in advice.source
    assert "seed" not in advice.source + advice.message


def test_a_budget_counts_evenly_from_its_decision_and_a_one_off_in_its_month():
    # "Der kan først bevilliges udgifter til hjemmetræning, når der er truffet afgørelse" and
    # the grant is "udbetalt hver måned" (seed 001): six equal months from July.
    months = budget(100, 2023, date(2023, 7, 3)).monthly()
    assert [str(a) for a in months.values()] == ["16.66"] * 5 + ["16.70"]
    assert len(by_month([budget(1200, 2024, date(2023, 12, 11))])) == 12
    # Held inside its own year: decided before the year, equipment counts in January; a
    # budget decided after its year ended, all in December.
    (january,) = by_month([equipment(5, 2024, date(2023, 11, 1))])
    (december,) = by_month([budget(5, 2023, date(2024, 2, 1))])
    assert january == 2024 * 12 and december == 2023 * 12 + 11


# The caseworker: no grant beyond the cap with what is already granted ------------------------

DECIDED = date(2024, 5, 2)


def decide(lines, granted, *, year=2024, case_type="extra_equipment"):
    return check_decision(
        "approved" if all(line.in_full for line in lines) else "partly_approved",
        lines,
        case_type=case_type,
        budget_year=year,
        decided_on=DECIDED,
        granted=granted,
        figures=SHIPPED,
    )


def lines(*approved, requested=100000):
    names = ["Ståstativ", "Trampolin", "Balancepude"]
    return [
        LineDecision(n, Decimal(requested), Decimal(a), False, "Loft" * (a != requested), names[n])
        for n, a in enumerate(approved)
    ]


def test_the_caseworker_cannot_grant_beyond_what_remains_of_the_year():
    granted = [budget(600000, 2024, date(2023, 12, 10))]
    over = decide(lines(100000, 50000), granted)
    assert found(over.findings) == [("decision.over_cap_with_granted", "error", "total")]
    assert over.findings[0].message == (
        "Der er allerede bevilget 600.000,00 kr. til træningsudgifter i 2024. Med linje "
        "1 (Ståstativ) og 2 (Trampolin) bliver det 750.000,00 kr., og 43.400,00 kr. af det "
        "bevilgede er over loftet på 706.600,00 kr. (2024-niveau) for ét barn. Sæt 43.400,00 kr. "
        "ned."
    )
    assert (over.granted_before, over.remaining) == (Decimal("600000.00"), Decimal("-43400.00"))
    within = decide(lines(100000, 6600), granted)
    assert found(within.findings) == []
    assert within.remaining == Decimal("0.00")
    # Nothing granted by this decision is never over the cap, however much was granted before.
    assert found(decide(lines(0), [budget(900000, 2024, date(2023, 12, 1))]).findings) == []


def test_the_caseworker_cannot_grant_beyond_the_cap_of_any_twelve_months():
    granted = [equipment(500000, 2023, date(2023, 12, 4))]

    def equipment_in(decided, year, figures=SHIPPED):
        return check_decision(
            "approved",
            lines(100000, 100000, 100000),
            case_type="extra_equipment",
            budget_year=year,
            decided_on=decided,
            granted=granted,
            figures=figures,
        )

    # December and January are in the same twelve months; 2023 has no figure of its own yet
    # (2022-level), so the caseworker is asked to check rather than stopped.
    january = equipment_in(date(2024, 1, 8), 2024)
    assert found(january.findings) == [("decision.maybe_over_cap_in_12_months", "warning", "total")]
    assert january.findings[0].params["excess"] == "93.400,00 kr."
    assert january.findings[0].params["start"] == "1. februar 2023"
    # Thirteen months later the December grant is out of every twelve months with it.
    assert found(equipment_in(date(2025, 1, 6), 2025).findings) == []
    # With both years' own figures the twelve months are a limit like the year.
    published = YearlyFigures.of(
        [("cap", YearlyFigure(2023, Decimal("690000.00"), "x"))]
        + [(kind, f) for kind, figures in SHIPPED.by_kind.items() for f in figures]
    )
    stopped = equipment_in(date(2024, 1, 8), 2024, published)
    assert found(stopped.findings) == [("decision.over_cap_in_12_months", "error", "total")]
    assert stopped.findings[0].message.startswith(
        "I de 12 måneder fra 1. februar 2023 til 31. januar 2024 er der allerede bevilget "
        "500.000,00 kr.; med linje 1 (Ståstativ), 2 (Trampolin) og 3 (Balancepude) bliver det "
        "800.000,00 kr., og 93.400,00 kr. af det bevilgede er over loftet"
    )


def test_a_year_whose_cap_is_not_yet_published_is_for_the_caseworker_to_check():
    granted = [budget(600000, 2027, date(2026, 12, 10))]
    result = decide(lines(100000, 50000), granted, year=2027)
    assert found(result.findings) == [("decision.maybe_over_cap_with_granted", "warning", "total")]


# Properties ----------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
grants = st.builds(
    Grant, amounts, st.integers(2023, 2027), days, st.booleans()
)  # fmt: skip


def _rolling_maximum(month_amounts):
    if not month_amounts:
        return Decimal(0)
    first, last = min(month_amounts), max(month_amounts)
    return max(
        sum((month_amounts.get(m, Decimal(0)) for m in range(start, start + 12)), Decimal(0))
        for start in range(first - 11, last + 1)
    )


@given(st.lists(grants, max_size=12))
def test_every_amount_is_counted_once_and_no_twelve_months_hold_less_than_a_year(given_grants):
    months = by_month(given_grants)
    assert sum(months.values(), Decimal(0)) == sum((g.amount for g in given_grants), Decimal(0))
    years = {g.year for g in given_grants}
    largest_year = max(
        (sum((g.amount for g in given_grants if g.year == y), Decimal(0)) for y in years),
        default=Decimal(0),
    )
    assert _rolling_maximum(months) >= largest_year


@given(st.lists(grants, max_size=8), st.lists(grants, min_size=1, max_size=3))
def test_no_more_of_a_request_is_over_the_cap_than_it_asks_for(earlier, new):
    year = new[0].year
    new = [Grant(g.amount, year, g.effective, g.one_off) for g in new]
    position = cap_position(earlier, new, year=year, figures=SHIPPED)
    assert Decimal(0) <= position.year_excess <= position.requested
    assert Decimal(0) <= position.window_excess <= position.requested
    # Without earlier grants the twelve months never say more than the year.
    alone = cap_position([], new, year=year, figures=SHIPPED)
    assert alone.window_excess <= alone.year_excess
    assert cap_advice(alone) == []
