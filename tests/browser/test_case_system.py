"""The caseworker sees in a real browser what went to the municipality's case system: the
hand-offs delivered with their receipts, and one that failed with its reason, on an axe-clean
page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portal import outbox
from portal.extensions import db
from portal.models import Municipality
from portal.services import hearings
from portal.timeutil import now_utc
from tests.browser.axe import describe, violations
from tests.browser.parent import log_in_staff

pytestmark = pytest.mark.browser


def test_the_caseworker_sees_what_the_case_system_received(
    live_server, approved_family, axe_page: Page, tmp_path: Path
):
    app = live_server.app
    before = app.config["CASE_SYSTEM_DROP"]
    drop = tmp_path / "drop"
    try:
        with app.app_context():
            app.config["CASE_SYSTEM_DROP"] = str(drop)
            app.extensions["case_system"] = None
            esbjerg = db.session.query(Municipality).filter_by(code="561").one()
            family = approved_family(municipality=esbjerg)
            outbox.deliver()  # the arrival's and the decision's packages
            hearing = hearings.open_hearing(
                family.training,
                kind="repayment",
                subject="Forslag",
                staff=family.caseworker,
                now=now_utc(),
            )
            hearings.answer_hearing(hearing, family.parent, text="Uenige.", now=now_utc())
            db.session.commit()
            # The share is gone when the answer's package is handed over.
            app.config["CASE_SYSTEM_DROP"] = str(tmp_path / "no-share" / "drop")
            (tmp_path / "no-share").write_text("ikke en mappe")
            app.extensions["case_system"] = None
            outbox.deliver()
            worker, public_id = family.caseworker.email, family.training.public_id
    finally:
        app.config["CASE_SYSTEM_DROP"] = before
        app.extensions["case_system"] = None

    log_in_staff(axe_page, worker)
    axe_page.goto(f"/sagsbehandling/sager/{public_id}")
    table = axe_page.get_by_role("table", name="Sagssystemet")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Sagen er modtaget")
    expect(rows.nth(0)).to_contain_text("Afleveret")
    expect(rows.nth(1)).to_contain_text("Afgørelse")
    expect(rows.nth(1)).to_contain_text("manifest.json")
    expect(rows.nth(2)).to_contain_text("Familien har svaret i en partshøring")
    expect(rows.nth(2)).to_contain_text("Ikke afleveret")
    expect(rows.nth(2)).to_contain_text("Sagspakken kunne ikke gemmes")
    found = violations(axe_page)
    assert not found, describe("case page with hand-offs to the case system", found)
