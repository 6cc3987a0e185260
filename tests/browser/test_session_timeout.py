"""The warning before the session ends, in Chromium (issue 15, point 5; GOV.UK's timeout
pattern): a modal dialog opens a few minutes before the idle timeout, takes the focus, tells
screen readers the time left, and its button (or Escape) keeps the parent logged in; with the
keyboard alone, and clean under axe. Without JavaScript it never shows. When the time runs
out the dialog says so, and what the parent typed is saved after logging in again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import parent
from tests.browser.axe import violations
from tests.browser.parent import button, field, heading, wizard_steps
from tests.support import journey
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


def test_answers_typed_as_the_session_ends_are_saved_after_logging_in_again(
    page: Page, live_server, monkeypatch
):
    config = live_server.app.config
    # Every request counts, the session ends 8 seconds after the last, the warning at 5.
    for name, value in (("SESSION_RENEW_AFTER", 0), ("SESSION_IDLE_TIMEOUT", 8)):
        monkeypatch.setitem(config, name, value)
    monkeypatch.setitem(config, "SESSION_WARN_BEFORE", 5)
    cpr = parent.new_parent_with_application(page)
    child = journey.valid_answers()["barnet"]
    parent.fill_child(page, child)

    dialog = page.get_by_role("dialog", name="Du er blevet logget af")
    expect(dialog.get_by_role("heading", name="Du er blevet logget af")).to_be_focused(
        timeout=15_000
    )
    page.wait_for_timeout(1_500)  # the warning counts down from a moment before the server
    dialog.get_by_role("button", name="Luk").click()
    button(page, "Gem og fortsæt").click()

    expect(heading(page, "Udviklingslogin")).to_be_visible()
    expect(page.get_by_text("Log ind igen, så gemmer vi de svar, du skrev.")).to_be_visible()
    monkeypatch.setitem(config, "SESSION_IDLE_TIMEOUT", 3600)
    field(page, "Dit navn").fill("Mette Hansen")
    field(page, "Dit CPR-nummer").fill(cpr)
    button(page, "Log ind").click()

    expect(heading(page, wizard_steps()[1][1])).to_be_visible()
    saved = "Vi har gemt de svar, du skrev, før du blev logget af."
    expect(page.get_by_text(saved)).to_be_visible()
    first, second = wizard_steps()[0][0], wizard_steps()[1][0]
    page.goto(page.url.replace(f"/{second}", f"/{first}"))
    expect(field(page, "Barnets fulde navn")).to_have_value(child["child_name"])
