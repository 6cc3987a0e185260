"""A municipality's configuration: Esbjerg's defaults, and the JSON the database stores."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules.case_types import CASE_TYPE_LABELS, CASE_TYPES
from portal.rules.settings import (
    DEFAULT_SETTINGS,
    HandlingTime,
    MonthDay,
    MunicipalitySettings,
)


def test_defaults_are_esbjerg_kommunes_guide():
    s = DEFAULT_SETTINGS
    assert s.name == "Esbjerg Kommune"
    assert s.handling_times == {
        "new_application": HandlingTime(4, "months"),
        "supplement_method": HandlingTime(8, "weeks"),
        "switch_method": HandlingTime(4, "months"),
        "extra_equipment": HandlingTime(4, "weeks"),
        "annual_budget": HandlingTime(4, "weeks"),
        "accounts": HandlingTime(4, "weeks"),
        # The seed is silent on renewed goals: the supplement's "højest 8 uger".
        "renewed_goals": HandlingTime(8, "weeks"),
        # The seed is silent on changes during the year: equipment's "4 uger".
        "family_change": HandlingTime(4, "weeks"),
        "child_change": HandlingTime(4, "weeks"),
        "school_change": HandlingTime(4, "weeks"),
        "training_pause": HandlingTime(4, "weeks"),
        "helper_hours": HandlingTime(4, "weeks"),
        "budget_move": HandlingTime(4, "weeks"),
        # The guide is silent on the end of a training: its pace for economic decisions.
        "training_ending": HandlingTime(4, "weeks"),
        "training_change": HandlingTime(4, "weeks"),
    }
    assert s.weekly_training_cap_hours == Decimal("37")
    assert s.helper_hourly_rates == {2022: Decimal("133")}
    assert s.helper_holiday_pay_percent == Decimal("12.5")
    assert s.family_helpers_allowed is False
    assert s.holiday_weeks == 5
    assert s.working_weeks == 47
    assert s.soon_window_days == 14
    # Issue 15: "within the municipality's setting (default 14 days)".
    assert s.consent_days == 14
    assert s.budget_due == MonthDay(11, 15)
    assert s.accounts_due == MonthDay(2, 28)
    assert s.accounts_decision == MonthDay(3, 31)


def test_every_case_type_has_a_handling_time_and_a_danish_label():
    assert set(DEFAULT_SETTINGS.handling_times) == set(CASE_TYPES)
    assert set(CASE_TYPE_LABELS) == set(CASE_TYPES)


def test_none_and_empty_mapping_give_the_defaults():
    assert MunicipalitySettings.from_mapping(None) == DEFAULT_SETTINGS
    assert MunicipalitySettings.from_mapping({}) == DEFAULT_SETTINGS


def test_missing_keys_fall_back_to_the_defaults():
    s = MunicipalitySettings.from_mapping(
        {"name": "Aarhus Kommune", "handling_times": {"supplement_method": {"weeks": 6}}}
    )
    assert s.name == "Aarhus Kommune"
    assert s.handling_times["supplement_method"] == HandlingTime(6, "weeks")
    assert s.handling_times["new_application"] == HandlingTime(4, "months")
    assert s.helper_hourly_rates == {2022: Decimal("133")}


def test_round_trips_through_json():
    stored = json.dumps(DEFAULT_SETTINGS.to_mapping())
    assert MunicipalitySettings.from_mapping(json.loads(stored)) == DEFAULT_SETTINGS


def test_json_numbers_are_read_as_exact_decimals():
    s = MunicipalitySettings.from_mapping({"helper_hourly_rates": {"2025": 140.1}})
    assert s.helper_hourly_rates == {2025: Decimal("140.1")}


def test_the_helper_rate_is_the_latest_years_up_to_the_budget_year():
    """Seed 001: "133 kr./time (2022 niveau)"; a municipality adds a rate when it sets one."""
    s = MunicipalitySettings.from_mapping(
        {"helper_hourly_rates": {"2022": "133", "2026": "145.50"}, "family_helpers_allowed": True}
    )
    assert s.helper_rate(2025) == (Decimal("133"), 2022)
    assert s.helper_rate(2026) == (Decimal("145.50"), 2026)
    assert s.family_helpers_allowed is True


@pytest.mark.parametrize(
    "data",
    [
        {"holliday_weeks": 6},  # misspelt: must not silently keep 5
        {"handling_times": {"new_aplication": {"months": 3}}},
        {"handling_times": {"new_application": {"days": 30}}},
        {"handling_times": {"new_application": {"months": 0}}},
        {"handling_times": {"new_application": {"months": 2, "weeks": 1}}},
        {"budget_due": "11/15"},
        {"accounts_due": "02-30"},
        {"helper_hourly_rates": {"2022": "mange"}},
        {"helper_hourly_rates": {"2022": -133}},
        {"helper_hourly_rates": {"toogtyve": 133}},
        {"helper_hourly_rates": {}},
        {"helper_holiday_pay_percent": 100},
        {"family_helpers_allowed": "nej"},
        {"weekly_training_cap_hours": 0},
        {"holiday_weeks": 52},
        {"soon_window_days": -1},
        {"soon_window_days": 1.5},
        {"consent_days": 0},
        {"consent_days": "14"},
        {"name": ""},
    ],
)
def test_invalid_settings_are_refused(data):
    with pytest.raises(ValueError):
        MunicipalitySettings.from_mapping(data)


def test_29_february_as_a_recurring_day_falls_on_28_february_in_common_years():
    day = MonthDay.parse("02-29")
    assert day.in_year(2024).isoformat() == "2024-02-29"
    assert day.in_year(2025).isoformat() == "2025-02-28"


_periods = st.builds(
    HandlingTime, count=st.integers(1, 24), unit=st.sampled_from(["weeks", "months"])
)
_month_days = st.dates().map(lambda d: MonthDay(d.month, d.day))


@settings(max_examples=100, database=None)
@given(
    handling=st.fixed_dictionaries({t: _periods for t in CASE_TYPES}),
    cap=st.decimals(min_value=1, max_value=80, places=2),
    rate=st.decimals(min_value="0.01", max_value=1000, places=2),
    holiday_pay=st.decimals(min_value=0, max_value="99.99", places=2),
    family=st.booleans(),
    holiday_weeks=st.integers(0, 51),
    window=st.integers(0, 60),
    consent_days=st.integers(1, 90),
    budget_due=_month_days,
    accounts_due=_month_days,
    accounts_decision=_month_days,
)
def test_any_valid_settings_round_trip(
    handling,
    cap,
    rate,
    holiday_pay,
    family,
    holiday_weeks,
    window,
    consent_days,
    budget_due,
    accounts_due,
    accounts_decision,
):
    s = MunicipalitySettings(
        name="Testkommune",
        handling_times=handling,
        weekly_training_cap_hours=cap,
        helper_hourly_rates={2022: rate, 2025: rate + 1},
        helper_holiday_pay_percent=holiday_pay,
        family_helpers_allowed=family,
        holiday_weeks=holiday_weeks,
        soon_window_days=window,
        consent_days=consent_days,
        budget_due=budget_due,
        accounts_due=accounts_due,
        accounts_decision=accounts_decision,
    )
    assert MunicipalitySettings.from_mapping(json.loads(json.dumps(s.to_mapping()))) == s
