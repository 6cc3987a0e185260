"""Fixtures of the caseworker's tests: a family with a parent, and a logged-in caseworker."""

from __future__ import annotations

import pytest

from tests.support import tracking


@pytest.fixture
def family(db):
    """Mette Hansen: (parent, CPR number)."""
    return tracking.parent("Mette Hansen", "mette@example.dk")


@pytest.fixture
def worker(make_client, esbjerg):
    """A caseworker of Esbjerg Kommune, logged in: (browser, staff user)."""
    return tracking.caseworker(make_client, esbjerg)
