"""The family's year (portal.rules.calendar) for each of a parent's approved trainings, and
the secret link to the same year as a calendar feed."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, select

from portal.extensions import db
from portal.models import CalendarFeed, Case, Hearing
from portal.rules.calendar import YearItem, hearing_item, year_items
from portal.services import supervision, training
from portal.timeutil import local_date

# The page and the feed show the coming 12 months, and a month back so that a deadline just
# missed still shows as overdue rather than vanishing. The seeds are silent on how far back.
_AHEAD = relativedelta(months=12)
_BACK = relativedelta(months=1)


@dataclass(frozen=True)
class TrainingYear:
    case: Case
    items: list[YearItem]


def parent_year(parent_id: int, *, today: date) -> list[TrainingYear]:
    """The dated items of each of the parent's approved trainings, running or ended so
    recently that the final accounts still show."""
    return [
        TrainingYear(case, _case_items(case, end.ends_on, today))
        for case, end in training.trainings_until_final_accounts(
            parent_id, since=today - _BACK, today=today
        )
    ]


def _case_items(case: Case, ends_on: date, today: date) -> list[YearItem]:
    decision = case.decision
    # The visits as planned now: from the latest decision, moved or added by the caseworker.
    visits = supervision.visits_for(case)
    start, end = today - _BACK, today + _AHEAD
    items = year_items(
        decided=local_date(decision.decided_at),
        visits=[visit.planned_on for visit in visits],
        plans_sent=frozenset(
            visit.planned_on for visit in visits if visit.plan is not None and visit.plan.is_sent
        ),
        birth_date=case.child_birth_date,
        # The year's budget and accounts are requests still to come: today's rules.
        settings=case.municipality.settings,
        start=start,
        end=end,
        ends_on=ends_on,
    )
    waiting = [hearing_item(h.kind, h.answer_by) for h in _open_hearings(case)]
    return sorted(
        [*items, *(i for i in waiting if start <= i.day <= end)], key=lambda i: (i.day, i.kind)
    )


def _open_hearings(training: Case) -> list[Hearing]:
    """Hearings waiting for the family on the training and on the requests that belong to it
    (a repayment claim is heard on the accounts' case)."""
    belongs = select(Case.id).where(Case.related_case_id == training.id)
    return list(
        db.session.scalars(
            select(Hearing)
            .where(
                Hearing.answered_at.is_(None),
                (Hearing.case_id == training.id) | Hearing.case_id.in_(belongs),
            )
            .order_by(Hearing.answer_by, Hearing.id)
        )
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(parent_id: int) -> str:
    """A new secret link's token for the parent; the old link stops working. Only the
    token's SHA-256 is kept, so the token is shown to the parent this once."""
    token = secrets.token_urlsafe(32)
    _delete_feed(parent_id)
    db.session.add(CalendarFeed(parent_id=parent_id, token_hash=_digest(token)))
    db.session.commit()
    return token


def revoke_feed(parent_id: int) -> None:
    _delete_feed(parent_id)
    db.session.commit()


def _delete_feed(parent_id: int) -> None:
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.parent_id == parent_id))


def has_feed(parent_id: int) -> bool:
    query = select(CalendarFeed.id).where(CalendarFeed.parent_id == parent_id)
    return db.session.scalar(query) is not None


def feed_parent_id(token: str) -> int | None:
    """The parent whose link carries `token`, or None for an unknown or revoked token."""
    query = select(CalendarFeed.parent_id).where(CalendarFeed.token_hash == _digest(token))
    return db.session.scalar(query)
