"""The complaint rules: the 4 weeks to complain, advice (never a refusal) for a late
complaint, and the reconsideration's deadline, over every day of 2023-2029."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.rules.complaints import (
    CHANNEL_LABELS,
    CHANNELS,
    KIND_LABELS,
    KINDS,
    RESULT_LABELS,
    RESULTS,
    complaint_deadline,
    late_complaint,
    reconsider_by,
)
from portal.rules.findings import WARNING
from portal.rules.settings import HandlingTime, MunicipalitySettings

EVERY_DAY = [
    date(2023, 1, 1) + timedelta(days=n) for n in range((date(2030, 1, 1) - date(2023, 1, 1)).days)
]


def test_every_day_of_2023_to_2029_gets_four_weeks_to_complain_and_to_reconsider():
    for day in EVERY_DAY:
        assert complaint_deadline(day) == day + timedelta(days=28)
        assert reconsider_by(day) == day + timedelta(days=28)
        # The last day is in time; the day after is late, with advice.
        assert late_complaint(day + timedelta(days=28), day) is None
        assert late_complaint(day + timedelta(days=29), day) is not None


def test_a_municipality_sets_its_own_reconsideration_period():
    settings = MunicipalitySettings.from_mapping({"reconsideration_period": {"weeks": 2}})
    assert settings.reconsideration_period == HandlingTime(2, "weeks")
    assert reconsider_by(date(2026, 1, 30), settings) == date(2026, 2, 13)
    assert MunicipalitySettings.from_mapping(settings.to_mapping()) == settings
    with pytest.raises(ValueError):
        MunicipalitySettings.from_mapping({"reconsideration_period": {"days": 3}})


def test_a_late_complaint_is_advice_that_cites_the_rule():
    finding = late_complaint(date(2026, 3, 2), date(2026, 1, 30))
    assert finding.severity == WARNING and finding.field == "reasons"
    assert finding.message.startswith("Klagefristen på 4 uger udløb 27. februar 2026.")
    assert "medmindre der er særlige grunde" in finding.message
    assert finding.message.endswith("I kan stadig sende den.")
    assert finding.source == "Retssikkerhedsloven § 67 og afgørelsens klagevejledning"


def test_every_kind_channel_and_result_has_danish_words():
    assert set(KIND_LABELS) == set(KINDS)
    assert set(CHANNEL_LABELS) == set(CHANNELS)
    assert set(RESULT_LABELS) == set(RESULTS)
