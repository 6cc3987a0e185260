"""The live server's pages are read for the word "seed" too (tests.support.no_seed): a page the
browser gets that says it is caught, from the server's own thread."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.parent import log_in_staff
from tests.support import factories

pytestmark = pytest.mark.browser


def test_a_page_the_browser_gets_that_says_seed_is_caught(page: Page, live_server, no_seed_shown):
    # A municipality of its own: its caseworker's search ("seed 004") stands in that
    # municipality's log of views, which no other test's administrator reads.
    with live_server.app.app_context():
        worker = factories.staff(factories.municipality("860", "Hjørring Kommune")).email
    log_in_staff(page, worker)
    assert no_seed_shown == []
    # The list of cases shows the search words back in the search field.
    page.goto("/sagsbehandling/?soeg=seed+004")
    expect(page.locator("input[name=soeg]")).to_have_value("seed 004")
    shown, no_seed_shown[:] = list(no_seed_shown), []
    assert shown and all(s.startswith("GET /sagsbehandling/?soeg=seed+004: ") for s in shown)
