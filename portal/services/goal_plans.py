"""The time-and-phase plan a renewal of the goals starts from.

"Målene gælder i 6 måneder" (seed 001, Bilag 13): every half year the family sends new goals
for the approved home training. The new plan starts from the last approved one, so that
nothing is typed twice, and the differences are shown beside it (portal.wizard.goal_changes).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import Case, Decision
from portal.wizard.answers import Answers

__all__ = ["goals_of", "last_plan", "prefilled_goals"]

_APPROVED = ("approved", "partly_approved")
# The target dates of the old plan lie in the past when the new half year begins: the family
# sets them anew (and the goal checks ask for them), rather than send yesterday's dates.
_DATES_SET_ANEW = frozenset({"short_term_by", "long_term_by"})


def goals_of(case: Case) -> list[dict[str, Any]]:
    return list(((case.application or {}).get("maal") or {}).get("goals") or [])


def last_plan(training: Case, *, before: Case | None = None) -> list[dict[str, Any]]:
    """The goals of the newest approved request of the training that had goals: the
    application, a method change or an earlier renewal; received before `before` when given
    (the plan a submitted renewal was measured against). Empty when there is none."""
    query = (
        select(Case)
        .join(Decision, Decision.case_id == Case.id)
        .where(
            or_(Case.id == training.id, Case.related_case_id == training.id),
            Case.parent_id == training.parent_id,
            Decision.outcome.in_(_APPROVED),
            Decision.superseded_at.is_(None),
        )
        .order_by(Case.received_at.desc(), Case.id.desc())
    )
    if before is not None:
        query = query.where(Case.id != before.id, Case.received_at <= before.received_at)
    return next((goals for case in db.session.scalars(query) if (goals := goals_of(case))), [])


def prefilled_goals(goals: list[dict[str, Any]]) -> Answers:
    """The goals step's answers as if typed: each old goal's text, its dates left empty."""
    return {
        f"goals-{position}-{key}": ["" if value is None else str(value)]
        for position, goal in enumerate(goals)
        for key, value in goal.items()
        if key not in _DATES_SET_ANEW
    }
