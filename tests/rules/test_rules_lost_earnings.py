"""Lost earnings: the seed's worked example, the pro rata ceiling, pension, ATP, saved costs."""

import json
from decimal import Decimal
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules.lost_earnings import estimate, monthly_ceiling


def test_seed_example_half_time_above_the_ceiling_gives_13970():
    # Seed 003 point 237: 30.000 kr. a month, granted half the previous hours: ceiling 13.970.
    result = estimate(
        previous_monthly_income=30000,
        previous_weekly_hours=37,
        requested_weekly_hours="18.5",
        year=2013,
    )
    assert result.hours_share == Decimal("0.5")
    assert result.ceiling_full_time == Decimal("27940.00")
    assert result.ceiling == Decimal("13970.00")
    assert result.income_share == Decimal("15000.00")
    assert result.gross_benefit == Decimal("13970.00")
    assert result.capped
    assert result.findings == ()


def test_seed_example_income_below_the_ceiling_is_not_affected():
    # "en borger, der ... havde en bruttoindtægt på 25.000 kr. om måneden, [vil] ikke blive
    # påvirket af ydelsesloftet" (seed 003 point 237).
    result = estimate(
        previous_monthly_income=25000,
        previous_weekly_hours=37,
        requested_weekly_hours=37,
        year=2013,
    )
    assert result.gross_benefit == Decimal("25000.00")
    assert not result.capped


def test_income_exactly_at_the_ceiling_is_paid_in_full():
    result = estimate(
        previous_monthly_income="33063",
        previous_weekly_hours=30,
        requested_weekly_hours=30,
        year=2022,
    )
    assert result.gross_benefit == Decimal("33063.00")
    assert not result.capped


def test_part_time_below_the_ceiling_is_the_same_share_of_income():
    result = estimate(
        previous_monthly_income=24000,
        previous_weekly_hours=32,
        requested_weekly_hours=8,
        year=2022,
    )
    assert result.gross_benefit == Decimal("6000.00")
    assert result.ceiling == Decimal("8265.75")  # 33.063 x 8/32


class TestPension:
    def test_10_percent_of_the_gross_benefit(self):
        result = estimate(
            previous_monthly_income=30000,
            previous_weekly_hours=37,
            requested_weekly_hours=37,
            employer_pension_monthly=3500,
            year=2022,
        )
        assert result.pension_contribution == Decimal("3000.00")

    def test_at_most_the_previous_employer_contribution(self):
        result = estimate(
            previous_monthly_income=30000,
            previous_weekly_hours=37,
            requested_weekly_hours=37,
            employer_pension_monthly="1200",
            year=2022,
        )
        assert result.pension_contribution == Decimal("1200.00")

    def test_none_without_an_employer_paid_pension(self):
        result = estimate(
            previous_monthly_income=30000,
            previous_weekly_hours=37,
            requested_weekly_hours=37,
            year=2022,
        )
        assert result.pension_contribution == Decimal("0.00")


class TestATP:
    # Monthly hours = weekly hours x 52 / 12; A-sats tiers at 117, 78 and 39 hours a month.
    @pytest.mark.parametrize(
        ("weekly_hours", "recipient", "municipality"),
        [
            ("37", "94.65", "189.35"),  # 160,33 hours a month: full contribution
            ("27", "94.65", "189.35"),  # exactly 117 hours a month: still full
            ("26.9", "63.10", "126.25"),  # just under 117: 2/3
            ("9", "31.55", "63.10"),  # exactly 39 hours a month: 1/3
            ("8.9", "0.00", "0.00"),  # under 39: none
        ],
    )
    def test_recipient_pays_a_third_and_the_municipality_two_thirds(
        self, weekly_hours, recipient, municipality
    ):
        result = estimate(
            previous_monthly_income=20000,
            previous_weekly_hours=37,
            requested_weekly_hours=weekly_hours,
            year=2022,
        )
        assert (result.atp_recipient, result.atp_municipality) == (
            Decimal(recipient),
            Decimal(municipality),
        )
        assert result.atp_total == result.atp_recipient + result.atp_municipality
        # The published amounts are rounded; the split is 1/3 to 2/3 within 10 øre.
        assert abs(2 * result.atp_recipient - result.atp_municipality) <= Decimal("0.10")

    def test_the_rates_are_data_marked_as_not_from_the_source_documents(self):
        result = estimate(
            previous_monthly_income=20000,
            previous_weekly_hours=37,
            requested_weekly_hours=37,
            year=2022,
        )
        assert result.atp_year == 2022
        assert result.atp_source.startswith("ATP-bekendtgørelsen, bilag 1")
        data = files("portal.rules").joinpath("data", "atp_rates.json").read_text(encoding="utf-8")
        assert "NOT FROM THE SEEDS" in json.loads(data)["about"]


def test_saved_costs_are_deducted_and_every_component_is_shown():
    result = estimate(
        previous_monthly_income=30000,
        previous_weekly_hours=37,
        requested_weekly_hours=37,
        employer_pension_monthly=2400,
        saved_costs_monthly="1850.50",
        year=2022,
    )
    assert result.gross_benefit == Decimal("30000.00")
    assert result.taxable_benefit == Decimal("30000.00") - Decimal("94.65")
    assert result.payout_before_tax == Decimal("30000.00") - Decimal("94.65") - Decimal("1850.50")
    assert result.municipality_cost == Decimal("30000.00") + Decimal("2400.00") + Decimal("189.35")


def test_saved_costs_never_make_the_payout_negative():
    result = estimate(
        previous_monthly_income=2000,
        previous_weekly_hours=10,
        requested_weekly_hours=5,
        saved_costs_monthly=3000,
        year=2022,
    )
    assert result.payout_before_tax == Decimal("0.00")


class TestFindings:
    def test_more_hours_than_before_is_an_error_and_the_share_stops_at_all_hours(self):
        result = estimate(
            previous_monthly_income=20000,
            previous_weekly_hours=30,
            requested_weekly_hours=37,
            year=2022,
        )
        (finding,) = result.findings
        assert (finding.code, finding.severity, finding.field) == (
            "lost_earnings.more_hours_than_before",
            "error",
            "requested_weekly_hours",
        )
        assert "30 timer" in finding.message
        assert result.hours_share == 1
        assert result.gross_benefit == Decimal("20000.00")

    def test_the_same_hours_as_before_are_fine(self):
        result = estimate(
            previous_monthly_income=20000,
            previous_weekly_hours="37.5",
            requested_weekly_hours="37.5",
            year=2022,
        )
        assert result.findings == ()

    def test_no_previous_hours_asks_for_them(self):
        result = estimate(
            previous_monthly_income=20000,
            previous_weekly_hours=0,
            requested_weekly_hours=20,
            year=2022,
        )
        assert [f.code for f in result.findings] == ["lost_earnings.no_previous_hours"]
        assert result.gross_benefit == 0

    def test_no_requested_hours_asks_for_them(self):
        result = estimate(
            previous_monthly_income=20000,
            previous_weekly_hours=37,
            requested_weekly_hours="",
            year=2022,
        )
        assert [f.code for f in result.findings] == ["lost_earnings.no_requested_hours"]

    def test_a_year_without_a_ceiling_uses_the_latest_and_names_it(self):
        result = estimate(
            previous_monthly_income=45000,
            previous_weekly_hours=37,
            requested_weekly_hours=37,
            year=2026,
        )
        assert (result.ceiling_year, result.gross_benefit) == (2022, Decimal("33063.00"))
        (finding,) = result.findings
        assert (finding.code, finding.severity) == ("lost_earnings.ceiling_year_unknown", "warning")
        assert "Loftet for 2026 er endnu ikke kendt" in finding.message
        assert "33.063,00 kr. om måneden (2022-niveau)" in finding.message
        assert result.ceiling_note is not None

    def test_an_unknown_year_below_the_ceiling_needs_no_warning(self):
        result = estimate(
            previous_monthly_income=25000,
            previous_weekly_hours=37,
            requested_weekly_hours=37,
            year=2026,
        )
        assert result.findings == ()
        assert result.ceiling_note is not None

    def test_negative_amounts_and_float_money_are_refused(self):
        with pytest.raises(ValueError):
            estimate(
                previous_monthly_income=-1,
                previous_weekly_hours=37,
                requested_weekly_hours=37,
                year=2022,
            )
        with pytest.raises(TypeError):
            estimate(
                previous_monthly_income=30000.0,
                previous_weekly_hours=37,
                requested_weekly_hours=37,
                year=2022,
            )

    def test_parameters_are_keyword_only(self):
        with pytest.raises(TypeError):
            estimate(30000, 37, 37, 0, 0, 2022)  # type: ignore[misc]


@pytest.mark.parametrize(("year", "amount"), [(2013, "27940"), (2022, "33063")])
def test_ceilings_of_the_sources_are_kept_per_year(year, amount):
    figure = monthly_ceiling(year)
    assert (figure.year, figure.amount) == (year, Decimal(amount))
    # Named by the document a caseworker can look up.
    assert (
        "Ankestyrelsens notat om hjemmetræning" in figure.source
        or "Esbjerg Kommunes vejledning om hjemmetræning" in figure.source
    )


@settings(max_examples=200, database=None)
@given(
    income=st.decimals(min_value=0, max_value=200000, places=2),
    previous=st.decimals(min_value=1, max_value=60, places=2),
    share=st.decimals(min_value="0.01", max_value=1, places=2),
    pension=st.decimals(min_value=0, max_value=10000, places=2),
    year=st.integers(2010, 2030),
)
def test_the_benefit_never_exceeds_income_share_or_ceiling(income, previous, share, pension, year):
    requested = (previous * share).quantize(Decimal("0.01"))
    if requested == 0:
        return
    result = estimate(
        previous_monthly_income=income,
        previous_weekly_hours=previous,
        requested_weekly_hours=requested,
        employer_pension_monthly=pension,
        year=year,
    )
    assert result.gross_benefit <= income
    assert result.gross_benefit <= result.ceiling_full_time
    assert result.gross_benefit == min(result.income_share, result.ceiling)
    assert result.pension_contribution <= pension
    assert result.pension_contribution <= result.gross_benefit * Decimal("0.1") + Decimal("0.005")
    assert [f.severity for f in result.findings if f.severity == "error"] == []
