"""The live server's pages are read for the word "seed" too (tests.support.no_seed): a page the
browser gets that says it is caught, from the server's own thread."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete

from portal.extensions import db
from portal.models import Municipality, ViewLog
from tests.browser.parent import log_in_staff
from tests.support import factories

pytestmark = pytest.mark.browser


def test_a_page_the_browser_gets_that_says_seed_is_caught(page: Page, live_server, no_seed_shown):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        staff = factories.staff(esbjerg)
        worker, worker_id = staff.email, staff.id
    log_in_staff(page, worker)
    assert no_seed_shown == []
    # The list of cases shows the search words back in the search field.
    page.goto("/sagsbehandling/?soeg=seed+004")
    expect(page.locator("input[name=soeg]")).to_have_value("seed 004")
    shown, no_seed_shown[:] = list(no_seed_shown), []
    assert shown and all(s.startswith("GET /sagsbehandling/?soeg=seed+004: ") for s in shown)
    # The search stands in the municipality's log of views, which the administrator's page
    # shows; the live server is shared, so the test takes back what it typed.
    with live_server.app.app_context():
        db.session.execute(delete(ViewLog).where(ViewLog.staff_id == worker_id))
        db.session.commit()
