"""Supervision visits made the way the portal makes them: named by the training's decision and
turned into visits by portal.services.supervision, as a decision recorded on the page does."""

from __future__ import annotations

from datetime import date

from portal.extensions import db
from portal.models import Case, SupervisionVisit
from portal.services import supervision


def plan_visits(training: Case, first: date, second: date | None = None) -> list[SupervisionVisit]:
    """The training's decision names `first` (and `second`); the visits follow from it."""
    decision = training.decision
    decision.next_supervision = first
    decision.second_supervision = second
    visits = supervision.visits_from_decision(training, decision, now=decision.decided_at)
    db.session.commit()
    return visits
