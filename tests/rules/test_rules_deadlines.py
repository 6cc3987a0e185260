"""The deadline engine: handling times from seed 001, counted from the day of receipt."""

import calendar
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules.deadlines import (
    CASE_TYPE_LABELS,
    CASE_TYPES,
    days_left,
    deadline_state,
    due_date,
    next_accounts_due,
    next_budget_due,
)
from portal.rules.settings import DEFAULT_SETTINGS, HandlingTime, MunicipalitySettings

MONTH_TYPES = ("new_application", "switch_method")
WEEK_TYPES = {
    "supplement_method": 8,
    "extra_equipment": 4,
    "annual_budget": 4,
    "renewed_goals": 8,
    # Changes during the year: the seed sets none; they get equipment's 4 weeks.
    "family_change": 4,
    "child_change": 4,
    "school_change": 4,
    "training_pause": 4,
    "helper_hours": 4,
    "budget_move": 4,
    "training_ending": 4,
    "training_change": 4,
}


@pytest.mark.parametrize(
    ("case_type", "received", "due"),
    [
        # "Den lovgivningsmæssige frist for ... den børnefaglige undersøgelse er 4 måneder."
        ("new_application", date(2024, 1, 15), date(2024, 5, 15)),
        # "Der er en sagsbehandlingstid på højest 8 uger." 8 weeks = 56 days.
        ("supplement_method", date(2024, 1, 15), date(2024, 3, 11)),
        # Switching method "betragtes som en ny ansøgning ... op til 4 måneder".
        ("switch_method", date(2024, 6, 30), date(2024, 10, 30)),
        # Equipment outside the budget: "sagsbehandlingstid på 4 uger".
        ("extra_equipment", date(2024, 12, 20), date(2025, 1, 17)),
        # Budget sent by 15 November, decision "senest 4 uger senere": 13 December.
        ("annual_budget", date(2024, 11, 15), date(2024, 12, 13)),
        # Accounts by 28 February, "Senest d. 31.03.xx modtager du afgørelse på regnskabet".
        ("accounts", date(2025, 2, 28), date(2025, 3, 31)),
        ("accounts", date(2025, 1, 5), date(2025, 3, 31)),
        # "Målene gælder i 6 måneder": the seed sets no handling time for the renewed goals;
        # they get the supplement's "sagsbehandlingstid på højest 8 uger".
        ("renewed_goals", date(2024, 7, 1), date(2024, 8, 26)),
        # A change during the year reported before New Year is answered in the new year.
        ("family_change", date(2024, 12, 20), date(2025, 1, 17)),
        ("child_change", date(2024, 2, 1), date(2024, 2, 29)),
        ("school_change", date(2025, 8, 1), date(2025, 8, 29)),
        ("training_pause", date(2025, 6, 10), date(2025, 7, 8)),
        ("helper_hours", date(2025, 3, 3), date(2025, 3, 31)),
        ("budget_move", date(2026, 10, 15), date(2026, 11, 12)),
    ],
)
def test_handling_times_of_esbjerg_kommune(case_type, received, due):
    assert due_date(case_type, received) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [(date(2023, 10, 31), date(2024, 2, 29)), (date(2024, 10, 31), date(2025, 2, 28))],
)
def test_31_october_plus_4_months_is_the_last_day_of_february(received, due):
    assert due_date("new_application", received) == due
    assert due_date("switch_method", received) == due


def test_30_november_plus_4_months_is_30_march():
    assert due_date("new_application", date(2024, 11, 30)) == date(2025, 3, 30)


class TestLateAccounts:
    """The seed only gives 31 March; late accounts still get the accounts handling time."""

    def test_accounts_on_29_february_of_a_leap_year_are_decided_by_31_march(self):
        assert due_date("accounts", date(2024, 2, 29)) == date(2024, 3, 31)

    def test_a_late_receipt_still_leaves_4_weeks_but_never_less_than_31_march(self):
        # 3 March + 28 days = 31 March: the seed's date still holds.
        assert due_date("accounts", date(2025, 3, 3)) == date(2025, 3, 31)
        # One day later the 4 weeks take over.
        assert due_date("accounts", date(2025, 3, 4)) == date(2025, 4, 1)
        assert due_date("accounts", date(2025, 3, 20)) == date(2025, 4, 17)

    def test_accounts_received_on_31_march_get_4_weeks(self):
        assert due_date("accounts", date(2025, 3, 31)) == date(2025, 4, 28)

    def test_accounts_received_after_31_march_are_due_4_weeks_after_receipt(self):
        assert due_date("accounts", date(2025, 4, 1)) == date(2025, 4, 29)
        assert due_date("accounts", date(2025, 9, 10)) == date(2025, 10, 8)

    def test_the_late_period_is_the_municipalitys_accounts_handling_time(self):
        s = MunicipalitySettings.from_mapping({"handling_times": {"accounts": {"weeks": 6}}})
        assert due_date("accounts", date(2025, 4, 1), settings=s) == date(2025, 5, 13)
        assert due_date("accounts", date(2025, 2, 1), settings=s) == date(2025, 3, 31)


def test_a_municipality_sets_its_own_handling_times():
    s = MunicipalitySettings.from_mapping(
        {"handling_times": {"new_application": {"months": 3}, "extra_equipment": {"weeks": 2}}}
    )
    assert due_date("new_application", date(2024, 1, 31), settings=s) == date(2024, 4, 30)
    assert due_date("extra_equipment", date(2024, 1, 31), settings=s) == date(2024, 2, 14)
    assert due_date("supplement_method", date(2024, 1, 31), settings=s) == date(2024, 3, 27)


def test_a_municipality_sets_its_own_handling_time_for_renewed_goals():
    # "Målene gælder i 6 måneder" (seed 001); the handling time is the municipality's setting.
    s = MunicipalitySettings.from_mapping({"handling_times": {"renewed_goals": {"weeks": 4}}})
    assert due_date("renewed_goals", date(2024, 1, 31), settings=s) == date(2024, 2, 28)
    assert due_date("renewed_goals", date(2024, 1, 31)) == date(2024, 3, 27)


def test_unknown_case_type_is_refused():
    with pytest.raises(ValueError, match="unknown case type"):
        due_date("complaint", date(2024, 1, 1))


def test_a_datetime_of_receipt_counts_as_its_calendar_day():
    received = datetime(2024, 1, 1, 23, 59, tzinfo=UTC)
    assert due_date("extra_equipment", received) == date(2024, 1, 29)


def test_every_case_type_has_a_label():
    assert all(CASE_TYPE_LABELS[t].strip() for t in CASE_TYPES)


def _every_day(first_year, last_year):
    day, end = date(first_year, 1, 1), date(last_year, 12, 31)
    while day <= end:
        yield day
        day += timedelta(days=1)


# 2023-2029 holds two leap years (2024 and 2028) and every month end around them.
DAYS = list(_every_day(2023, 2029))


@pytest.mark.parametrize("case_type", CASE_TYPES)
def test_over_every_day_the_due_date_is_after_receipt_and_never_moves_back(case_type):
    previous = None
    for received in DAYS:
        due = due_date(case_type, received)
        assert due > received, received
        if previous is not None:
            assert due >= previous, received
        previous = due


@pytest.mark.parametrize("case_type", MONTH_TYPES)
def test_over_every_day_months_keep_the_day_number_or_end_the_month(case_type):
    for received in DAYS:
        due = due_date(case_type, received)
        months = (due.year - received.year) * 12 + due.month - received.month
        assert months == 4, received
        last_day = calendar.monthrange(due.year, due.month)[1]
        assert due.day == received.day or (due.day == last_day < received.day), received


def test_every_request_type_but_the_month_types_and_the_accounts_is_counted_in_weeks():
    assert set(WEEK_TYPES) == set(CASE_TYPES) - set(MONTH_TYPES) - {"accounts"}


@pytest.mark.parametrize(("case_type", "weeks"), WEEK_TYPES.items())
def test_over_every_day_weeks_are_whole_7_day_periods(case_type, weeks):
    for received in DAYS:
        assert (due_date(case_type, received) - received).days == 7 * weeks, received


_periods = st.builds(
    HandlingTime, count=st.integers(1, 30), unit=st.sampled_from(["weeks", "months"])
)
_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@settings(max_examples=200, database=None)
@given(
    case_type=st.sampled_from(CASE_TYPES),
    period=_periods,
    first=_dates,
    gap=st.integers(0, 800),
)
def test_for_any_handling_time_a_later_receipt_never_gives_an_earlier_due_date(
    case_type, period, first, gap
):
    s = MunicipalitySettings(handling_times={case_type: period})
    later = first + timedelta(days=gap)
    assert first < due_date(case_type, first, settings=s)
    assert due_date(case_type, first, settings=s) <= due_date(case_type, later, settings=s)


class TestDeadlineState:
    due = date(2025, 3, 31)

    @pytest.mark.parametrize(
        ("today", "left", "state"),
        [
            (date(2025, 3, 16), 15, "ok"),
            (date(2025, 3, 17), 14, "soon"),  # exactly the 14-day window
            (date(2025, 3, 31), 0, "soon"),  # the due day itself is not yet passed
            (date(2025, 4, 1), -1, "overdue"),
        ],
    )
    def test_state_follows_days_left(self, today, left, state):
        assert days_left(self.due, today) == left
        assert deadline_state(self.due, today) == state

    def test_the_window_is_the_municipalitys_setting(self):
        s = MunicipalitySettings(soon_window_days=7)
        assert deadline_state(self.due, date(2025, 3, 23), settings=s) == "ok"
        assert deadline_state(self.due, date(2025, 3, 24), settings=s) == "soon"


class TestStatutoryDates:
    def test_budget_is_due_15_november_this_year_until_it_has_passed(self):
        assert next_budget_due(date(2025, 1, 1)) == date(2025, 11, 15)
        assert next_budget_due(date(2025, 11, 15)) == date(2025, 11, 15)
        assert next_budget_due(date(2025, 11, 16)) == date(2026, 11, 15)

    def test_accounts_are_due_28_february_also_in_a_leap_year(self):
        assert next_accounts_due(date(2024, 1, 10)) == date(2024, 2, 28)
        assert next_accounts_due(date(2024, 2, 28)) == date(2024, 2, 28)
        assert next_accounts_due(date(2024, 2, 29)) == date(2025, 2, 28)
        assert next_accounts_due(date(2024, 12, 31)) == date(2025, 2, 28)

    def test_dates_follow_the_settings(self):
        s = MunicipalitySettings.from_mapping({"budget_due": "10-01", "accounts_due": "03-15"})
        assert next_budget_due(date(2025, 10, 2), settings=s) == date(2026, 10, 1)
        assert next_accounts_due(date(2025, 3, 1), settings=s) == date(2025, 3, 15)

    def test_defaults_are_used_without_settings(self):
        assert DEFAULT_SETTINGS.budget_due.in_year(2025) == next_budget_due(date(2025, 6, 1))
