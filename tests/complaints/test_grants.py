"""A decision replaced after a complaint grants nothing: the cap and every later decision
count only the decision in force."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from portal.services import complaints
from portal.services import decisions as decision_service
from portal.services.grants import training_grants
from portal.timeutil import now_utc, today_local
from tests.support import decisions


def test_the_cap_counts_only_the_decision_in_force(family, db):
    budget = decisions.granted_budget(family.training, "10000", today_local().year + 1)
    assert sum(g.amount for g in training_grants(family.training)) == Decimal("20000.00")

    complaints.complain(budget, family.parent, reasons="Uenige.", now=now_utc())
    decision_service.record(
        budget,
        family.caseworker,
        decision_service.DecisionInput(
            outcome="partly_approved",
            text="Linje 2 nedsættes efter genvurderingen.",
            complaint_guidance="Klag inden 4 uger.",
            lines=[
                decision_service.LineInput(0, Decimal("10000"), False),
                decision_service.LineInput(1, Decimal("4000"), False, "Et billigere redskab."),
            ],
            next_supervision=today_local() + timedelta(days=90),
        ),
        now=now_utc(),
    )
    db.session.commit()
    granted = training_grants(family.training)
    assert sorted(g.amount for g in granted) == [Decimal("4000.00"), Decimal("10000.00")]
    assert budget.status == "decided" and len(budget.decisions) == 2
