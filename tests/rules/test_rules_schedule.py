"""The weekly schedule: readable rows are required, the 37-hour cap is only advice."""

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules.findings import errors
from portal.rules.schedule import (
    DAYS,
    KINDS,
    budget_period_start,
    check_week,
    is_school_age,
    school_start,
    week_totals,
)
from portal.rules.settings import MunicipalitySettings

TODAY = date(2025, 3, 10)
TODDLER = date(2021, 5, 1)  # school starts 1 August 2027
PUPIL = date(2016, 5, 1)  # in school since 1 August 2022


def row(day, start, end, kind="training", method="ABR"):
    return {"day": day, "start": time(*start), "end": time(*end), "kind": kind, "method": method}


def thirty_seven_hours(kind="training"):
    """Monday-Thursday 08-16 and Friday 08-13: 37 hours."""
    week = [row(d, (8, 0), (16, 0), kind) for d in ("mon", "tue", "wed", "thu")]
    return week + [row("fri", (8, 0), (13, 0), kind)]


def codes(findings):
    return [f.code for f in findings]


class TestSchoolAge:
    # Folkeskoleloven § 34: school starts 1 August of the calendar year the child turns 6.
    @pytest.mark.parametrize(
        ("birth", "start"),
        [
            (date(2019, 1, 1), date(2025, 8, 1)),
            (date(2019, 12, 31), date(2025, 8, 1)),
            (date(2020, 2, 29), date(2026, 8, 1)),
        ],
    )
    def test_school_starts_in_august_of_the_year_the_child_turns_6(self, birth, start):
        assert school_start(birth) == start

    def test_school_age_begins_on_1_august(self):
        assert not is_school_age(date(2019, 12, 31), date(2025, 7, 31))
        assert is_school_age(date(2019, 12, 31), date(2025, 8, 1))

    def test_a_budget_is_judged_at_the_start_of_its_year_or_when_it_is_requested(self):
        # Seed 001: "senest 15. november ansøgning om budget for det kommende budgetår".
        assert budget_period_start(2026, date(2025, 11, 10)) == date(2026, 1, 1)
        # Asked for in the middle of the year, it covers the rest of it.
        assert budget_period_start(2026, date(2026, 3, 2)) == date(2026, 3, 2)


class TestCapBeforeSchoolAge:
    def test_exactly_37_hours_of_training_is_fine(self):
        entries = thirty_seven_hours()
        assert check_week(entries, child_birth_date=TODDLER, today=TODAY) == []
        totals = week_totals(entries, child_birth_date=TODDLER, today=TODAY)
        assert totals.training_hours == Decimal("37")
        assert totals.capped_hours == Decimal("37")

    def test_37_and_a_quarter_hours_is_a_warning_not_an_error(self):
        entries = [*thirty_seven_hours(), row("sat", (10, 0), (10, 15))]
        (finding,) = check_week(entries, child_birth_date=TODDLER, today=TODAY)
        assert (finding.code, finding.severity, finding.field) == (
            "schedule.training_over_cap",
            "warning",
            "week",
        )
        assert "37,25 timers træning" in finding.message
        assert "Esbjerg Kommune" in finding.message
        assert "ingen grænse i loven" in finding.source

    def test_day_care_and_leisure_do_not_count_towards_the_cap(self):
        entries = [
            *thirty_seven_hours(),
            row("sat", (10, 0), (12, 0), "leisure"),
            row("mon", (16, 0), (17, 0), "daycare"),
        ]
        assert check_week(entries, child_birth_date=TODDLER, today=TODAY) == []

    def test_the_cap_is_the_municipalitys_setting(self):
        entries = thirty_seven_hours()
        strict = MunicipalitySettings(weekly_training_cap_hours=Decimal("30"))
        assert codes(
            check_week(entries, child_birth_date=TODDLER, today=TODAY, settings=strict)
        ) == ["schedule.training_over_cap"]


class TestCapFromSchoolAge:
    def school_and_training(self, extra_minutes=0):
        school = [row(d, (8, 0), (13, 0), "school") for d in DAYS[:5]]  # 25 hours
        training = [row(d, (15, 0), (17, 24), "training") for d in DAYS[:5]]  # 12 hours
        if extra_minutes:
            training.append(row("sat", (10, 0), (10, extra_minutes)))
        return school + training

    def test_school_plus_training_of_exactly_37_hours_is_fine(self):
        entries = self.school_and_training()
        assert check_week(entries, child_birth_date=PUPIL, today=TODAY) == []
        totals = week_totals(entries, child_birth_date=PUPIL, today=TODAY)
        assert totals.school_age
        assert (totals.school_hours, totals.training_hours) == (Decimal(25), Decimal(12))
        assert totals.training_plus_school_hours == Decimal(37)

    def test_school_plus_training_above_37_hours_is_a_warning(self):
        entries = self.school_and_training(extra_minutes=15)
        (finding,) = check_week(entries, child_birth_date=PUPIL, today=TODAY)
        assert (finding.code, finding.severity) == (
            "schedule.school_and_training_over_cap",
            "warning",
        )
        assert "37,25" in finding.message

    def test_the_same_week_is_fine_before_school_age(self):
        # 12 hours of training; the school rows are not added before school age.
        entries = self.school_and_training(extra_minutes=15)
        assert check_week(entries, child_birth_date=TODDLER, today=TODAY) == []


class TestReadableRows:
    def test_end_before_start_is_an_error_on_the_end(self):
        entries = [row("mon", (8, 0), (9, 0)), row("mon", (12, 0), (11, 0))]
        (finding,) = check_week(entries, child_birth_date=TODDLER, today=TODAY)
        assert (finding.code, finding.severity, finding.field) == (
            "schedule.end_before_start",
            "error",
            "1.end",
        )

    def test_end_equal_to_start_is_an_error(self):
        entries = [row("mon", (8, 0), (8, 0))]
        assert codes(check_week(entries, child_birth_date=TODDLER, today=TODAY)) == [
            "schedule.end_before_start"
        ]

    def test_missing_time_is_an_error_on_that_time(self):
        entries = [{"day": "tue", "start": time(9, 0), "kind": "training"}]
        (finding,) = check_week(entries, child_birth_date=TODDLER, today=TODAY)
        assert (finding.code, finding.field) == ("schedule.time_missing", "0.end")

    def test_overlap_on_the_same_day_is_an_error_naming_the_other_row(self):
        entries = [
            row("mon", (8, 0), (12, 0), "daycare"),
            row("tue", (9, 0), (10, 0)),
            row("mon", (11, 30), (12, 30)),
        ]
        (finding,) = check_week(entries, child_birth_date=TODDLER, today=TODAY)
        assert (finding.code, finding.severity, finding.field) == (
            "schedule.overlap",
            "error",
            "2.start",
        )
        assert finding.message.startswith("Mandag: tidsrummet overlapper med 08:00-12:00.")

    def test_rows_that_touch_do_not_overlap(self):
        entries = [row("wed", (8, 0), (9, 0)), row("wed", (9, 0), (10, 0), "school")]
        assert check_week(entries, child_birth_date=TODDLER, today=TODAY) == []

    def test_same_times_on_different_days_do_not_overlap(self):
        entries = [row(d, (9, 0), (10, 0)) for d in DAYS]
        assert check_week(entries, child_birth_date=TODDLER, today=TODAY) == []

    def test_a_row_inside_a_long_row_overlaps_and_so_does_the_next(self):
        entries = [
            row("fri", (8, 0), (16, 0), "school"),
            row("fri", (9, 0), (10, 0)),
            row("fri", (15, 0), (17, 0)),
        ]
        found = check_week(entries, child_birth_date=TODDLER, today=TODAY)
        assert [(f.code, f.field) for f in found] == [
            ("schedule.overlap", "1.start"),
            ("schedule.overlap", "2.start"),
        ]

    def test_unknown_day_or_kind_is_a_programming_error(self):
        with pytest.raises(ValueError):
            check_week([row("monday", (8, 0), (9, 0))], child_birth_date=TODDLER, today=TODAY)
        with pytest.raises(ValueError):
            check_week([row("mon", (8, 0), (9, 0), "nap")], child_birth_date=TODDLER, today=TODAY)


def test_totals_per_day_and_method():
    entries = [
        row("mon", (8, 0), (9, 30), method="ABR"),
        row("mon", (10, 0), (10, 20), method="Bobath"),
        row("tue", (8, 0), (9, 0), method="ABR"),
        row("tue", (9, 0), (12, 0), "daycare"),
    ]
    totals = week_totals(entries, child_birth_date=TODDLER, today=TODAY)
    assert totals.training_minutes_by_day["mon"] == 110
    assert totals.training_hours_by_day["mon"] == Decimal("1.83")
    assert totals.training_minutes_by_method == {"ABR": 150, "Bobath": 20}
    assert totals.hours_by_kind["daycare"] == Decimal(3)
    assert totals.hours_by_kind["leisure"] == Decimal(0)


_rows = st.lists(
    st.builds(
        lambda day, start, length, kind: {
            "day": day,
            "start": time(start // 60, start % 60),
            "end": time((start + length) // 60, (start + length) % 60),
            "kind": kind,
        },
        day=st.sampled_from(DAYS),
        start=st.integers(0, 22 * 60),
        length=st.integers(1, 60),
        kind=st.sampled_from(KINDS),
    ),
    max_size=30,
)


@settings(max_examples=150, database=None)
@given(entries=_rows)
def test_totals_add_up_to_the_rows(entries):
    totals = week_totals(entries, child_birth_date=TODDLER, today=TODAY)

    def minutes(e):
        return (e["end"].hour - e["start"].hour) * 60 + e["end"].minute - e["start"].minute

    for kind in KINDS:
        assert totals.minutes_by_kind[kind] == sum(minutes(e) for e in entries if e["kind"] == kind)
    assert sum(totals.training_minutes_by_day.values()) == totals.training_minutes
    # Overlaps are the only possible errors in rows that all end after they start.
    found = check_week(entries, child_birth_date=TODDLER, today=TODAY)
    assert {f.code for f in errors(found)} <= {"schedule.overlap"}


def test_home_schooling_counts_with_school_in_the_weeks_cap():
    # "For børn i skolealderen vil omfanget af hjemmetræningen skulle ses i sammenhæng med
    # omfanget af barnets skolegang/hjemmeundervisning ... Som hovedregel vil skolegang og
    # hjemmetræning ikke kunne overstige 37 timer" (seed 001).
    rows = [
        {"day": day, "start": time(8), "end": time(13), "kind": "homeschool"}
        for day in ("mon", "tue", "wed", "thu", "fri")
    ] + [
        {"day": day, "start": time(14), "end": time(17), "kind": "training"}
        for day in ("mon", "tue", "wed", "thu", "fri")
    ]
    school_child = date(2015, 1, 1)
    totals = week_totals(rows, child_birth_date=school_child, today=date(2025, 3, 1))
    assert totals.school_hours == 25
    assert totals.capped_hours == 40
    findings = check_week(rows, child_birth_date=school_child, today=date(2025, 3, 1))
    assert [f.code for f in findings] == ["schedule.school_and_training_over_cap"]
