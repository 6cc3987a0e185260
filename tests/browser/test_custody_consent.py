"""The other holder of custody consents in a real browser (issue 15, point 4): Mette names
Lars as the other holder of custody and sends him the link from "Tjek dine svar"; Lars logs
in with his own login, reads the application and consents; Mette sends. axe-core on the
applicant's consent section and every page Lars sees.

Seed 003: the municipality approves "efter anmodning fra indehaveren af
forældremyndigheden"; the seeds are silent on a second holder's consent.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.timeutil import today_local
from portal.wizard.examples import application, prefixed
from tests.browser.axe import Audit
from tests.browser.custody import consent_link, other_holder_answers, send_link
from tests.browser.parent import (
    button,
    choose,
    fill_step,
    heading,
    log_in,
    save_and_continue,
    start_application,
    wizard_steps,
)
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser

LARS_EMAIL = "lars.consent@example.dk"


def answers_with_lars():
    answers = application(today_local())
    answers["familien"].update(
        prefixed(
            "adults-1",
            {"name": "Lars Hansen", "relation": "far", "custody": "ja", "occupation": "Tømrer"},
        )
    )
    return answers


def test_the_other_holder_consents_with_their_own_login_and_the_application_is_sent(
    axe_page: Page, browser, live_server, watch
):
    page, audit = axe_page, Audit(axe_page)
    log_in(page, "Mette Hansen", parent_cpr())
    start_application(page)
    answers = answers_with_lars()
    steps = wizard_steps()
    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    for (slug, _title), next_title in zip(steps, following, strict=True):
        fill_step(page, slug, answers.get(slug, {}))
        save_and_continue(page, next_title)

    expect(page.locator(".consent-state")).to_have_text("Ikke spurgt endnu")
    audit.check("Tjek dine svar, before the link is sent")
    send_link(page, LARS_EMAIL)
    audit.check("Tjek dine svar, waiting for the other holder")

    lars_cpr = parent_cpr()
    other_holder_answers(
        browser,
        live_server,
        watch,
        consent_link(live_server, LARS_EMAIL),
        "Lars Hansen",
        lars_cpr,
        audit_name="the other holder's pages",
    )

    page.reload()
    expect(page.locator(".consent-state")).to_have_text("Har givet samtykke")
    expect(page.locator(".consent-answer")).to_contain_text("Lars Hansen")
    choose(page, "Bekræftelse", "Jeg bekræfter, at oplysningerne er rigtige")
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    audit.assert_clean()
    assert watch.problems() == [], "\n".join(watch.problems())
