"""The other holder of custody consents in a real browser (issue 15, point 4): Mette names
Lars as the other holder of custody and sends him the link from "Tjek dine svar"; Lars logs
in with his own login, reads the application and consents; Mette sends. axe-core on the
applicant's consent section and every page Lars sees.

Seed 003: the municipality approves "efter anmodning fra indehaveren af
forældremyndigheden"; the seeds are silent on a second holder's consent.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import CustodyConsent
from portal.timeutil import now_utc, today_local
from portal.wizard.examples import application, prefixed
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
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


def mette_applies_with_lars(page: Page) -> None:
    """Mette fills in the application with Lars as the other holder of custody, on to "Tjek
    dine svar"."""
    log_in(page, "Mette Hansen", parent_cpr())
    start_application(page)
    answers = answers_with_lars()
    steps = wizard_steps()
    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    for (slug, _title), next_title in zip(steps, following, strict=True):
        fill_step(page, slug, answers.get(slug, {}))
        save_and_continue(page, next_title)


def test_the_other_holder_consents_with_their_own_login_and_the_application_is_sent(
    axe_page: Page, browser, live_server, watch
):
    page, audit = axe_page, Audit(axe_page)
    mette_applies_with_lars(page)

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


def test_after_a_refusal_and_an_expired_link_the_applicant_sends_with_a_statement(
    axe_page: Page, browser, live_server, watch
):
    page, audit = axe_page, Audit(axe_page)
    mette_applies_with_lars(page)
    email = "lars.declines@example.dk"
    lars_cpr = parent_cpr()
    send_link(page, email)
    other_holder_answers(
        browser,
        live_server,
        watch,
        consent_link(live_server, email),
        "Lars Hansen",
        lars_cpr,
        consent=False,
        reason="Jeg er ikke enig i metoden.",
    )
    page.reload()
    expect(page.locator(".consent-state")).to_have_text("Har sagt nej")
    expect(page.locator(".consent-reason")).to_have_text("Jeg er ikke enig i metoden.")
    audit.check("Tjek dine svar after a refusal")

    # A new link that runs out unanswered says so to the one it is for.
    button(page, "Send linket igen").click()
    expect(page.locator(".consent-state")).to_have_text("Venter på svar")
    link = consent_link(live_server, email)
    with live_server.app.app_context():
        consent = (
            db.session.execute(select(CustodyConsent).order_by(CustodyConsent.id.desc()))
            .scalars()
            .first()
        )
        consent.expires_at = now_utc() - timedelta(minutes=1)
        db.session.commit()
    context = new_context(browser, live_server, watch, bypass_csp=True)
    lars = context.new_page()
    log_in(lars, "Lars Hansen", lars_cpr)
    lars.goto(link)
    expect(heading(lars, "Linket er udløbet")).to_be_visible()
    lars_audit = Audit(lars)
    lars_audit.check("the expired link")
    context.close()

    page.reload()
    expect(page.locator(".consent-state")).to_have_text("Har ikke svaret i tide")
    button(page, "Send ansøgningen").click()
    expect(page).to_have_title(re.compile(r"^Fejl: "))
    audit.check("Tjek dine svar, the statement missing")
    page.get_by_label(
        "Hvorfor sender du uden den anden forældremyndighedsindehavers samtykke?"
    ).fill("Lars svarer ikke, og vi har ventet i 14 dage.")
    choose(page, "Bekræftelse", "Jeg bekræfter, at oplysningerne er rigtige")
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    audit.assert_clean()
    lars_audit.assert_clean()
    assert watch.problems() == [], "\n".join(watch.problems())
