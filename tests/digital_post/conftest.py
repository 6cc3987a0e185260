"""Fixtures of the Digital Post tests: the MeMo 1.2 schema, a decided case whose holders of
custody have CPR numbers, and Serviceplatformen on loopback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import xmlschema

from tests.support.digital_post import decided_budget
from tests.support.kombipost import Serviceplatformen

# The repository's own MeMo 1.2 schema (tests/support/memo/README.md), or, with MEMO_XSD_DIR set,
# the schema as Digitaliseringsstyrelsen publishes it (MeMo_XSD.zip unpacked: the core schema
# under Version1.2/ and the schemas it imports beside it).
OWN_MEMO_XSD_DIR = Path(__file__).parents[1] / "support" / "memo"
MEMO_XSD_DIR = Path(os.environ.get("MEMO_XSD_DIR") or OWN_MEMO_XSD_DIR)


@pytest.fixture(scope="session")
def memo_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(MEMO_XSD_DIR / "Version1.2" / "MeMo_core.xsd")


@pytest.fixture(scope="session")
def own_memo_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(OWN_MEMO_XSD_DIR / "Version1.2" / "MeMo_core.xsd")


@pytest.fixture
def decided(approved_family, esbjerg):
    """A budget for an approved family's training, decided by the caseworker today through
    the portal's own decision: its letters wait to go to the holders of custody."""
    family = approved_family(municipality=esbjerg)
    return family, decided_budget(family)


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
        # The number KOMBIT gives a municipality's kind of letter on paper.
        DIGITAL_POST_FORSENDELSESTYPE="265",
    )
    app.extensions["digital_post"] = None
    try:
        yield service
    finally:
        app.config.update(before)
        app.extensions["digital_post"] = None
