"""How long the portal keeps what families send it, and when it lets go.

A draft nobody has touched is deleted when the municipality's draft period has passed since
the last save (MunicipalitySettings.draft_retention, 6 months by default); the parent is
warned by e-mail DRAFT_WARNING_DAYS before, and a draft is never deleted sooner than that
many days after the warning, so a warning sent late still gives the parent the same time to
act. A case is purged with the training it belongs to, the municipality's number of years
after the training ended (MunicipalitySettings.case_retention_years), and never while a case
of it is open or a complaint is being handled.

Plain functions over dates: portal.services.retention asks them for every draft and case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from portal.rules.deadlines import add_period
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings

__all__ = [
    "DRAFT_WARNING_DAYS",
    "CaseFacts",
    "CaseVerdict",
    "DraftAction",
    "case_purge_on",
    "case_verdict",
    "draft_action",
    "draft_deleted_on",
]

DRAFT_WARNING_DAYS = 14

DraftAction = Literal["keep", "warn", "delete"]
CaseVerdict = Literal["keep", "purge", "blocked"]


def draft_deleted_on(
    last_saved: date,
    warned_on: date | None = None,
    settings: MunicipalitySettings = DEFAULT_SETTINGS,
) -> date:
    """The day an untouched draft is deleted: the draft period after its last save, and at
    the earliest DRAFT_WARNING_DAYS after the warning was sent."""
    due = add_period(last_saved, settings.draft_retention)
    if warned_on is not None:
        due = max(due, warned_on + timedelta(days=DRAFT_WARNING_DAYS))
    return due


def draft_action(
    last_saved: date,
    warned_on: date | None,
    today: date,
    settings: MunicipalitySettings = DEFAULT_SETTINGS,
) -> DraftAction:
    """What happens to a draft today: nothing yet, the warning, or deletion. A draft is only
    deleted once its parent has been warned (a warning sent before the last save counts for
    nothing: the caller passes None then)."""
    if warned_on is None:
        warn_on = draft_deleted_on(last_saved, settings=settings) - timedelta(
            days=DRAFT_WARNING_DAYS
        )
        return "warn" if today >= warn_on else "keep"
    return "delete" if today >= draft_deleted_on(last_saved, warned_on, settings) else "keep"


def case_purge_on(ended_on: date, settings: MunicipalitySettings = DEFAULT_SETTINGS) -> date:
    """The first day a case may be purged: the municipality's years after it ended."""
    return ended_on + relativedelta(years=settings.case_retention_years)


@dataclass(frozen=True)
class CaseFacts:
    """What decides a case's retention: when it (its training) ended, None while it has not,
    and whether a case of it is open or under complaint."""

    ended_on: date | None
    in_progress: bool


def case_verdict(
    facts: CaseFacts, today: date, settings: MunicipalitySettings = DEFAULT_SETTINGS
) -> CaseVerdict:
    """Keep, purge, or "blocked": due, but a case of it is open or a complaint is being
    handled, so it is kept until that is settled."""
    if facts.ended_on is None or today < case_purge_on(facts.ended_on, settings):
        return "keep"
    return "blocked" if facts.in_progress else "purge"
