"""The end of a training in a real browser: the family's own form (with errors, with advice,
sent) and the caseworker's change page (with errors, the hearing sent, the decision); every
state passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Case, Municipality
from portal.rules.lost_earnings import notice_date
from portal.services import hearings
from portal.timeutil import now_utc, today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.parent import button, field, heading, log_in_staff
from tests.support import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def running(live_server, approved_family):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg, name="Karen Lund", email="karen@example.dk")
        worker = factories.staff(esbjerg)
        return {
            "name": family.parent.name,
            "cpr": family.cpr,
            "training": family.training.public_id,
            "worker": worker.email,
        }


def test_the_family_ends_the_training_themselves(axe_page: Page, running):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, running["name"], running["cpr"])
    page.goto(f"/sager/{running['training']}")
    page.get_by_role("link", name="Stop hjemmetræningen").click()
    expect(heading(page, "Stop hjemmetræningen")).to_be_visible()
    expect(page.get_by_text("Tabt arbejdsfortjeneste stopper med hjemmetræningen.")).to_be_visible()
    audit.check("the family's ending form")

    button(page, "Send besked om, at vi stopper").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("the family's ending form with errors")

    field(page, "Sidste dag med hjemmetræning").fill(
        (today_local() - timedelta(days=3)).isoformat()
    )
    field(page, "Hvorfor stopper I hjemmetræningen?").fill("Barnet starter i skole.")
    button(page, "Send besked om, at vi stopper").click()
    expect(page.get_by_text("Den sidste dag ligger før i dag.")).to_be_visible()
    audit.check("the family's ending form with advice")

    button(page, "Send besked om, at vi stopper").click()
    expect(
        page.get_by_text("Kommunen har fået besked om, at I stopper hjemmetræningen.")
    ).to_be_visible()
    expect(page.locator(".training-state")).to_have_text("Hjemmetræningen er slut")
    audit.check("the training after the family's notice")
    audit.assert_clean()


def test_the_caseworker_proposes_to_stop_hears_the_family_and_decides(
    axe_page: Page, running, live_server
):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, running["worker"])
    page.goto(f"/sagsbehandling/sager/{running['training']}")
    page.get_by_role("link", name="Kommunen ændrer eller stopper hjemmetræningen").click()
    expect(heading(page, "Kommunen ændrer eller stopper hjemmetræningen")).to_be_visible()
    audit.check("the change page")

    button(page, "Opret sagen og send forslaget i høring").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("the change page with errors")

    page.get_by_label("Stoppe hjemmetræningen").check()
    field(page, "Forslaget og begrundelsen").fill(
        "Træningen fremmer ikke længere barnets udvikling."
    )
    button(page, "Opret sagen og send forslaget i høring").click()
    expect(
        page.get_by_text("Sagen om ændringen er oprettet, og familien har fået besked.")
    ).to_be_visible()
    expect(page.locator(".staff-hearings")).to_contain_text("Træningen fremmer ikke længere")
    audit.check("the municipality's case with the hearing sent")
    case_url = page.url

    # The family answers (their side of the hearing has its own browser test).
    with live_server.app.app_context():
        public_id = case_url.rstrip("/").rsplit("/", 1)[-1]
        case = db.session.query(Case).filter_by(public_id=public_id).one()
        (hearing,) = hearings.hearings_for(case)
        hearings.answer_hearing(hearing, case.parent, text="Vi er uenige.", now=now_utc())
        db.session.commit()

    page.goto(case_url)
    page.get_by_role("link", name="Træf afgørelse om hjemmetræningen").click()
    expect(heading(page, "Træf afgørelse om hjemmetræningen")).to_be_visible()
    field(page, "Afgørelsen har virkning fra").fill(today_local().isoformat())
    field(page, "Afgørelsen og begrundelsen").fill("Hjemmetræningen stopper.")
    button(page, "Send afgørelsen til familien").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("the decision refused before the notice")

    field(page, "Afgørelsen har virkning fra").fill(notice_date(today_local()).isoformat())
    button(page, "Send afgørelsen til familien").click()
    expect(page.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()
    expect(page.locator(".decided-effective")).to_be_visible()
    audit.check("the municipality's case decided")
    audit.assert_clean()
