"""Every page of the walk-through, and the caseworker's case page, reflow at 320 CSS px
(400 % zoom, WCAG 2.1 1.4.10): no page scrolls sideways; the test names what overflows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import new_context
from tests.browser.parent import button, log_in_staff
from tests.browser.reflow import WIDTH, Reflow, overflowing
from tests.browser.walkthrough import (
    walk_around_the_application,
    walk_every_step_empty_and_with_errors,
    walk_every_step_filled_in_to_the_receipt,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def narrow_page(browser: Browser, live_server) -> Iterator[Page]:
    """A phone-width window, as a laptop's 1280 px at 400 % zoom."""
    context = new_context(browser, live_server, viewport={"width": WIDTH, "height": 640})
    yield context.new_page()
    context.close()


def test_the_check_names_what_overflows(narrow_page: Page):
    page = narrow_page
    page.goto("/")
    assert overflowing(page) == []
    # Styled through the DOM: the Content-Security-Policy refuses a style attribute.
    page.evaluate(
        "() => { const p = document.createElement('p'); p.id = 'wide'; p.textContent = "
        "'Bred tekst'; p.style.width = '600px'; document.querySelector('main').append(p); }"
    )
    [found] = overflowing(page)
    assert found.startswith("p#wide (right edge")
    assert "Bred tekst" in found


@pytest.mark.parametrize(
    "walk",
    [
        walk_around_the_application,
        walk_every_step_empty_and_with_errors,
        walk_every_step_filled_in_to_the_receipt,
    ],
    ids=["around the application", "every step empty and with errors", "filled in to receipt"],
)
def test_every_page_of_the_walk_through_reflows(narrow_page: Page, walk):
    reflow = Reflow(narrow_page)
    walk(narrow_page, reflow)
    reflow.assert_clean()


def test_the_caseworkers_pages_reflow(narrow_page: Page, late_case):
    page = narrow_page
    reflow = Reflow(page)
    log_in_staff(page, late_case["worker"])
    reflow.check("the caseworker's cases")
    page.goto(f"/sagsbehandling/sager/{late_case['case']}")
    reflow.check("case page: deadline passed, a question open")
    page.goto(f"/sagsbehandling/sager/{late_case['training']}")
    reflow.check("case page: the approved training with its decision and visits")
    page.goto(f"/sagsbehandling/sager/{late_case['case']}/afgoerelse")
    reflow.check("decision page")
    button(page, "Send afgørelsen").click()
    reflow.check("decision page with errors")
    reflow.assert_clean()
