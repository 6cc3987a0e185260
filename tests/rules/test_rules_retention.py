"""How long drafts and cases are kept: table-driven over the dates."""

from __future__ import annotations

from datetime import date

import pytest

from portal.rules.retention import (
    CaseFacts,
    case_purge_on,
    case_verdict,
    draft_action,
    draft_deleted_on,
)
from portal.rules.settings import DEFAULT_SETTINGS, HandlingTime, MunicipalitySettings

SAVED = date(2026, 1, 31)
# Six months after 31 January is 31 July; the warning goes 14 days before, on 17 July.


@pytest.mark.parametrize(
    ("warned_on", "today", "expected"),
    [
        (None, date(2026, 7, 16), "keep"),
        (None, date(2026, 7, 17), "warn"),
        (None, date(2027, 1, 1), "warn"),  # long overdue, but never deleted unwarned
        (date(2026, 7, 17), date(2026, 7, 30), "keep"),
        (date(2026, 7, 17), date(2026, 7, 31), "delete"),
        # A warning sent late still gives the parent 14 days.
        (date(2026, 9, 1), date(2026, 9, 14), "keep"),
        (date(2026, 9, 1), date(2026, 9, 15), "delete"),
    ],
)
def test_an_untouched_draft_is_warned_then_deleted(warned_on, today, expected):
    assert draft_action(SAVED, warned_on, today) == expected


def test_the_draft_period_is_the_municipalitys():
    three = MunicipalitySettings(draft_retention=HandlingTime(3, "months"))
    assert draft_deleted_on(SAVED, settings=three) == date(2026, 4, 30)
    assert draft_action(SAVED, None, date(2026, 4, 16), three) == "warn"
    assert draft_action(SAVED, None, date(2026, 4, 15), three) == "keep"
    assert draft_deleted_on(SAVED) == date(2026, 7, 31)


ENDED = date(2030, 2, 28)


@pytest.mark.parametrize(
    ("facts", "today", "expected"),
    [
        (CaseFacts(ended_on=None, in_progress=False), date(2050, 1, 1), "keep"),
        (CaseFacts(ended_on=ENDED, in_progress=False), date(2035, 2, 27), "keep"),
        (CaseFacts(ended_on=ENDED, in_progress=False), date(2035, 2, 28), "purge"),
        # An open complaint (or an open case) keeps it, however old.
        (CaseFacts(ended_on=ENDED, in_progress=True), date(2035, 2, 28), "blocked"),
        (CaseFacts(ended_on=ENDED, in_progress=True), date(2045, 1, 1), "blocked"),
        (CaseFacts(ended_on=ENDED, in_progress=True), date(2035, 2, 27), "keep"),
    ],
)
def test_an_ended_case_goes_five_years_after_it_ended_unless_a_complaint_is_open(
    facts, today, expected
):
    assert case_verdict(facts, today) == expected


def test_the_case_period_is_the_municipalitys_and_round_trips():
    ten = MunicipalitySettings(case_retention_years=10)
    assert case_purge_on(ENDED, ten) == date(2040, 2, 28)
    assert case_purge_on(date(2028, 2, 29)) == date(2033, 2, 28)
    assert MunicipalitySettings.from_mapping(ten.to_mapping()) == ten
    assert DEFAULT_SETTINGS.case_retention_years == 5
    with pytest.raises(ValueError, match="case_retention_years"):
        MunicipalitySettings(case_retention_years=0)
