"""The caseworker's case page in a real browser: what waits first, the list of sections on a
laptop's first screen, sections folded and opened (remembered by the browser, opened by a
link to them), everything open without JavaScript; axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.parent import button, field, log_in_staff

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


def open_case(page: Page, late_case: dict) -> None:
    log_in_staff(page, late_case["worker"])
    page.goto(f"/sagsbehandling/sager/{late_case['case']}")


def section_list(page: Page):
    return page.get_by_role("navigation", name="På siden")


def fold(page: Page, title: str):
    return page.get_by_role("heading", level=2, name=title).get_by_role("button")


def test_what_waits_and_the_sections_fit_a_laptops_first_screen(page: Page, late_case):
    page.set_viewport_size(LAPTOP)
    open_case(page, late_case)
    waiting = page.get_by_role("region", name="Det venter i sagen")
    expect(waiting.get_by_role("listitem").first).to_contain_text(
        "Fristen for afgørelse er overskredet"
    )
    expect(waiting).to_contain_text("Spørgsmålet fra")
    expect(waiting).to_contain_text("Afgørelsen mangler.")
    # Nothing to scroll for: what waits and the list of sections are on the first screen.
    for part in (waiting, section_list(page)):
        box = part.bounding_box()
        assert box["y"] + box["height"] <= LAPTOP["height"], part
    # The page was one column of some 13,000 px; with every section folded, its headings
    # follow the list of sections on the next screen.
    folds = page.locator(".case-sections").get_by_role("button", expanded=True)
    while folds.count():
        folds.first.press("Enter")
    # (Measured at the last section's heading: the footer below it grows with the
    # municipality's contact details.)
    last = page.locator(".case-sections").get_by_role("button").last.bounding_box()
    assert last["y"] + last["height"] < 2 * LAPTOP["height"], last


def test_a_folded_section_stays_folded_and_a_link_to_it_opens_it(page: Page, late_case):
    open_case(page, late_case)
    history = page.locator("ol.case-history")
    expect(history).to_be_visible()
    fold(page, "Sagens historik").click()
    expect(history).to_be_hidden()

    page.reload()
    expect(fold(page, "Sagens historik")).to_have_attribute("aria-expanded", "false")
    expect(history).to_be_hidden()
    section_list(page).get_by_role("link", name="Sagens historik").click()
    expect(history).to_be_visible()
    expect(fold(page, "Sagens historik")).to_have_attribute("aria-expanded", "true")

    # What waits links to where it is done: the notice of delay, in the folded actions.
    fold(page, "Handlinger").click()
    expect(field(page, "Ny forventet dato for afgørelse")).to_be_hidden()
    page.get_by_role("region", name="Det venter i sagen").get_by_role(
        "link", name="Giv besked om forsinkelse"
    ).click()
    expect(field(page, "Ny forventet dato for afgørelse")).to_be_visible()


def test_a_section_with_an_error_is_open_whatever_was_folded(page: Page, late_case):
    open_case(page, late_case)
    fold(page, "Handlinger").click()
    expect(button(page, "Send besked om forsinkelse")).to_be_hidden()
    page.reload()
    # The form is posted without JavaScript's help (Enter in a field of the folded section is
    # impossible), as from another tab where the section is open.
    page.evaluate(
        "document.querySelector('#action-delay form').submit()"  # the form as it stands: empty
    )
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    expect(fold(page, "Handlinger")).to_have_attribute("aria-expanded", "true")
    expect(button(page, "Send besked om forsinkelse")).to_be_visible()


def test_without_javascript_every_section_is_open(no_js_page: Page, late_case):
    page = no_js_page
    open_case(page, late_case)
    expect(page.locator(".accordion-content[aria-hidden='true']")).to_have_count(0)
    for text in ("Hvor mange timer træner I?", "Sagens historik"):
        expect(page.get_by_text(text).first).to_be_visible()
    expect(button(page, "Send besked om forsinkelse")).to_be_visible()


def test_the_case_page_with_folded_sections_passes_axe(browser: Browser, live_server, late_case):
    context = new_context(browser, live_server, bypass_csp=True)
    page = context.new_page()
    audit = Audit(page)
    open_case(page, late_case)
    audit.check("case page, every section open")
    fold(page, "Ansøgningen").click()
    fold(page, "Handlinger").click()
    audit.check("case page, two sections folded")
    context.close()
    audit.assert_clean()
