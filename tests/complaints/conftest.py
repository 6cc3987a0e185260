"""Fixtures of the complaint tests: an approved family, its caseworker logged in, and the
family's own browser."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.timeutil import today_local
from tests.support import tracking


@pytest.fixture
def family(approved_family, esbjerg):
    """A family whose training was approved 10 days ago (inside the 4 weeks to complain)."""
    return approved_family(municipality=esbjerg, decided=today_local() - timedelta(days=10))


@pytest.fixture
def parent_browser(make_client, family):
    return tracking.family(make_client, family.parent, family.cpr)


@pytest.fixture
def staff_browser(make_client, family):
    browser, _worker = tracking.caseworker(make_client, family.municipality)
    return browser
