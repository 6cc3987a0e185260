"""Handling times per request type: how many cases, how long a decision took (median), and how
many were decided within the deadline. For the municipality, and for the public when the
municipality publishes them (Municipality.publish_statistics).

"Der findes ikke en officiel opgørelse over den kommunale sagsbehandlingstid på
handicapområdet" (seed 002): these figures are that account, per municipality.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Decision, Municipality
from portal.rules.case_status import OPEN_STATUSES
from portal.rules.case_types import CASE_TYPES
from portal.timeutil import COPENHAGEN, local_date

# Published figures about fewer decided cases than this could point at one family.
MIN_PUBLIC_GROUP = 5


@dataclass(frozen=True)
class TypeStatistics:
    case_type: str
    received: int
    open: int
    open_overdue: int
    decided: int
    withdrawn: int
    within_deadline: int
    # Days from receipt to decision, over the decided cases.
    median_days: float | None
    # The handling time in days the same cases had (their deadline minus their receipt).
    median_allowed_days: float | None

    @property
    def share_within_deadline(self) -> float | None:
        return self.within_deadline / self.decided if self.decided else None

    def publishable(self) -> bool:
        return self.decided >= MIN_PUBLIC_GROUP


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=COPENHAGEN).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=COPENHAGEN).astimezone(UTC)
    return start, end


def years_with_cases(municipality: Municipality) -> list[int]:
    first, last = db.session.execute(
        select(func.min(Case.received_at), func.max(Case.received_at)).where(
            Case.municipality_id == municipality.id
        )
    ).one()
    if first is None:
        return []
    return list(range(local_date(last).year, local_date(first).year - 1, -1))


def handling_statistics(
    municipality: Municipality, *, year: int | None, today: date
) -> list[TypeStatistics]:
    """One row per request type (every type, also those without cases), for the cases
    received in `year` (every year when None)."""
    query = (
        select(Case.case_type, Case.status, Case.received_at, Case.due_date, Decision.decided_at)
        .outerjoin(Decision, Decision.case_id == Case.id)
        .where(Case.municipality_id == municipality.id)
    )
    if year is not None:
        start, end = _year_bounds(year)
        query = query.where(Case.received_at >= start, Case.received_at < end)
    rows: dict[str, list] = {case_type: [] for case_type in CASE_TYPES}
    for row in db.session.execute(query):
        rows.setdefault(row.case_type, []).append(row)

    result = []
    for case_type in CASE_TYPES:
        cases = rows[case_type]
        decided = [r for r in cases if r.status == "decided" and r.decided_at is not None]
        taken = [(local_date(r.decided_at) - local_date(r.received_at)).days for r in decided]
        allowed = [(r.due_date - local_date(r.received_at)).days for r in decided]
        result.append(
            TypeStatistics(
                case_type=case_type,
                received=len(cases),
                open=sum(1 for r in cases if r.status in OPEN_STATUSES),
                open_overdue=sum(
                    1 for r in cases if r.status in OPEN_STATUSES and r.due_date < today
                ),
                decided=len(decided),
                withdrawn=sum(1 for r in cases if r.status == "withdrawn"),
                within_deadline=sum(1 for r in decided if local_date(r.decided_at) <= r.due_date),
                median_days=statistics.median(taken) if taken else None,
                median_allowed_days=statistics.median(allowed) if allowed else None,
            )
        )
    return result
