"""What is already granted for a child's home training, for the yearly cap across decisions
(portal.rules.cap).

A home training is its approving case (the new application) and every request that belongs to
it through `Case.related_case_id`: a method, a budget, equipment outside the budget. Its grants
are the decision lines of those cases that grant something. Only training expenses count
(portal.rules.budget.CATEGORIES: "træningsredskaber, kurser, hjælpere mv.", Bekendtgørelse § 6,
stk. 2); lost earnings are help of another kind (§ 5). Only the municipality's own cases count:
the cap is "Kommunalbestyrelsens udgifter" (§ 6, stk. 2), and a case of another municipality is
not this municipality's to read.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Decision, DecisionLine
from portal.models.case import from_ore
from portal.rules.budget import CATEGORIES
from portal.rules.cap import ONE_OFF_CASE_TYPES, Grant
from portal.timeutil import local_date

__all__ = ["granted_lines", "lock_training", "training_cases", "training_grants"]

_GRANTING_OUTCOMES = ("approved", "partly_approved")


def _root(case: Case) -> Case:
    """The approving case a request belongs to (itself for a new application)."""
    seen = {case.id}
    while case.related_case is not None and case.related_case.id not in seen:
        case = case.related_case
        seen.add(case.id)
    return case


def lock_training(case: Case) -> None:
    """Lock the training's approving case (PostgreSQL), so that two decisions in the same
    training are checked against the cap one after the other, each counting the other's
    grant."""
    db.session.execute(select(Case.id).where(Case.id == _root(case).id).with_for_update())


def training_cases(case: Case) -> list[int]:
    """The ids of the cases of the home training `case` belongs to, in its municipality."""
    root = _root(case)
    found = {root.id}
    frontier = [root.id]
    while frontier:
        frontier = list(
            db.session.scalars(
                select(Case.id).where(
                    Case.related_case_id.in_(frontier),
                    Case.municipality_id == case.municipality_id,
                    Case.id.not_in(sorted(found)),
                )
            )
        )
        found.update(frontier)
    if root.municipality_id != case.municipality_id:
        found.discard(root.id)
    return sorted(found)


def granted_lines(case: Case, *, excluding: Case | None = None) -> list:
    """(case number, case type, decided at, budget year, DecisionLine) of every training
    expense granted in the home training `case` belongs to, but those of `excluding`, in the
    order they were decided."""
    ids = [i for i in training_cases(case) if excluding is None or i != excluding.id]
    return list(
        db.session.execute(
            select(
                Case.number, Case.case_type, Decision.decided_at, Decision.budget_year, DecisionLine
            )
            .join(Decision, Decision.case_id == Case.id)
            .join(DecisionLine, DecisionLine.decision_id == Decision.id)
            .where(
                Case.id.in_(ids),
                Case.municipality_id == case.municipality_id,
                Decision.outcome.in_(_GRANTING_OUTCOMES),
                # Only the decision in force: one replaced after a complaint grants nothing.
                Decision.superseded_at.is_(None),
                DecisionLine.refused.is_(False),
                DecisionLine.approved_ore > 0,
                DecisionLine.category.in_(CATEGORIES),
            )
            .order_by(Decision.decided_at, Decision.id, DecisionLine.line_index)
        ).all()
    )


def training_grants(case: Case, *, excluding: Case | None = None) -> list[Grant]:
    """Every training expense granted in the home training `case` belongs to, but those of
    `excluding` (the case being decided), in the order they were decided."""
    grants = []
    for number, case_type, decided_at, budget_year, line in granted_lines(
        case, excluding=excluding
    ):
        decided_on = local_date(decided_at)
        grants.append(
            Grant(
                amount=from_ore(line.approved_ore),
                year=budget_year if budget_year is not None else decided_on.year,
                effective=decided_on,
                one_off=case_type in ONE_OFF_CASE_TYPES,
                category=line.category,
                reference=number,
                case_type=case_type,
            )
        )
    return grants
