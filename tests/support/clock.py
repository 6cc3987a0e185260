"""The portal's calendar moved on: today_local() of every loaded portal module returns a later
day, as if the caseworker opened the case months after it was received (`move`).

`move` moves only the day: instants (now_utc) stay real. `moving_instants` moves instants
instead, together with the time the forms' tokens are signed with, for a session's idle and
absolute limits."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner

from portal import timeutil

_REAL = timeutil.today_local
_REAL_NOW = timeutil.now_utc


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


def moving_instants(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Returns `later(seconds)`, which moves the portal's instants on by that much more for
    the rest of the test: now_utc() of every loaded portal module, and the time itsdangerous
    signs the forms' tokens with, so that a page's token reads as old as the page."""
    shift = [0.0]

    def now_utc() -> datetime:
        return _REAL_NOW() + timedelta(seconds=shift[0])

    for name, module in list(sys.modules.items()):
        if (name == "portal" or name.startswith("portal.")) and getattr(
            module, "now_utc", None
        ) is _REAL_NOW:
            monkeypatch.setattr(module, "now_utc", now_utc)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: int(time.time() + shift[0]))

    def later(seconds: float) -> None:
        shift[0] += seconds

    return later
