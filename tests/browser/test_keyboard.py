"""Without a mouse: a family applies from the front page to the receipt, and a caseworker goes
from the list of cases to a recorded decision, with Tab, Shift+Tab, Enter, Space, the arrow
keys and typing alone (tests/browser/keyboard.py). Every stop shows the focus; the skip link
leads to the content; on an error the focus is on the error summary, whose link leads to the
field."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.keyboard import KeyboardOnly
from tests.browser.parent import (
    button,
    field,
    fill_step,
    heading,
    log_in,
    log_in_staff,
    save_and_continue,
    send_file,
    wizard_steps,
)
from tests.support import files, journey
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser


def active(page: Page, script: str):
    """A question about the element that has the focus."""
    return page.evaluate(f"(el => {script})(document.activeElement)")


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page: Page, monkeypatch):
    keys = KeyboardOnly.install(monkeypatch, page)
    page.goto("/")
    keys.press("Tab")
    assert active(page, "el.textContent.trim()") == "Gå til sidens indhold"
    assert keys.focused()["seen"]
    keys.press("Enter")
    assert active(page, "el.id") == "main-content"
    # The next Tab goes on from the content, past the header.
    keys.press("Tab")
    assert active(page, "!!el.closest('main')")


def test_a_family_applies_with_the_keyboard_alone(page: Page, monkeypatch):
    keys = KeyboardOnly.install(monkeypatch, page)
    today = today_local()
    answers = journey.valid_answers(today)
    log_in(page, "Mette Hansen", parent_cpr())
    page.get_by_role("link", name="Start en ny ansøgning").click()
    button(page, "Start ansøgningen").click()
    steps = wizard_steps()
    expect(heading(page, steps[0][1])).to_be_visible()

    # Sent empty: the focus is on the error summary, and its first link on the field.
    button(page, "Gem og fortsæt").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    assert active(page, "el.getAttribute('data-module')") == "error-summary"
    keys.press("Tab")
    target = active(page, "el.getAttribute('href')")
    assert target.startswith("#"), target
    keys.press("Enter")
    assert active(page, "'#' + el.id") == target

    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    for (slug, _title), next_title in zip(steps, following, strict=True):
        fill_step(page, slug, answers.get(slug, {}))
        if slug == "maal":
            goal = parent.list_entry(page, "Mål", "Tilføj et mål mere", 2)
            parent.fill_goal(goal, parent.anders_second_goal(today))
        if slug == "bilag":
            send_file(page, "udtalelse.pdf", files.pdf(), "Udtalelse fra læge")
        save_and_continue(page, next_title)

    page.get_by_label(re.compile("^Jeg bekræfter")).check()
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    assert keys.unseen == [], f"the focus did not show on: {keys.unseen}"


def test_a_caseworker_decides_with_the_keyboard_alone(page: Page, monkeypatch, late_case):
    keys = KeyboardOnly.install(monkeypatch, page)
    log_in_staff(page, late_case["worker"])
    page.locator(f"a[href$='/{late_case['case']}']").click()
    waiting = page.get_by_role("region", name="Det venter i sagen")
    expect(waiting).to_be_visible()
    waiting.get_by_role("link", name="Træf afgørelse").click()
    expect(heading(page, "Træf afgørelse")).to_be_visible()

    button(page, "Send afgørelsen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    assert active(page, "el.getAttribute('data-module')") == "error-summary"

    page.get_by_role("group", name="Afgørelse", exact=True).get_by_label(
        "Bevilget", exact=True
    ).check()
    field(page, "Afgørelse og begrundelse").fill("Hjemmetræningen godkendes.")
    field(page, "Næste tilsynsbesøg").fill((today_local() + timedelta(days=60)).isoformat())
    button(page, "Send afgørelsen").click()
    expect(page.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()
    assert keys.unseen == [], f"the focus did not show on: {keys.unseen}"
