"""Time as the municipality counts it: dates in Europe/Copenhagen, instants in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_local() -> date:
    return datetime.now(COPENHAGEN).date()


def local_date(instant: datetime) -> date:
    """The Danish calendar date of an instant: a case received at 00:30 on 1 March in
    Copenhagen was received on 1 March, although it was still 28 February in UTC."""
    return instant.astimezone(COPENHAGEN).date()


def start_of_local_day(day: date) -> datetime:
    """The instant (UTC) a Danish calendar day begins: for finding what happened on that day."""
    return datetime.combine(day, time(), COPENHAGEN).astimezone(UTC)
