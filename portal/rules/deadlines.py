"""One deadline engine: when the family can expect a decision (the municipality's handling
time), and what a parent is due.

No law sets a deadline for the decision itself ("Der er ikke en lovbestemt frist for, hvornår
kommunen skal have truffet afgørelse om hjemmetræning", seed 000). The municipality must set
handling times per kind of decision and tell the citizen in writing when it cannot keep one
(Retssikkerhedsloven § 3, cited in seeds 000 and 003). The defaults are Esbjerg Kommune's
(seed 001); see ``settings.MunicipalitySettings``.

Periods run from the day the municipality received the request: weeks are 7-day periods and
months are calendar months clamped to the month's last day (received 31 October + 4 months
= 28 or 29 February). A due date on a weekend or holiday is not moved: the handling time binds
the municipality, and no rule in the seeds extends it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from dateutil.relativedelta import relativedelta

from portal.rules.case_types import CASE_TYPE_LABELS, CASE_TYPES, CaseType
from portal.rules.settings import DEFAULT_SETTINGS, HandlingTime, MunicipalitySettings

__all__ = [
    "CASE_TYPES",
    "CASE_TYPE_LABELS",
    "DeadlineState",
    "add_period",
    "days_left",
    "deadline_state",
    "due_date",
    "next_accounts_due",
    "next_budget_due",
]

DeadlineState = Literal["ok", "soon", "overdue"]


def add_period(start: date, period: HandlingTime) -> date:
    """``start`` plus a handling time: 7-day weeks, or calendar months clamped to month end."""
    if period.unit == "weeks":
        return start + relativedelta(weeks=period.count)
    # relativedelta clamps: 31 October + 4 months is 28 (or 29) February.
    return start + relativedelta(months=period.count)


def due_date(
    case_type: CaseType,
    received: date,
    *,
    settings: MunicipalitySettings | None = None,
) -> date:
    """The day the family can expect a decision on a request received on ``received``: the
    municipality's handling time (not a statutory deadline).

    ``case_type`` is one of ``CASE_TYPES``; anything else raises ``ValueError``.

    Accounts (regnskab) follow the municipality's calendar, not a period: accounts are due by
    28 February and "Senest d. 31.03.xx modtager du afgørelse på regnskabet" (seed 001). The
    seed is silent on accounts that arrive late. We keep 31 March for anything received up to
    31 March, but never give the municipality less than its accounts handling time (default 4
    weeks, as for the budget: "senest 4 uger senere", seed 001), so accounts received on
    20 March are due 17 April. Accounts received after 31 March (or early, before the year's
    season, e.g. when training stops mid-year) are due that handling time after receipt. A later
    receipt therefore never gives an earlier due date.
    """
    if case_type not in CASE_TYPES:
        raise ValueError(f"unknown case type {case_type!r}; expected one of {CASE_TYPES}")
    if isinstance(received, datetime):
        # A datetime does not compare with dates; the rules work on calendar days.
        received = received.date()
    settings = settings or DEFAULT_SETTINGS
    after_handling_time = add_period(received, settings.handling_times[case_type])
    if case_type != "accounts":
        return after_handling_time
    decision = settings.accounts_decision.in_year(received.year)
    if received <= decision:
        return max(decision, after_handling_time)
    return after_handling_time


def days_left(due: date, today: date) -> int:
    """Whole days from ``today`` to ``due``: 0 on the day itself, negative once passed."""
    return (due - today).days


def deadline_state(
    due: date,
    today: date,
    *,
    settings: MunicipalitySettings | None = None,
) -> DeadlineState:
    """``"overdue"`` after the due day, ``"soon"`` within the municipality's warning window
    (the due day itself included), otherwise ``"ok"``."""
    settings = settings or DEFAULT_SETTINGS
    left = days_left(due, today)
    if left < 0:
        return "overdue"
    if left <= settings.soon_window_days:
        return "soon"
    return "ok"


def next_budget_due(today: date, *, settings: MunicipalitySettings | None = None) -> date:
    """The next day the coming year's budget must be sent (15 November), today included.

    "For alle hjemmetræningssager indsendes der senest 15. november ansøgning om budget for det
    kommende budgetår" (seed 001).
    """
    settings = settings or DEFAULT_SETTINGS
    due = settings.budget_due.in_year(today.year)
    return due if due >= today else settings.budget_due.in_year(today.year + 1)


def next_accounts_due(today: date, *, settings: MunicipalitySettings | None = None) -> date:
    """The next day the accounts must be sent (28 February), today included.

    "Senest 8 uger efter endt budgetår eller senest d. 28.02.XX, skal du fremsende et afstemt
    regnskab" (seed 001).
    """
    settings = settings or DEFAULT_SETTINGS
    due = settings.accounts_due.in_year(today.year)
    return due if due >= today else settings.accounts_due.in_year(today.year + 1)
