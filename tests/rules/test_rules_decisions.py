"""The decision line by line (portal.rules.decisions): a reason for every line not granted in
full, nothing above what was asked, an outcome that agrees with the lines, the year's cap, and
the next supervision visits twice a year."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules.decisions import LineDecision, check_decision, derived_outcome, plan_due
from tests.support.figures import SHIPPED

TODAY = date(2026, 11, 23)


def line(index, requested, approved, refused=False, reason=""):
    return LineDecision(index, Decimal(requested), Decimal(approved), refused, reason)


def codes(result):
    return [(f.code, f.field, f.severity) for f in result.findings]


def decide(
    outcome, lines, *, case_type="extra_equipment", year=2027, first=None, second=None, granted=()
):
    return check_decision(
        outcome,
        lines,
        case_type=case_type,
        budget_year=year,
        decided_on=TODAY,
        next_supervision=first,
        second_supervision=second,
        granted=granted,
        figures=SHIPPED,
    )


def test_a_line_granted_in_full_needs_no_reason_and_any_other_line_does():
    result = decide(
        "partly_approved",
        [line(0, 100, 100), line(1, 100, 60), line(2, 100, 0, refused=True)],
    )
    assert codes(result) == [
        ("decision.reason_missing", "1.reason", "error"),
        ("decision.reason_missing", "2.reason", "error"),
    ]
    assert [f.message for f in result.findings] == [
        "Skriv hvorfor udgiften ikke bevilges fuldt ud",
        "Skriv hvorfor udgiften afslås",
    ]
    assert (result.requested_total, result.approved_total) == (Decimal(300), Decimal(160))


def test_nothing_below_zero_or_above_what_was_asked():
    result = decide(
        "partly_approved", [line(0, 100, -1, reason="x"), line(1, 100, "100.01", reason="x")]
    )
    assert codes(result) == [
        ("decision.approved_negative", "0.approved", "error"),
        ("decision.approved_over_requested", "1.approved", "error"),
    ]
    assert result.findings[1].message == "Der kan højst bevilges det ansøgte beløb (100,00 kr.)."


def test_the_outcome_agrees_with_the_lines():
    short = [line(0, 100, 100), line(1, 100, 0, refused=True, reason="Indbo")]
    assert codes(decide("approved", short)) == [
        ("decision.approved_but_lines_short", "outcome", "error")
    ]
    assert codes(decide("refused", short)) == [
        ("decision.refused_but_lines_granted", "outcome", "error")
    ]
    assert codes(decide("partly_approved", short)) == []
    # The training may be approved and every expense refused, or partly approved in full.
    refused_all = [line(0, 100, 0, refused=True, reason="Indbo")]
    assert codes(decide("partly_approved", refused_all)) == []
    assert codes(decide("refused", refused_all)) == []
    assert codes(decide("partly_approved", [line(0, 100, 100)])) == []


def test_what_the_lines_point_to():
    assert derived_outcome([]) is None
    assert derived_outcome([line(0, 5, 5), line(1, 0, 0)]) == "approved"
    assert derived_outcome([line(0, 5, 0, refused=True)]) == "refused"
    assert derived_outcome([line(0, 5, 5), line(1, 5, 0, refused=True)]) == "partly_approved"
    assert derived_outcome([line(0, 5, 4)]) == "partly_approved"


def test_the_cap_of_a_known_year_is_a_limit_and_of_an_unknown_year_a_warning():
    # Bekendtgørelse § 6, stk. 2: 706.600 kr. a year (2024-level, seed 004).
    over = [line(0, 700000, 700000), line(1, 7000, 7000)]
    known = decide("approved", over, year=2024)
    assert codes(known) == [("decision.over_cap", "total", "error")]
    assert known.findings[0].message == (
        "De bevilgede udgifter er 707.000,00 kr., men loftet for 2024 er 706.600,00 kr. for ét "
        "barn. Sæt 400,00 kr. ned."
    )
    assert (known.cap, known.cap_year, known.remaining) == (
        Decimal("706600.00"),
        2024,
        Decimal("-400.00"),
    )
    unknown = decide("approved", over, year=2027)
    assert codes(unknown) == [("decision.maybe_over_cap", "total", "warning")]
    assert unknown.cap_year == 2024
    # No budget, no cap.
    assert decide("approved", [], year=None).cap is None


def test_an_approval_of_home_training_names_the_next_visits_twice_a_year():
    approve = [line(0, 100, 100)]
    training = {"case_type": "new_application"}
    assert codes(decide("approved", approve, **training)) == [
        ("decision.supervision_missing", "next_supervision", "error")
    ]
    # Not for a refusal, nor for equipment outside the year's budget.
    assert codes(decide("refused", [line(0, 1, 0, True, "x")], **training)) == []
    assert codes(decide("approved", approve)) == []

    def visits(first, second=None):
        return codes(decide("approved", approve, **training, first=first, second=second))

    assert visits(date(2027, 1, 15), date(2027, 7, 1)) == []
    assert visits(TODAY) == [
        ("decision.supervision_not_after_decision", "next_supervision", "error")
    ]
    assert visits(date(2027, 5, 24)) == [
        ("decision.first_supervision_too_late", "next_supervision", "error")
    ]
    assert visits(date(2027, 5, 23), date(2027, 11, 23)) == []
    assert visits(date(2027, 2, 1), date(2027, 2, 1)) == [
        ("decision.second_supervision_not_after_first", "second_supervision", "error")
    ]
    assert visits(date(2027, 2, 1), date(2027, 11, 24)) == [
        ("decision.second_supervision_too_late", "second_supervision", "error")
    ]
    assert visits(None, date(2027, 2, 1)) == [
        ("decision.supervision_missing", "next_supervision", "error"),
        ("decision.second_without_first", "next_supervision", "error"),
    ]


@pytest.mark.parametrize(
    ("case_type", "required"),
    [
        ("new_application", True),
        ("supplement_method", True),
        ("switch_method", True),
        ("annual_budget", True),
        ("extra_equipment", False),
        ("accounts", False),
    ],
)
def test_the_years_budget_names_the_years_supervision_visits(case_type, required):
    # "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen på hjemmetræningen, der
    # fremsendes hvert år i december" (seed 001, »Tilsyn«): the December budget decision too.
    approve = [line(0, 100, 100)]
    missing = [("decision.supervision_missing", "next_supervision", "error")]
    assert codes(decide("approved", approve, case_type=case_type)) == (missing if required else [])
    assert codes(decide("partly_approved", approve, case_type=case_type)) == (
        missing if required else []
    )
    assert codes(decide("approved", approve, case_type=case_type, first=date(2027, 3, 1))) == []
    assert codes(decide("refused", [line(0, 1, 0, True, "x")], case_type=case_type)) == []


def test_the_plan_is_due_14_days_before_a_visit():
    # "senest 14 dage inden tilsynsbesøget" (seed 001, Bilag 13).
    assert plan_due(date(2027, 3, 1)) == date(2027, 2, 15)


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(
    st.lists(st.tuples(amounts, amounts, st.booleans(), st.text(max_size=5)), max_size=30),
    st.sampled_from(["approved", "partly_approved", "refused"]),
)
def test_any_decision_of_the_right_shape_is_answered_never_raised(rows, outcome):
    lines = [
        LineDecision(n, requested, Decimal(0) if refused else approved, refused, reason)
        for n, (requested, approved, refused, reason) in enumerate(rows)
    ]
    result = decide(outcome, lines, case_type="new_application", first=date(2027, 1, 1))
    assert result.approved_total == sum((x.approved for x in lines), Decimal(0))
    assert all(f.is_error or f.code == "decision.maybe_over_cap" for f in result.findings)
