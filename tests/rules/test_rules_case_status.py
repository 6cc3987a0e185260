"""The statuses of a case and who may change them (portal.rules.case_status)."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from portal.rules.case_status import (
    ACTORS,
    CLOSED_STATUSES,
    EVENT_LABELS,
    OPEN_STATUSES,
    OUTCOME_LABELS,
    OUTCOMES,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    STATUSES,
    TransitionRefused,
    allowed_next,
    check_transition,
    delay_notice_problem,
)

# The whole table, written out: (from, to) -> who may. Every other change is refused.
LEGAL = {
    ("received", "under_review"): {"staff"},
    ("received", "information_requested"): {"staff"},
    ("received", "decided"): {"staff"},
    ("received", "withdrawn"): {"parent"},
    ("under_review", "information_requested"): {"staff"},
    ("under_review", "decided"): {"staff"},
    ("under_review", "withdrawn"): {"parent"},
    ("information_requested", "under_review"): {"staff", "parent"},
    ("information_requested", "decided"): {"staff"},
    ("information_requested", "withdrawn"): {"parent"},
    # A change during the year the municipality takes to note.
    ("received", "noted"): {"staff"},
    ("under_review", "noted"): {"staff"},
    ("information_requested", "noted"): {"staff"},
}


@pytest.mark.parametrize(
    ("from_status", "to_status", "actor"), list(product(STATUSES, STATUSES, ACTORS))
)
def test_every_change_is_allowed_exactly_as_the_table_says(from_status, to_status, actor):
    if actor in LEGAL.get((from_status, to_status), set()):
        check_transition(from_status, to_status, actor)
    else:
        with pytest.raises(TransitionRefused) as refused:
            check_transition(from_status, to_status, actor)
        # The message is Danish and complete once its status labels are filled in.
        message = refused.value.msgid % refused.value.params
        assert message.endswith(".") and "%(" not in message


def test_decided_and_withdrawn_are_final_with_a_plain_reason():
    with pytest.raises(TransitionRefused, match="Sagen er afgjort"):
        check_transition("decided", "under_review", "staff")
    with pytest.raises(TransitionRefused, match="trukket tilbage"):
        check_transition("withdrawn", "under_review", "staff")
    assert allowed_next("decided", "staff") == allowed_next("withdrawn", "parent") == []


def test_a_change_taken_to_note_is_final_and_only_the_municipality_takes_note():
    with pytest.raises(TransitionRefused, match="taget til efterretning"):
        check_transition("noted", "under_review", "staff")
    with pytest.raises(TransitionRefused, match="Kun kommunen"):
        check_transition("received", "noted", "parent")
    assert allowed_next("noted", "staff") == allowed_next("noted", "parent") == []
    assert "noted" in allowed_next("under_review", "staff")


def test_only_the_family_withdraws_and_only_the_municipality_decides():
    with pytest.raises(TransitionRefused, match="Kun forældrene"):
        check_transition("under_review", "withdrawn", "staff")
    with pytest.raises(TransitionRefused, match="Kun kommunen"):
        check_transition("under_review", "decided", "parent")
    assert allowed_next("information_requested", "parent") == ["under_review", "withdrawn"]


def test_every_status_outcome_and_event_has_danish_words():
    assert set(STATUS_LABELS) == set(STATUS_EXPLANATIONS) == set(STATUSES)
    assert set(STATUSES) == OPEN_STATUSES | CLOSED_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert set(OUTCOME_LABELS) == set(OUTCOMES)
    assert {"received", "taken", "decided", "withdrawn", "delay_notice"} <= set(EVENT_LABELS)


def test_unknown_statuses_and_actors_are_programming_errors():
    with pytest.raises(ValueError):
        check_transition("received", "lost", "staff")
    with pytest.raises(ValueError):
        check_transition("received", "under_review", "robot")


class TestDelayNotice:
    due = date(2026, 3, 1)

    def test_the_new_date_lies_after_the_deadline_and_after_today(self):
        assert delay_notice_problem(date(2026, 4, 1), due=self.due, today=date(2026, 2, 1)) is None

    def test_a_date_before_the_deadline_is_no_delay(self):
        problem = delay_notice_problem(self.due, due=self.due, today=date(2026, 2, 1))
        assert problem.startswith("Skriv en dato efter fristen")

    def test_a_date_in_the_past_is_refused_even_after_the_deadline(self):
        problem = delay_notice_problem(date(2026, 3, 10), due=self.due, today=date(2026, 3, 10))
        assert problem == "Skriv en dato efter i dag."
