"""The other holder of custody's consent (issue 15, point 4).

Seed 003: "Kommunalbestyrelsen godkender efter anmodning fra indehaveren af
forældremyndigheden" -- the seeds say nothing of a second holder's consent or how long to
wait; the portal waits the municipality's `consent_days` and never leaves the family without
a way to send.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.rules.custody_consent import (
    consent_expires,
    consent_state,
    may_send,
    needs_consent,
)
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings

SENT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("custody", "needed"),
    [
        (["ja"], False),
        (["ja", "nej"], False),
        (["ja", "ja"], True),
        (["nej", "ja", "ja"], True),
        (["ja", None], False),
    ],
)
def test_a_second_adult_with_custody_must_consent(custody, needed):
    assert needs_consent([{"custody": c} for c in custody]) is needed


def test_the_link_runs_the_municipalitys_days():
    assert consent_expires(SENT, DEFAULT_SETTINGS) == SENT + timedelta(days=14)
    short = MunicipalitySettings(consent_days=3)
    assert consent_expires(SENT, short) == SENT + timedelta(days=3)


@pytest.mark.parametrize(
    ("answer", "expires_at", "now", "state"),
    [
        (None, None, SENT, "not_asked"),
        (None, SENT + timedelta(days=14), SENT + timedelta(days=13), "waiting"),
        (None, SENT + timedelta(days=14), SENT + timedelta(days=14), "expired"),
        ("consented", SENT + timedelta(days=14), SENT + timedelta(days=20), "consented"),
        ("declined", SENT + timedelta(days=14), SENT + timedelta(days=1), "declined"),
    ],
)
def test_the_state_of_the_consent(answer, expires_at, now, state):
    assert consent_state(answer, expires_at, now) == state


def test_a_consent_is_to_the_answers_the_other_holder_read():
    expires = SENT + timedelta(days=14)
    assert consent_state("consented", expires, SENT, changed=True) == "changed"
    # A refusal stays a refusal, whatever changed.
    assert consent_state("declined", expires, SENT, changed=True) == "declined"


@pytest.mark.parametrize(
    ("needed", "state", "statement", "allowed"),
    [
        (False, "not_asked", None, True),
        (True, "consented", None, True),
        (True, "not_asked", "Vi kan ikke finde ham", False),
        (True, "waiting", "Han svarer ikke", False),
        (True, "declined", "", False),
        (True, "declined", "Vi er uenige, kommunen må afgøre det", True),
        (True, "expired", "Hans bor i udlandet og kan ikke nås", True),
        (True, "changed", "", False),
        (True, "changed", "Jeg rettede kun telefonnummeret", True),
    ],
)
def test_after_a_refusal_or_no_answer_the_family_may_send_with_a_statement(
    needed, state, statement, allowed
):
    assert may_send(needed, state, statement) is allowed
