"""The warning before the session ends, in Chromium (issue 15, point 5; GOV.UK's timeout
pattern): a modal dialog opens a few minutes before the idle timeout, takes the focus, tells
screen readers the time left, and its button (or Escape) keeps the parent logged in; with the
keyboard alone, and clean under axe. Without JavaScript it never shows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import parent
from tests.browser.axe import violations
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser

# The dialog opens three seconds after a page loads: 303 seconds left, a warning at 300.
IDLE = 303


@pytest.fixture
def short_sessions(live_server, monkeypatch):
    monkeypatch.setitem(live_server.app.config, "SESSION_IDLE_TIMEOUT", IDLE)


def _dialog(page: Page):
    return page.get_by_role("dialog", name="Du bliver snart logget af")


def _keep_alive(page: Page):
    return page.expect_response(
        lambda r: r.url.endswith("/forbliv-logget-ind") and r.request.method == "POST"
    )


def test_the_warning_opens_takes_the_focus_and_the_keyboard_keeps_the_session(
    axe_page: Page, short_sessions
):
    page = axe_page
    parent.log_in(page, "Mette Hansen", parent_cpr())
    page.goto("/ansoegning/")

    dialog = _dialog(page)
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog.get_by_role("heading", name="Du bliver snart logget af")).to_be_focused()
    expect(page.locator("[data-session-announce]")).to_have_text(
        re.compile(r"^Du bliver logget af om (5 minutter|\d+ sekunder)\.$")
    )
    found = violations(page)
    assert found == [], found

    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Forbliv logget ind")).to_be_focused()
    with _keep_alive(page) as answer:
        page.keyboard.press("Enter")
    assert answer.value.json()["seconds_left"] == IDLE
    expect(dialog).to_be_hidden()
    # Still the parent's page, and still logged in.
    expect(page.get_by_role("heading", name="Ansøg om hjemmetræning")).to_be_visible()

    # The warning comes back before the new end; Escape means "stay logged in" too.
    expect(dialog).to_be_visible(timeout=8_000)
    with _keep_alive(page) as answer:
        page.keyboard.press("Escape")
    assert answer.value.ok
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", name="Ansøg om hjemmetræning")).to_be_visible()


def test_without_javascript_the_warning_never_shows(no_js_page: Page, short_sessions):
    page = no_js_page
    parent.log_in(page, "Mette Hansen", parent_cpr())
    page.goto("/ansoegning/")
    page.wait_for_timeout(4_000)

    expect(page.locator("dialog[data-session-timeout]")).to_be_hidden()
    expect(page.get_by_role("heading", name="Ansøg om hjemmetræning")).to_be_visible()
