"""The other holder of custody consents in a browser of their own (issue 15, point 4)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.parent import button, choose, field, heading, log_in

QUESTION = "Giver du samtykke til, at ansøgningen sendes til kommunen?"


def send_link(page: Page, email: str) -> None:
    """On "Tjek dine svar": send the link to the other holder of custody."""
    field(page, "Den anden forældremyndighedsindehavers e-mailadresse").fill(email)
    button(page, "Send linket").click()
    expect(page.locator(".consent-state")).to_have_text("Venter på svar")


def consent_link(live_server, email: str) -> str:
    """The link in the newest e-mail to `email`, as the portal's outbox holds it."""
    with live_server.app.app_context():
        body = (
            db.session.execute(
                select(Notification.body)
                .where(Notification.recipient == email, Notification.kind == "custody_consent")
                .order_by(Notification.id.desc())
            )
            .scalars()
            .first()
        )
    return re.search(r"/ansoegning/medindehaver/[\w-]+", body).group(0)


def other_holder_answers(
    browser: Browser,
    live_server,
    watch,
    link: str,
    name: str,
    cpr: str,
    *,
    consent: bool = True,
    reason: str = "",
    audit_name: str | None = None,
) -> None:
    """The other holder logs in with their own login, reads the application and answers; axe
    runs on the page they read (and on its error state) when `audit_name` is given."""
    context = new_context(browser, live_server, watch, bypass_csp=True)
    page = context.new_page()
    audit = Audit(page)
    try:
        log_in(page, name, cpr)
        page.goto(link)
        expect(heading(page, "Giv samtykke til ansøgningen")).to_be_visible()
        if audit_name:
            audit.check(f"{audit_name}: the application read-only")
            button(page, "Send svar").click()
            expect(page).to_have_title(re.compile(r"^Fejl: "))
            audit.check(f"{audit_name}: the answer missing")
        if consent:
            choose(page, QUESTION, "Ja, jeg giver samtykke")
        else:
            choose(page, QUESTION, "Nej, jeg giver ikke samtykke")
            field(page, "Hvorfor giver du ikke samtykke?").fill(reason)
        button(page, "Send svar").click()
        expect(heading(page, "Linket er brugt")).to_be_visible()
        if audit_name:
            audit.check(f"{audit_name}: the used link")
            audit.assert_clean()
    finally:
        context.close()
