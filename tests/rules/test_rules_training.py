"""A training's life after approval: every change of state, who may make it, and the dates."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest

from portal.rules import training
from portal.rules.training import (
    STATES,
    WAYS,
    ChangeRefused,
    check_change,
    decision_problem,
    earliest_effect,
    eighteenth_birthday,
    ending_findings,
    final_accounts_due,
    needs_hearing,
    state,
    training_ends_on,
)

# Every (from, to, way) the rules allow; everything else is refused.
ALLOWED = {
    ("active", "ending", "family"),
    ("active", "ending", "municipality"),
    ("active", "ended", "family"),
    ("active", "ended", "age18"),
    ("ending", "ending", "municipality"),
    ("ending", "active", "family"),
    ("ending", "ended", "time"),
    ("ending", "ended", "age18"),
}


@pytest.mark.parametrize(("from_state", "to_state", "way"), list(product(STATES, STATES, WAYS)))
def test_every_change_of_state_is_allowed_or_refused_as_the_table_says(from_state, to_state, way):
    # The municipality has heard the family and decided; the family's notice is undecided.
    conditions = {"heard": True, "decided": way == "municipality"}
    if (from_state, to_state, way) in ALLOWED:
        check_change(from_state, to_state, way, **conditions)
    else:
        with pytest.raises(ChangeRefused):
            check_change(from_state, to_state, way, **conditions)


@pytest.mark.parametrize(("heard", "decided"), [(False, False), (True, False), (False, True)])
def test_the_municipality_stops_a_training_only_after_a_hearing_and_by_a_decision(heard, decided):
    """001: "Der vil altid være en dialog med jer som forældre, inden der træffes afgørelse om
    ophør af hjemmetræningen." """
    with pytest.raises(ChangeRefused, match="efter at familien er hørt"):
        check_change("active", "ending", "municipality", heard=heard, decided=decided)


def test_an_ended_training_takes_no_change_and_a_family_that_gave_notice_calls_the_municipality():
    with pytest.raises(ChangeRefused, match="ny ansøgning"):
        check_change("ended", "ending", "family")
    with pytest.raises(ChangeRefused, match="Kontakt kommunen"):
        check_change("ending", "ending", "family")


def test_the_family_takes_back_its_notice_only_before_the_decision():
    check_change("ending", "active", "family", decided=False)
    with pytest.raises(ChangeRefused, match="Kommunen har truffet afgørelse"):
        check_change("ending", "active", "family", decided=True)


def test_unknown_states_and_ways_are_programming_errors():
    with pytest.raises(ValueError):
        check_change("paused", "ended", "family")
    with pytest.raises(ValueError):
        check_change("active", "ended", "neighbour")


def test_the_state_follows_the_day_set_and_the_18th_birthday():
    born = date(2012, 5, 10)
    assert state(born, None, date(2026, 1, 1)) == "active"
    assert state(born, date(2026, 3, 1), date(2026, 1, 1)) == "ending"
    assert state(born, date(2026, 3, 1), date(2026, 2, 28)) == "ending"
    assert state(born, date(2026, 3, 1), date(2026, 3, 1)) == "ended"
    # Principafgørelse 45-14: at 18 "uden yderligere varsling", with or without a day set.
    assert state(born, None, date(2030, 5, 9)) == "active"
    assert state(born, None, date(2030, 5, 10)) == "ended"
    assert state(born, date(2031, 1, 1), date(2030, 5, 10)) == "ended"
    assert training_ends_on(born, date(2031, 1, 1)) == date(2030, 5, 10)


@pytest.mark.parametrize(
    ("born", "eighteen"),
    [
        # Turning 18 the day before a leap day.
        (date(2010, 2, 28), date(2028, 2, 28)),
        # Born on a leap day: 28 February in a common year, as the calendar counts it.
        (date(2008, 2, 29), date(2026, 2, 28)),
        (date(2012, 2, 29), date(2030, 2, 28)),
        # 18 is no multiple of 4: a child born on a leap day never turns 18 on one.
        (date(2004, 2, 29), date(2022, 2, 28)),
        # Turning 18 on 1 March of a leap year: the last day of training is the leap day.
        (date(2010, 3, 1), date(2028, 3, 1)),
    ],
)
def test_the_18th_birthday_and_the_last_day_of_training_the_day_before(born, eighteen):
    """Principafgørelse 45-14: "Når den unge fylder 18 år, stopper hjemmetræning"; the birthday
    is the first day without training."""
    assert eighteenth_birthday(born) == eighteen
    assert training.last_day(eighteenth_birthday(born)) == eighteen - timedelta(days=1)
    assert training.last_day(eighteenth_birthday(date(2010, 3, 1))) == date(2028, 2, 29)


def test_the_family_is_told_three_months_before_18():
    assert training.age_notice_day(date(2010, 5, 31)) == date(2028, 2, 29)
    assert training.age_notice_day(date(2008, 2, 29)) == date(2025, 11, 28)


def test_final_accounts_are_due_8_weeks_after_the_last_day():
    """001: "Senest 8 uger efter endt budgetår"; the issue: 8 weeks after the end."""
    ends_on = date(2026, 7, 1)  # last day 30 June
    assert final_accounts_due(ends_on) == date(2026, 8, 25)


@pytest.mark.parametrize(
    ("kind", "by_agreement", "needed"),
    [
        ("end", False, True),
        ("end", True, True),
        ("reduce", False, True),
        ("reduce", True, True),
        ("adjust", False, True),
        ("adjust", True, False),
    ],
)
def test_only_an_adjustment_agreed_with_the_family_skips_the_hearing(kind, by_agreement, needed):
    assert needs_hearing(kind, by_agreement=by_agreement) is needed


def test_reducing_or_stopping_takes_effect_at_the_earliest_after_the_14_weeks_notice():
    """Serviceloven § 3 a (003: "et varsel på mindst 14 uger")."""
    decided = date(2026, 12, 5)
    assert earliest_effect("end", decided) == date(2027, 3, 13)
    assert earliest_effect("reduce", decided) == date(2027, 3, 13)
    assert earliest_effect("adjust", decided) == decided


def test_a_decision_waits_for_the_hearings_answer_or_its_deadline():
    today = date(2026, 12, 5)
    common = {"kind": "end", "by_agreement": False, "today": today}
    assert "Send forslaget" in decision_problem(
        **common, hearing_sent=False, hearing_answered=False, answer_by=None
    )
    waiting = decision_problem(**common, hearing_sent=True, hearing_answered=False, answer_by=today)
    assert "Vent på svaret" in waiting
    assert (
        decision_problem(
            **common, hearing_sent=True, hearing_answered=True, answer_by=today + timedelta(7)
        )
        is None
    )
    assert (
        decision_problem(
            **common,
            hearing_sent=True,
            hearing_answered=False,
            answer_by=today - timedelta(days=1),
        )
        is None
    )
    assert (
        decision_problem(
            "adjust",
            by_agreement=True,
            hearing_sent=False,
            hearing_answered=False,
            answer_by=None,
            today=today,
        )
        is None
    )


def test_the_familys_own_last_day_gets_advice_never_an_error():
    born = date(2010, 6, 1)
    today = date(2026, 12, 5)
    assert ending_findings(date(2026, 12, 31), birth_date=born, today=today) == []
    late = ending_findings(date(2028, 6, 30), birth_date=born, today=today)
    assert [(f.code, f.severity) for f in late] == [("training.after_18", "warning")]
    assert "1. juni 2028" in late[0].message
    assert late[0].source == "Ankestyrelsens principafgørelse 45-14"
    past = ending_findings(date(2026, 11, 30), birth_date=born, today=today)
    assert [(f.code, f.severity) for f in past] == [("training.past", "note")]


def test_a_last_day_before_the_approval_is_impossible():
    approved = date(2026, 3, 1)
    assert training.last_day_problem(date(2026, 2, 28), approved_on=approved) is not None
    assert training.last_day_problem(date(2026, 3, 1), approved_on=approved) is None
