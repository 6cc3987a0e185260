"""Fixtures of the wizard's tests."""

from __future__ import annotations

import pytest

from tests.support import journey


@pytest.fixture
def draft_with_child(client, esbjerg) -> str:
    """A parent's new application with the child's step answered; its address."""
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.save_step(client, base, "barnet", journey.valid_answers()["barnet"])
    return base
