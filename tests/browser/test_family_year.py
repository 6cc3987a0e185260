"""The family's year in a real browser: reached from the overview, with its calendar link made
and shown once, passing axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.parent import button, heading
from tests.support.supervision import plan_visits

pytestmark = pytest.mark.browser

# A 32-byte random token, URL-safe base64 (secrets.token_urlsafe(32)).
FEED_LINK = re.compile(r"^https?://[^/]+/kalender/[A-Za-z0-9_-]{43}\.ics$")


@pytest.fixture
def family_with_visits(live_server, approved_family):
    """An approved training whose decision names a visit in a week (its plan is overdue)."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg)
        today = today_local()
        plan_visits(family.training, today + timedelta(days=7), today + timedelta(days=180))
        return {"name": family.parent.name, "cpr": family.cpr}


def test_the_year_page_and_its_calendar_link_pass_axe(axe_page: Page, family_with_visits):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, family_with_visits["name"], family_with_visits["cpr"])
    page.get_by_role("link", name="Jeres år: frister og tilsynsbesøg de næste 12 måneder").click()
    expect(heading(page, "Jeres år")).to_be_visible()
    plan = page.get_by_role("row").filter(has_text="Send tids- og faseplanen").first
    expect(plan).to_contain_text("fristen er overskredet, hvis det ikke er sendt")
    audit.check("the family's year")
    button(page, "Lav et kalenderlink").click()
    link = page.get_by_label("Kalenderlink")
    expect(link).to_have_value(FEED_LINK)
    audit.check("the family's year with a new calendar link")
    feed = page.request.get(link.input_value())
    assert feed.ok and feed.text().startswith("BEGIN:VCALENDAR")
    audit.assert_clean()
