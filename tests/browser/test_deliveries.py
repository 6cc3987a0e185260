"""The administrator's page of messages the portal gave up delivering, in a real browser: it
passes axe-core's WCAG 2.1 AA rules, and a message is sent again by its button, under the
Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import outbox
from portal.extensions import db
from portal.models import Municipality, Notification
from portal.timeutil import now_utc, today_local
from tests.browser.axe import Audit
from tests.browser.parent import heading, log_in_staff
from tests.support import factories, tracking

pytestmark = pytest.mark.browser


@pytest.fixture
def given_up(live_server):
    """A case whose two e-mails the worker gave up on (the mail server refused them ten
    times), and the municipality's administrator."""
    with live_server.app.app_context():
        esbjerg = db.session.scalars(select(Municipality).filter_by(code="561")).one()
        person, _cpr = tracking.parent()
        case = tracking.submitted_case(person, esbjerg, received=today_local())
        for message in db.session.scalars(
            select(Notification).where(Notification.case_id == case.id)
        ):
            message.attempts = outbox.MAX_ATTEMPTS
            message.failed_at = now_utc()
            message.last_error = "(550, b'5.1.1 Mailbox unavailable')"
        admin = factories.staff(esbjerg, role="admin")
        db.session.commit()
        return {"number": case.number, "admin": admin.email}


def test_the_administrator_sends_a_given_up_message_again(axe_page: Page, given_up):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, given_up["admin"])
    page.get_by_role("link", name="Forsendelser, der ikke kom frem").click()
    expect(heading(page, "Forsendelser, der ikke kom frem")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="mette@example.dk")
    expect(row).to_contain_text(f"Vi har modtaget jeres sag {given_up['number']}")
    expect(row).to_contain_text("Mailbox unavailable")
    audit.check("failed deliveries")

    row.get_by_role("button", name=re.compile(r"^Send igen")).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"„Vi har modtaget jeres sag {given_up['number']}“ til mette@example.dk bliver sendt igen"
    )
    expect(page.get_by_role("row").filter(has_text="mette@example.dk")).to_have_count(0)
    audit.check("failed deliveries after a retry")
    audit.assert_clean()
