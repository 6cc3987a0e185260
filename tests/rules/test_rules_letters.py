"""The day the family got a decision, which the complaint deadline counts from."""

from __future__ import annotations

from datetime import date

from portal.rules.complaints import complaint_deadline
from portal.rules.letters import received_on

DECIDED = date(2026, 3, 2)


def test_the_family_got_the_decision_the_day_its_letter_was_delivered():
    assert received_on(DECIDED, [date(2026, 3, 4)]) == date(2026, 3, 4)
    assert complaint_deadline(received_on(DECIDED, [date(2026, 3, 4)])) == date(2026, 4, 1)


def test_with_two_holders_of_custody_the_later_delivery_counts():
    assert received_on(DECIDED, [date(2026, 3, 3), None, date(2026, 3, 6)]) == date(2026, 3, 6)


def test_until_a_letter_is_delivered_the_day_of_the_decision_counts():
    assert received_on(DECIDED, []) == DECIDED
    assert received_on(DECIDED, [None]) == DECIDED
