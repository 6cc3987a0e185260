"""Changes during the year (portal.rules.changes): training-free periods against the holiday
weeks, helper hours by the year's rate against the granted line, and moves between lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.rules.changes import (
    CHANGE_TYPES,
    NOTICE_TYPES,
    GrantedLine,
    check_helper_change,
    check_moves,
    check_pauses,
    helper_change,
    pause_years,
)
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings

HELPER = GrantedLine(
    "Hjælpetræner – sag HT-2026-000002, linje 1",
    "HT-2026-000002",
    1,
    "helper",
    "Hjælpetræner",
    Decimal("30000.00"),
    2026,
)
EQUIPMENT = GrantedLine(
    "Ståstativ – sag HT-2026-000002, linje 2",
    "HT-2026-000002",
    2,
    "equipment",
    "Ståstativ",
    Decimal("5000.00"),
    2026,
)
LINES = (HELPER, EQUIPMENT)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_every_change_but_moving_money_may_be_taken_to_note():
    assert set(CHANGE_TYPES) - {"budget_move"} == NOTICE_TYPES


class TestPauses:
    def test_a_period_over_new_year_counts_in_both_years_and_overlaps_once(self):
        periods = [
            {"start": date(2026, 12, 25), "end": date(2027, 1, 7)},
            {"start": date(2027, 1, 1), "end": date(2027, 1, 14)},
        ]
        years = pause_years(periods, settings=DEFAULT_SETTINGS)
        assert [(y.year, y.days) for y in years] == [(2026, 7), (2027, 14)]
        assert [y.weeks for y in years] == [Decimal("1.0"), Decimal("2.0")]

    def test_within_the_holiday_weeks_is_a_note_and_beyond_them_advice(self):
        five = [{"start": date(2027, 6, 28), "end": date(2027, 8, 1)}]
        assert codes(check_pauses(five, settings=DEFAULT_SETTINGS)) == ["pause.within_holiday"]
        six = [{"start": date(2027, 6, 28), "end": date(2027, 8, 8)}]
        (finding,) = check_pauses(six, settings=DEFAULT_SETTINGS)
        assert finding.code == "pause.beyond_holiday" and finding.severity == "warning"
        assert "så 1 uge er ud over ferien" in finding.message

    def test_the_municipalitys_own_holiday_weeks_count(self):
        three = MunicipalitySettings.from_mapping({"holiday_weeks": 3})
        four_weeks = [{"start": date(2027, 7, 1), "end": date(2027, 7, 28)}]
        (finding,) = check_pauses(four_weeks, settings=three)
        assert finding.code == "pause.beyond_holiday"
        assert "regner med 3 ugers ferie" in finding.message

    def test_an_end_before_the_start_is_an_error_at_the_end(self):
        (finding,) = check_pauses(
            [{"start": date(2027, 7, 10), "end": date(2027, 7, 1)}], settings=DEFAULT_SETTINGS
        )
        assert (finding.code, finding.severity, finding.field) == (
            "pause.end_before_start",
            "error",
            "0.end",
        )


class TestHelperHours:
    def test_the_rest_of_the_year_is_reckoned_by_the_rate_like_a_budget_line(self):
        # From 1 July: 184 of 365 days left, 47 training weeks x 184/365 = 23.7 weeks.
        change = helper_change(HELPER, Decimal("10"), date(2026, 7, 1), settings=DEFAULT_SETTINGS)
        assert change.weeks == Decimal("23.7")
        assert change.rate == Decimal("133.00") and change.rate_year == 2022
        # Wages and holiday pay each in whole øre, as a budget's helper line is reckoned.
        wages = Decimal("10") * Decimal("23.7") * Decimal("133")
        assert change.new_cost == wages + Decimal("3940.13")
        # Half a year less 1 day of the granted line is used before the new hours.
        assert change.used_before == Decimal("14876.71")

    def test_more_than_the_line_holds_is_advice_and_a_wrong_line_an_error(self):
        answers = {"line": HELPER.key, "hours": Decimal("30"), "start": date(2026, 3, 1)}
        change, found = check_helper_change(answers, LINES, settings=DEFAULT_SETTINGS)
        assert change.excess > 0
        assert codes(found) == ["helper_hours.over_line"]
        answers = {"line": EQUIPMENT.key, "hours": Decimal("1"), "start": date(2026, 12, 1)}
        found = check_helper_change(answers, LINES, settings=DEFAULT_SETTINGS)[1]
        assert codes(found)[0] == "helper_hours.not_helper_line"
        answers = {"line": "Bil – sag HT-2026-000009, linje 1", "hours": Decimal("1")}
        (finding,) = check_helper_change(answers, LINES, settings=DEFAULT_SETTINGS)[1]
        assert (finding.code, finding.severity) == ("helper_hours.unknown_line", "error")

    def test_without_granted_lines_the_family_may_still_send(self):
        answers = {"line": "", "hours": Decimal("5"), "start": date(2026, 3, 1)}
        assert check_helper_change(answers, (), settings=DEFAULT_SETTINGS) == (None, [])
        (finding,) = check_helper_change(answers, LINES, settings=DEFAULT_SETTINGS)[1]
        assert finding.code == "helper_hours.no_line" and finding.is_error


class TestMoves:
    def test_a_possible_move_is_advice_to_wait_for_the_decision(self):
        moves = [{"from_line": EQUIPMENT.key, "to_line": HELPER.key, "amount": Decimal("1000")}]
        (finding,) = check_moves(moves, LINES)
        assert (finding.code, finding.severity) == ("budget_move.needs_decision", "warning")

    def test_moves_from_one_line_together_may_not_exceed_what_it_holds(self):
        moves = [
            {"from_line": EQUIPMENT.key, "to_line": HELPER.key, "amount": Decimal("3000")},
            {
                "from_line": EQUIPMENT.key,
                "to_line": "ny",
                "to_description": "Trampolin",
                "amount": Decimal("2500"),
            },
        ]
        (finding,) = check_moves(moves, LINES)
        assert (finding.code, finding.field) == ("budget_move.more_than_line", "1.amount")
        assert "har 5.000,00 kr. bevilget" in finding.message

    def test_emptying_a_line_is_advice(self):
        moves = [{"from_line": EQUIPMENT.key, "to_line": HELPER.key, "amount": Decimal("5000")}]
        assert codes(check_moves(moves, LINES)) == [
            "budget_move.line_emptied",
            "budget_move.needs_decision",
        ]

    def test_what_cannot_be_read_as_a_move_is_an_error(self):
        moves = [
            {"from_line": HELPER.key, "to_line": HELPER.key, "amount": Decimal("10")},
            {"from_line": HELPER.key, "to_line": "ny", "amount": Decimal("10")},
            {"from_line": "Bil – sag X, linje 1", "to_line": HELPER.key, "amount": Decimal("1")},
            {"from_line": "", "to_line": "", "amount": Decimal("1")},
        ]
        assert [(f.code, f.field) for f in check_moves(moves, LINES)] == [
            ("budget_move.same_line", "0.to_line"),
            ("budget_move.new_line_undescribed", "1.to_description"),
            ("budget_move.unknown_line", "2.from_line"),
            ("budget_move.line_missing", "3.from_line"),
            ("budget_move.line_missing", "3.to_line"),
        ]
