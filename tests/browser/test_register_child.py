"""In Chromium, with and without JavaScript: a parent chooses their child from the CPR register
(the embedded register's invented families) on the step "Barnet", sees the child and the
custody holders filled in, and never sees a protected address. The pages pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import Audit
from tests.browser.parent import button, field, group, heading, log_in, start_application

pytestmark = pytest.mark.browser

CHOICE = "Vælg barnet fra CPR-registret"


def _choose_noah(page: Page, audit: Audit | None = None) -> None:
    log_in(page, "Sara Nielsen", "050987-4330")
    start_application(page)
    choice = group(page, CHOICE)
    expect(choice).to_contain_text("Noah Nielsen, født 22. juni 2019")
    expect(choice).to_contain_text("Forældremyndighed sammen med: Peter Nielsen")
    if audit is not None:
        audit.check("the step Barnet with the register's choice")
        button(page, "Udfyld med det valgte barn").click()
        expect(heading(page, "Barnet")).to_be_visible()
        audit.check("the register's choice with an error")
    choice.get_by_label("Noah Nielsen", exact=False).check()
    button(page, "Udfyld med det valgte barn").click()
    expect(
        page.get_by_text("Vi har skrevet Noah Nielsen og forældremyndighedsindehaverne ind")
    ).to_be_visible()


def test_choosing_the_child_fills_in_the_child_and_the_other_holder(page: Page):
    _choose_noah(page)

    expect(field(page, "Barnets fulde navn")).to_have_value("Noah Nielsen")
    expect(field(page, "Barnets CPR-nummer")).to_have_value("220619-4127")
    assert "Hjertingvej" not in page.content()
    page.goto(page.url.replace("/barnet", "/familien"))
    expect(group(page, "Voksen 2").get_by_label("Navn")).to_have_value("Peter Nielsen")
    assert "Hjertingvej" not in page.content()


def test_the_choice_works_without_javascript(no_js_page: Page):
    _choose_noah(no_js_page)

    expect(field(no_js_page, "Barnets fulde navn")).to_have_value("Noah Nielsen")


def test_the_register_choice_passes_axe(axe_page: Page):
    audit = Audit(axe_page)
    _choose_noah(axe_page, audit)
    audit.check("the step Barnet filled in from the register")
    audit.assert_clean()
