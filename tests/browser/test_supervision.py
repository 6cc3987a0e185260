"""Supervision in a real browser: the family fills the plan for a visit (sent without what it
must hold, then filled and sent), the caseworker records the visit and the report (sent
without a recommendation, then filled and sent), and the family reads the report with its
hearing. Every state passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.services import supervision
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.parent import button, heading, log_in_staff
from tests.browser.year_steps import fill_plan, fill_report
from tests.support.supervision import plan_visits

pytestmark = pytest.mark.browser


@pytest.fixture
def family_with_visit(live_server, approved_family):
    """An approved training with a visit yesterday (the caseworker records it) and one in
    half a year (the family fills its plan)."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg, name="Sofie Berg", email="sofie@example.dk")
        today = today_local()
        plan_visits(family.training, today + timedelta(days=30), today + timedelta(days=180))
        # The first visit's day was yesterday.
        first = supervision.visits_for(family.training)[0]
        first.planned_on = today - timedelta(days=1)
        db.session.commit()
        return {
            "name": family.parent.name,
            "cpr": family.cpr,
            "worker": family.caseworker.email,
            "number": family.training.number,
        }


def test_the_plan_the_record_and_the_report_pass_axe(axe_page: Page, family_with_visit):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, family_with_visit["name"], family_with_visit["cpr"])
    page.get_by_role("link", name="Ansøgning om hjemmetræning").first.click()
    page.locator("table.supervision-visits tbody tr").nth(1).get_by_role("link").click()
    audit.check("a planned visit")
    page.get_by_role("link", name="Udfyld planen").click()
    expect(heading(page, "Tids- og faseplan til tilsynet")).to_be_visible()
    audit.check("the plan for supervision")

    button(page, "Send planen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("the plan sent with what is missing")

    fill_plan(page)
    audit.check("the plan filled in")
    button(page, "Send planen").click()
    expect(page.get_by_text("Tak. Kommunen har fået jeres plan.")).to_be_visible()
    audit.check("the visit with the plan sent")
    parent.log_out(page)

    log_in_staff(page, family_with_visit["worker"])
    page.goto("/sagsbehandling/?frist=supervision")
    page.get_by_role("link", name=family_with_visit["number"]).click()
    page.locator("table.supervision-visits tbody tr").first.get_by_role("link").click()
    audit.check("the caseworker's visit page")
    button(page, "Send rapporten i høring").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("the visit and report form with errors")

    fill_report(
        page, today_local().isoformat(), "Fortsættelse som hidtil", "Målene nås, og barnet trives."
    )
    audit.check("the visit and report form filled in")
    button(page, "Send rapporten i høring").click()
    expect(page.get_by_text("Rapporten er sendt til familien i høring.")).to_be_visible()
    audit.check("the report sent, with its hearing")
    page.goto("/")
    button(page, "Log af").click()

    parent.log_in(page, family_with_visit["name"], family_with_visit["cpr"])
    page.get_by_role("link", name="Ansøgning om hjemmetræning").first.click()
    page.locator("table.supervision-visits tbody tr").first.get_by_role("link").click()
    expect(page.locator("dl.supervision-report")).to_contain_text("Fortsættelse som hidtil")
    expect(page.get_by_role("link", name=re.compile(r"^Svar på høringen senest"))).to_be_visible()
    audit.check("the family's report page")
    audit.assert_clean()
