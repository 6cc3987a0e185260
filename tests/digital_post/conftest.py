"""Fixtures of the Digital Post tests: the MeMo 1.2 schema, a decided case whose holders of
custody have CPR numbers, and Serviceplatformen on loopback."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema

from portal.extensions import db
from portal.services import decisions as decision_service
from portal.timeutil import now_utc, today_local
from tests.support import decisions, factories, tracking
from tests.support.serviceplatformen import Serviceplatformen

# The MeMo 1.2 schema as Digitaliseringsstyrelsen publishes it (MeMo_XSD.zip): the core schema
# under Version1.2/ and the schemas it imports beside it (SOURCE.md there says where from).
MEMO_XSD_DIR = Path(os.environ.get("MEMO_XSD_DIR", "/work/shared/memo-xsd"))

MOTHER_CPR = "0101801234"
FATHER_CPR = "0202791234"


@pytest.fixture(scope="session")
def memo_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(MEMO_XSD_DIR / "Version1.2" / "MeMo_core.xsd")


def with_custody_cprs(case, cprs):
    """The holders of custody in the request, with the CPR numbers the municipality knows
    them by (the CPR register gives them; here they are set on the answers)."""
    familien = dict(case.application["familien"])
    adults = [dict(a) for a in familien["adults"]]
    holders = [a for a in adults if a.get("custody") in (None, "ja")]
    for adult, cpr in zip(holders, cprs, strict=False):
        adult["cpr"] = cpr
    # The example family names the mother only; the father holds custody too.
    for cpr in cprs[len(holders) :]:
        adults.append({"name": "Lars Hansen", "relation": "far", "custody": "ja", "cpr": cpr})
    familien["adults"] = adults
    case.application = {**case.application, "familien": familien}
    db.session.commit()
    return case


@pytest.fixture
def decided(approved_family, esbjerg):
    """A budget for an approved family's training, decided by the caseworker today through
    the portal's own decision: its letter waits to go to the holders of custody."""
    family = approved_family(municipality=esbjerg)
    answers = tracking.request_answers("annual_budget")
    answers["budget"] = {**answers["budget"], **decisions.lines(2, amount="1000"), "year": 2026}
    case = tracking.submitted_case(
        family.parent,
        family.municipality,
        received=today_local(),
        case_type="annual_budget",
        related=family.training,
        answers=answers,
    )
    with_custody_cprs(family.training, [MOTHER_CPR, FATHER_CPR])
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
    return family, case


@pytest.fixture
def serviceplatformen(httpserver, app):
    service = Serviceplatformen(httpserver)
    service.install()
    before = {key: app.config.get(key) for key in app.config if key.startswith("DIGITAL_POST")}
    app.config.update(
        DIGITAL_POST_BACKEND="sf1601",
        DIGITAL_POST_SERVICE_URL=service.service_url,
        DIGITAL_POST_STS_URL=service.sts_url,
        DIGITAL_POST_TIMEOUT=5,
    )
    app.extensions["digital_post"] = None
    try:
        yield service
    finally:
        app.config.update(before)
        app.extensions["digital_post"] = None
