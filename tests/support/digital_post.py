"""A case decided through the portal's own decision, whose holders of custody the
municipality knows by CPR number: its letters wait to go as Digital Post."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from portal import outbox
from portal.extensions import db
from portal.models import Case
from portal.services import decisions as decision_service
from portal.services import letters
from portal.timeutil import now_utc, today_local
from tests.support import decisions, factories, tracking

MOTHER_CPR = "0101801234"
FATHER_CPR = "0202791234"


def with_custody_cprs(case: Case, cprs: list[str]) -> Case:
    """The holders of custody the case's letters go to, with the CPR numbers the portal knows
    them by (the parent's login and the CPR register give them when the request is sent):
    those named in the request, and the father, whom the example family does not name."""
    familien = dict(case.application["familien"])
    adults = [dict(a) for a in familien["adults"]]
    names = [a["name"] for a in adults if a.get("custody") in (None, "ja")]
    names += ["Lars Hansen"] * (len(cprs) - len(names))
    if len(adults) < len(names):
        adults.append({"name": "Lars Hansen", "relation": "far", "custody": "ja"})
        familien["adults"] = adults
        case.application = {**case.application, "familien": familien}
    case.custody_holders = [
        {"name": name, "cpr": cpr, "address": None} for name, cpr in zip(names, cprs, strict=False)
    ]
    db.session.commit()
    return case


def deliver_letters() -> outbox.Delivery:
    """The worker's delivery of the letters waiting in the outbox (portal.outbox)."""
    result = outbox.deliver(letters.waiting_message_ids())
    db.session.expire_all()
    return result


def decided_budget(family: tracking.ApprovedFamily) -> Case:
    """A budget for the family's training, decided by a caseworker today."""
    with_custody_cprs(family.training, [MOTHER_CPR, FATHER_CPR])
    case = decisions.request_with_lines(family, "annual_budget", "budget", 2, "1000")
    decision_service.record(
        case,
        factories.staff(family.municipality),
        decision_service.DecisionInput(
            outcome="approved",
            text="Budgettet bevilges.",
            complaint_guidance="Klag inden 4 uger.",
            lines=[decision_service.LineInput(n, Decimal("1000"), False) for n in range(2)],
            next_supervision=today_local() + timedelta(days=90),
        ),
        now=now_utc(),
    )
    db.session.commit()
    return case
