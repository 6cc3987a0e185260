"""The wizard on a phone: the step list is one tap away behind "Trin 1 af 13" instead of filling
the screen before the form; on a laptop it stands beside the form as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.conftest import LiveServer, new_context
from tests.browser.parent import heading
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = new_context(
        browser, live_server, viewport={"width": 375, "height": 812}, bypass_csp=True
    )
    yield context.new_page()
    context.close()


def test_on_a_phone_the_steps_are_one_tap_away(phone: Page):
    page = phone
    audit = Audit(page)
    parent.log_in(page, "Sofie Berg", parent_cpr())
    parent.start_application(page)
    expect(heading(page, "Barnet")).to_be_visible()
    steps = page.get_by_role("navigation", name="Trin i ansøgningen")
    summary = steps.locator("summary")
    expect(summary).to_have_text("Trin 1 af 13: Barnet")
    first_link = steps.get_by_role("link", name="Familien")
    expect(first_link).to_be_hidden()
    # The form starts on the first screen, not after the list.
    label = page.get_by_label("Barnets fulde navn")
    assert label.bounding_box()["y"] < 812
    audit.check("a wizard step on a phone, steps closed")

    summary.click()
    expect(first_link).to_be_visible()
    audit.check("a wizard step on a phone, steps open")
    first_link.click()
    expect(heading(page, "Familien")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Trin i ansøgningen").locator("summary")
    ).to_have_text("Trin 2 af 13: Familien")
    audit.assert_clean()


def test_beside_the_form_on_a_laptop_the_steps_are_always_shown(page: Page):
    parent.log_in(page, "Karl Berg", parent_cpr())
    parent.start_application(page)
    steps = page.get_by_role("navigation", name="Trin i ansøgningen")
    expect(steps.locator("summary")).to_be_hidden()
    expect(steps.get_by_role("link", name="Familien")).to_be_visible()
