"""The portal's calendar moved on: today_local() of every loaded portal module returns a later
day, as if the caseworker opened the case months after it was received.

Only the day moves: instants (now_utc) stay real, because the login cookie and the forms'
tokens are signed with the real time and would read as expired."""

from __future__ import annotations

import sys
from datetime import date, timedelta

import pytest

from portal import timeutil

_REAL = timeutil.today_local


def move(monkeypatch: pytest.MonkeyPatch, days: int) -> date:
    """Move the portal's today `days` days on for the rest of the test; returns that day."""

    def today_local() -> date:
        return _REAL() + timedelta(days=days)

    for name, module in list(sys.modules.items()):
        # Modules import the function by name; each module's own reference is replaced.
        if (name == "portal" or name.startswith("portal.")) and getattr(
            module, "today_local", None
        ) is _REAL:
            monkeypatch.setattr(module, "today_local", today_local)
    return today_local()
