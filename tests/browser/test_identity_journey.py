"""Issue 15's whole journey in a real browser, through a real OpenID Connect provider's own login
page (oidc-provider-mock on loopback): Mette logs in with MitID and applies for Anders; Lars, the
other holder of custody, opens the link in a browser of his own, logs in with his own MitID,
reads the application and consents; Mette sends; a caseworker logs in by the municipality's
single sign-on, finds the case and reads the consent on it. axe-core on every portal page
(the provider's pages are not ours).

Seed 003: the municipality approves "efter anmodning fra indehaveren af
forældremyndigheden"; the seeds are silent on a second holder's consent.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.axe import Audit
from tests.browser.conftest import LiveServer, Watch, new_context
from tests.browser.custody import QUESTION, consent_link
from tests.browser.parent import (
    button,
    choose,
    field,
    fill_step,
    heading,
    save_and_continue,
    start_application,
    wizard_steps,
)
from tests.browser.test_custody_consent import answers_with_lars
from tests.browser.test_login_journeys import (  # noqa: F401 (fixtures)
    log_in_at_provider,
    person_at_provider,
    provider_mock,
    providers,
)
from tests.support import factories
from tests.support.factories import parent_cpr
from tests.support.oidc import CPR_CLAIM, LOA_CLAIM

pytestmark = pytest.mark.browser

LARS_EMAIL = "lars.hansen.mitid@example.dk"


def mitid_person(issuer: str, name: str, cpr: str) -> str:
    """Someone the provider knows, with a CPR number and the NSIS level MitID gives."""
    return person_at_provider(issuer, {CPR_CLAIM: cpr, "name": name, LOA_CLAIM: "Substantial"})


def browser_of_their_own(browser: Browser, live_server: LiveServer, watch: Watch):
    """A browser of its own (cookies and all), on which axe may run: the portal's policy
    refuses axe's script, so this context bypasses it."""
    context = new_context(browser, live_server, watch, bypass_csp=True)
    page = context.new_page()
    return context, page, Audit(page)


def mette_logs_in_and_applies(page: Page, audit: Audit, subject: str) -> None:
    """From the login choice through the provider's page; every step to "Tjek dine svar"."""
    page.goto("/log-ind")
    expect(heading(page, "Log ind")).to_be_visible()
    audit.check("the login choice")
    page.get_by_role("link", name="Log ind med MitID").click()
    log_in_at_provider(page, subject)
    expect(heading(page, "Dine ansøgninger og sager")).to_be_visible()
    audit.check("Mette's page after MitID")
    start_application(page)
    audit.check("the first step")
    answers = answers_with_lars()
    steps = wizard_steps()
    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    for (slug, _title), next_title in zip(steps, following, strict=True):
        fill_step(page, slug, answers.get(slug, {}))
        save_and_continue(page, next_title)
    expect(page.locator(".consent-state")).to_have_text("Ikke spurgt endnu")
    audit.check("Tjek dine svar, before the link is sent")


def mette_invites_lars(page: Page, audit: Audit, lars_cpr: str) -> None:
    field(page, "Den anden forældremyndighedsindehavers e-mailadresse").fill(LARS_EMAIL)
    # With his CPR number, only Lars's own login can consent.
    field(page, "Den anden forældremyndighedsindehavers CPR-nummer").fill(lars_cpr)
    button(page, "Send linket").click()
    expect(page.get_by_text(f"Vi har sendt linket til {LARS_EMAIL}.")).to_be_visible()
    expect(page.locator(".consent-state")).to_have_text("Venter på svar")
    audit.check("Tjek dine svar, waiting for Lars")


def lars_consents(page: Page, audit: Audit, link: str, subject: str) -> None:
    """The link asks Lars to log in; MitID brings him back to the application."""
    page.goto(link)
    expect(heading(page, "Log ind")).to_be_visible()
    audit.check("the login choice from the link")
    page.get_by_role("link", name="Log ind med MitID").click()
    log_in_at_provider(page, subject)
    expect(heading(page, "Giv samtykke til ansøgningen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Anders Hansen")
    audit.check("the application Lars reads")
    choose(page, QUESTION, "Ja, jeg giver samtykke")
    button(page, "Send svar").click()
    expect(heading(page, "Linket er brugt")).to_be_visible()
    audit.check("the used link")


def mette_sends(page: Page, audit: Audit) -> str:
    """Back on "Tjek dine svar": Lars's consent is there; Mette sends. The case number."""
    page.reload()
    expect(page.locator(".consent-state")).to_have_text("Har givet samtykke")
    expect(page.locator(".consent-answer")).to_contain_text("Lars Hansen")
    expect(page.locator(".consent-answer")).to_contain_text("logget ind med MitID")
    audit.check("Tjek dine svar, Lars has consented")
    choose(page, "Bekræftelse", "Jeg bekræfter, at oplysningerne er rigtige")
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    audit.check("the receipt")
    number = page.locator("dl.receipt dt:has-text('Sagsnummer') + dd").inner_text().strip()
    assert re.fullmatch(r"HT-\d{4}-\d{6}", number), number
    return number


def caseworker_opens_the_case(page: Page, audit: Audit, subject: str, number: str) -> None:
    page.goto("/medarbejder/log-ind")
    audit.check("the staff login")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    log_in_at_provider(page, subject)
    expect(heading(page, "Sager")).to_be_visible()
    field(page, "Søg efter sagsnummer, barnets navn eller CPR-nummer").fill(number)
    button(page, "Vis sager").click()
    audit.check("the caseworker's search")
    page.get_by_role("link", name=number, exact=True).click()
    expect(heading(page, f"Sag {number}")).to_be_visible()
    consent = page.locator("#custody-consent")
    expect(consent.locator(".consent-state")).to_have_text("Har givet samtykke")
    expect(consent.locator(".consent-answer")).to_contain_text(
        re.compile(r"^Lars Hansen, .+, logget ind med MitID$")
    )
    expect(consent).to_contain_text(LARS_EMAIL)
    audit.check("the case")


def portal_problems(watch: Watch, issuer: str) -> list[str]:
    """What the portal's pages said that a parent would not see. The provider's login page
    (not ours) asks for a stylesheet on a CDN this machine cannot reach."""
    return [m for m in watch.problems() if issuer not in m and "cdn.jsdelivr.net" not in m]


def test_mitid_parent_applies_other_holder_consents_and_caseworker_opens_case_by_sso(
    browser: Browser,
    live_server: LiveServer,
    watch: Watch,
    providers: str,  # noqa: F811 (the fixture imported above)
):
    mette = mitid_person(providers, "Mette Hansen", parent_cpr())
    lars_cpr = parent_cpr()
    lars = mitid_person(providers, "Lars Hansen", lars_cpr)
    with live_server.app.app_context():
        staff_email = factories.staff(factories.municipality("561")).email
    # Known at the provider by the e-mail of the account an admin made in the portal.
    caseworker = person_at_provider(providers, {"email": staff_email})

    contexts: list[BrowserContext] = []
    audits: list[Audit] = []
    try:
        for _person in ("Mette", "Lars", "the caseworker"):
            context, _page, audit = browser_of_their_own(browser, live_server, watch)
            contexts.append(context)
            audits.append(audit)
        mette_audit, lars_audit, staff_audit = audits

        mette_logs_in_and_applies(mette_audit.page, mette_audit, mette)
        mette_invites_lars(mette_audit.page, mette_audit, lars_cpr)
        link = consent_link(live_server, LARS_EMAIL)
        lars_consents(lars_audit.page, lars_audit, link, lars)
        number = mette_sends(mette_audit.page, mette_audit)
        caseworker_opens_the_case(staff_audit.page, staff_audit, caseworker, number)
    finally:
        for context in contexts:
            context.close()

    failures = [failure for audit in audits for failure in audit.failures]
    assert not failures, "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(failures)
    problems = portal_problems(watch, providers)
    assert problems == [], "\n".join(problems)
