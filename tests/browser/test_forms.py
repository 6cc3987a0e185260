"""The wizard's forms as people use them: with the keyboard, without JavaScript, and when an
answer is wrong."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Watch
from tests.browser.parent import (
    SIBLING,
    button,
    field,
    fill_adult,
    fill_contact,
    fill_fields,
    go_to_step,
    group,
    heading,
    list_entry,
    new_parent_with_application,
)
from tests.support import journey

pytestmark = pytest.mark.browser

FAMILY = journey.valid_answers()["familien"]
ADULT = {"name": "Mette Hansen", "relation": "mor", "custody": "ja"}


def test_enter_in_a_text_field_saves_the_step_and_never_adds_or_removes(page: Page):
    new_parent_with_application(page)
    go_to_step(page, "Familien")
    fill_contact(page, FAMILY)
    fill_adult(group(page, "Voksen 1"), ADULT)
    fill_fields(list_entry(page, "Søskende", "Tilføj søskende", 1), SIBLING, {"name": "Ida"})
    # The page now has "Fjern voksen 1", "Fjern søskende 1" and "Tilføj ..." buttons, all
    # before "Gem og fortsæt" in the form; Enter must press none of them.
    age = group(page, "Søskende 1").get_by_label("Alder")
    age.fill("9")
    age.press("Enter")

    expect(heading(page, "Træningsmetoder")).to_be_visible()
    go_to_step(page, "Familien")
    expect(group(page, "Voksen 1").get_by_label("Navn")).to_have_value("Mette Hansen")
    expect(group(page, "Søskende 1").get_by_label("Navn")).to_have_value("Ida")
    expect(group(page, "Søskende 1").get_by_label("Alder")).to_have_value("9")
    expect(group(page, "Voksen 2")).to_have_count(0)
    expect(group(page, "Søskende 2")).to_have_count(0)


def test_enter_on_a_step_with_missing_answers_shows_what_to_fix(page: Page):
    new_parent_with_application(page)
    field(page, "Barnets fulde navn").fill("Anders Hansen")
    field(page, "Barnets fulde navn").press("Enter")

    expect(page).to_have_title(re.compile(r"^Fejl: Barnet"))
    expect(page.get_by_role("alert")).to_contain_text("Skriv barnets CPR-nummer")
    expect(field(page, "Barnets fulde navn")).to_have_value("Anders Hansen")


def test_without_javascript_siblings_are_added_typed_and_removed(no_js_page: Page):
    page = no_js_page
    new_parent_with_application(page)
    go_to_step(page, "Familien")
    fill_contact(page, FAMILY)
    expect(page.get_by_text("Har barnet søskende, så tilføj dem her.")).to_be_visible()

    button(page, "Tilføj søskende").click()
    first = group(page, "Søskende 1")
    expect(first).to_be_visible()
    # What was typed before pressing "Tilføj" is kept.
    expect(field(page, "Din e-mailadresse")).to_have_value(FAMILY["email"])
    # The page opens at the new sibling: the next Tab is in its first field.
    page.keyboard.press("Tab")
    expect(first.get_by_label("Navn")).to_be_focused()
    page.keyboard.type("Ida Hansen")
    page.keyboard.press("Tab")
    page.keyboard.type("9")

    button(page, "Tilføj søskende").click()
    second = group(page, "Søskende 2")
    expect(second).to_be_visible()
    expect(first.get_by_label("Navn")).to_have_value("Ida Hansen")
    expect(first.get_by_label("Alder")).to_have_value("9")
    fill_fields(second, SIBLING, {"name": "Karl Hansen", "age": "4"})

    button(page, "Fjern søskende 1").click()
    # The page opens at the list, which has the focus, so the parent is not lost.
    expect(page.get_by_role("region", name="Søskende", exact=True)).to_be_focused()
    expect(group(page, "Søskende 2")).to_have_count(0)
    expect(group(page, "Søskende 1").get_by_label("Navn")).to_have_value("Karl Hansen")
    expect(group(page, "Søskende 1").get_by_label("Alder")).to_have_value("4")

    button(page, "Fjern søskende 1").click()
    expect(group(page, "Søskende 1")).to_have_count(0)
    expect(page.get_by_text("Har barnet søskende, så tilføj dem her.")).to_be_visible()
    expect(field(page, "Dit telefonnummer")).to_have_value(FAMILY["phone"])


def test_a_wrong_cpr_number_is_explained_at_the_top_and_at_the_field(page: Page, watch: Watch):
    new_parent_with_application(page)
    disability = "Cerebral parese og epilepsi."
    field(page, "Barnets fulde navn").fill("Anders Hansen")
    field(page, "Barnets CPR-nummer").fill("150318-432")
    field(page, "Hvad har barnet svært ved?").fill(disability)
    button(page, "Gem og fortsæt").click()

    expect(page).to_have_title(re.compile(r"^Fejl: Barnet"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Der er problemer")
    # At the top: above the heading, and focused so that a screen reader reads it first.
    assert summary.bounding_box()["y"] < heading(page, "Barnet").bounding_box()["y"]
    expect(summary).to_be_focused()

    cpr = field(page, "Barnets CPR-nummer")
    link = summary.get_by_role("link")
    expect(link).to_have_count(1)
    message = link.inner_text()
    assert "CPR-nummer" in message
    # The field says the same, and a screen reader hears it with the field.
    expect(cpr).to_have_attribute("aria-invalid", "true")
    expect(cpr).to_have_accessible_description(re.compile(re.escape(message)))

    # With the keyboard: Tab to the link, Enter, and the cursor is in the field.
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(cpr).to_be_focused()

    # Nothing typed is lost.
    expect(cpr).to_have_value("150318-432")
    expect(field(page, "Barnets fulde navn")).to_have_value("Anders Hansen")
    expect(field(page, "Hvad har barnet svært ved?")).to_have_value(disability)
    assert watch.messages == [], "\n".join(watch.messages)
