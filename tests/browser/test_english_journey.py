"""A parent applies in English, in a real browser: from the Danish front page, through the
header's "English", the login, every step of the wizard, a second goal, a file, the check
page and the receipt to the case page. Every page on the way is English: `<html lang="en">`
and no Danish word of the interface outside `lang="da"` (tests.support.english).

The family's free-text answers are those of `journey.valid_answers`, typed in English where the
Danish holds one of the words looked for, so any Danish found is the portal's own."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.timeutil import today_local
from tests.browser.conftest import Watch
from tests.browser.english import assert_english, by_name, en, en_plural, fill_by_name
from tests.browser.parent import anders_second_goal, heading, save_and_continue, wizard_steps
from tests.support import files, journey
from tests.support.english import typed_danish, typed_in_english
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser

STATEMENT = "statement-from-gp.pdf"


def _main(page: Page):
    return page.get_by_role("main")


def _button(page: Page, danish: str):
    return page.get_by_role("button", name=en(danish), exact=True)


def switch_language_keeps_typed_answers(page: Page, answers: dict) -> None:
    """On the first step, answers typed but not saved survive "Dansk" and "English": the
    header's button sends the step's form (layout/language_switch.html)."""
    name, cpr = answers["child_name"], answers["child_cpr"]
    by_name(page, "child_name").fill(name)
    by_name(page, "child_cpr").fill(cpr)
    page.get_by_role("button", name="Dansk", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(heading(page, wizard_steps()[0][1])).to_be_visible()
    expect(by_name(page, "child_name")).to_have_value(name)
    expect(by_name(page, "child_cpr")).to_have_value(cpr)
    # Saved as they stood: no error for what is not answered yet.
    expect(page.locator('[data-module="error-summary"]')).to_have_count(0)

    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(by_name(page, "child_name")).to_have_value(name)
    expect(by_name(page, "child_cpr")).to_have_value(cpr)
    assert_english(page)


def send_file(page: Page) -> None:
    by_name(page, "files").set_input_files(
        {"name": STATEMENT, "mimeType": "application/pdf", "buffer": files.pdf()}
    )
    by_name(page, "kind").select_option(value="medical_statement")
    by_name(page, "note").fill("From Dr Jensen")
    _button(page, "Send filerne").click()
    added = en_plural("Vi har modtaget %(num)s fil", "Vi har modtaget %(num)s filer", 1)
    expect(page.get_by_role("status").filter(has_text=added)).to_be_visible()
    expect(_main(page)).to_contain_text(STATEMENT)
    assert_english(page)


def test_a_parent_applies_in_english_and_every_page_is_english(page: Page, watch: Watch):
    today = today_local()
    answers = typed_in_english(journey.valid_answers(today))
    second_goal = typed_in_english(anders_second_goal(today))
    assert typed_danish(answers) == [] and typed_danish(second_goal) == []

    # The front page in Danish; the header's "English" turns it.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page, en("Hjemmetræning af børn med handicap"))).to_be_visible()
    assert_english(page)

    # The development login, in English.
    _main(page).get_by_role("link", name=en("Log ind"), exact=True).click()
    expect(heading(page, en("Udviklingslogin"))).to_be_visible()
    assert_english(page)
    page.locator('[name="name"]').fill("Mette Hansen")
    page.locator('[name="cpr_number"]').fill(parent_cpr())
    _button(page, "Log ind").click()
    expect(heading(page, en("Dine ansøgninger og sager"))).to_be_visible()
    assert_english(page)

    page.get_by_role("link", name=en("Start en ny ansøgning")).click()
    expect(heading(page, en("Ansøg om hjemmetræning"))).to_be_visible()
    assert_english(page)
    _button(page, "Start ansøgningen").click()

    steps = [(slug, en(title)) for slug, title in wizard_steps()]
    following = [title for _slug, title in steps[1:]] + [en("Tjek dine svar")]
    expect(heading(page, steps[0][1])).to_be_visible()
    switch_language_keeps_typed_answers(page, answers["barnet"])
    for (slug, _title), next_title in zip(steps, following, strict=True):
        assert_english(page)
        fill_by_name(page, answers.get(slug, {}))
        if slug == "maal":
            fill_by_name(page, journey.prefixed("goals-1", second_goal))
            expect(by_name(page, "goals-0-title")).to_have_value(answers["maal"]["goals-0-title"])
        if slug == "bilag":
            send_file(page)
        assert_english(page)
        save_and_continue(page, next_title, en("Gem og fortsæt"))

    # Check the answers: nothing missing, both goals and the file.
    assert_english(page)
    expect(_main(page).get_by_text(en("Der mangler svar"))).to_have_count(0)
    expect(_main(page)).to_contain_text("Anders Hansen")
    expect(_main(page)).to_contain_text(second_goal["title"])
    expect(_main(page)).to_contain_text(STATEMENT)

    page.locator('input[name="confirm"][value="ja"]').check()
    _button(page, "Send ansøgningen").click()
    expect(heading(page, en("Vi har modtaget din ansøgning"))).to_be_visible()
    assert_english(page)
    number = page.locator("dl.receipt dd").filter(has_text=re.compile(r"^HT-")).inner_text()

    _main(page).get_by_role("link", name=en("Følg sagen")).click()
    expect(_main(page)).to_contain_text(number.strip())
    assert_english(page)

    # "Dansk" in the header returns to the same page, in Danish.
    case_page = page.url
    page.get_by_role("button", name="Dansk", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    assert page.url == case_page

    # The Content-Security-Policy held all the way: no violation, no script error.
    assert watch.messages == [], "\n".join(watch.messages)
