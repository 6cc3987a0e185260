"""Following a case in a real browser: the family's pages with the timeline and the warning,
the caseworker's actions, and the statistics pass axe-core's WCAG 2.1 AA rules; a question is
asked and answered through the pages, under the Content-Security-Policy."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.cli import DEMO_CONTACT
from portal.extensions import db
from portal.models import Municipality
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.parent import button, field, heading, log_in_staff
from tests.support import files, tracking

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting_family(live_server, approved_family):
    """A family with an approved training, an application past its deadline with a notice of
    delay, and one with an open question; and a caseworker."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        esbjerg.publish_statistics = True
        # Its contact details in the footer of the case pages (issue 17, point 4, item 2).
        esbjerg.settings_data = {"contact": DEMO_CONTACT}
        today = today_local()
        family = approved_family(
            received=today - timedelta(days=500),
            decided=today - timedelta(days=400),
            municipality=esbjerg,
        )
        person, cpr, worker = family.parent, family.cpr, family.caseworker
        late = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=140))
        cases.record_delay_notice(
            late,
            worker,
            late.due_date + timedelta(days=40),
            "Lægens udtalelse mangler.",
            now=now_utc(),
        )
        asked = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=10))
        cases.ask_for_information(asked, worker, "Hvor mange timer træner I?", now=now_utc())
        db.session.commit()
        return {
            "name": person.name,
            "cpr": cpr,
            "worker": worker.email,
            "training": family.training.public_id,
            "late": late.public_id,
            "asked": asked.public_id,
        }


def test_the_case_tracking_pages_pass_axe(axe_page: Page, waiting_family):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, waiting_family["name"], waiting_family["cpr"])
    expect(page.get_by_text("Kommunens sagsbehandlingstid er overskredet").first).to_be_visible()
    audit.check("overview with a passed deadline and a notice of delay")

    page.goto(f"/sager/{waiting_family['late']}")
    rights = page.get_by_role(
        "heading", name="Jeres rettigheder, når sagsbehandlingstiden ikke holdes"
    )
    expect(rights).to_be_visible()
    audit.check("case page, deadline passed, notice of delay")

    page.goto(f"/sager/{waiting_family['asked']}")
    expect(page.locator("footer")).to_contain_text("Kontakt Esbjerg Kommune")
    button(page, "Send svaret").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("case page, empty answer")
    # The answer's text and files in one form: a refused file keeps the text.
    question = page.locator(".question", has_text="Hvor mange timer træner I?")
    field(question, "Jeres svar").fill("20 timer om ugen.")
    field(question, "Filer til svaret").set_input_files(
        {"name": "skema.pdf", "mimeType": "application/pdf", "buffer": files.jpeg()}
    )
    button(question, "Send svaret").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    expect(field(question, "Jeres svar")).to_have_value("20 timer om ugen.")
    audit.check("case page, answer with a refused file")
    page.goto(f"/sager/{waiting_family['asked']}/traek-tilbage")
    audit.check("withdraw?")
    page.goto(f"/sager/{waiting_family['training']}")
    audit.check("case page, decided")
    page.goto("/ansoegning/")
    expect(page.get_by_role("group", name="Hvad vil I sende til kommunen?")).to_be_visible()
    audit.check("start page with the requests of an approved training")
    page.goto("/statistik/561")
    audit.check("published statistics")
    parent.log_out(page)

    log_in_staff(page, waiting_family["worker"])
    audit.check("caseworker's list")
    page.goto(f"/sagsbehandling/sager/{waiting_family['late']}")
    audit.check("caseworker's case page with actions")
    # What waits in the case leads to the decision.
    waiting = page.get_by_role("region", name="Det venter i sagen")
    waiting.get_by_role("link", name="Træf afgørelse").click()
    expect(heading(page, "Træf afgørelse")).to_be_visible()
    audit.check("decision page, one row per budget line")
    button(page, "Send afgørelsen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("decision page with errors")
    page.goto("/sagsbehandling/statistik")
    audit.check("caseworker's statistics")
    audit.assert_clean()


def test_a_question_is_asked_and_answered_in_the_browser(
    browser, live_server, context, page: Page, watch, waiting_family
):
    staff_context = new_context(browser, live_server, watch)
    staff = staff_context.new_page()
    log_in_staff(staff, waiting_family["worker"])
    staff.goto(f"/sagsbehandling/sager/{waiting_family['late']}")
    field(staff, "Spørgsmål til familien").fill("Har I en udtalelse fra skolen?")
    button(staff, "Send spørgsmålet").click()
    expect(staff.get_by_text("Spørgsmålet er sendt til familien.")).to_be_visible()

    parent.log_in(page, waiting_family["name"], waiting_family["cpr"])
    page.goto(f"/sager/{waiting_family['late']}")
    expect(page.get_by_text("Har I en udtalelse fra skolen?")).to_be_visible()
    question = page.locator(".question", has_text="Har I en udtalelse fra skolen?")
    # Text and files in one form, and what the files are.
    field(question, "Jeres svar").fill("Ja, her er den.")
    field(question, "Filer til svaret").set_input_files(
        {"name": "Skolens udtalelse.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
    )
    field(question, "Hvad er filerne?").select_option(label="Udtalelse fra skole eller dagtilbud")
    button(question, "Send svaret").click()
    expect(page.get_by_text("Tak. Kommunen har fået jeres svar.")).to_be_visible()
    expect(page.locator(".answered .answer-files")).to_contain_text("Skolens udtalelse.pdf")

    staff.reload()
    expect(staff.get_by_text("Ja, her er den.")).to_be_visible()
    expect(staff.locator(".question-and-answer .answer-files")).to_contain_text(
        "Skolens udtalelse.pdf"
    )
    staff_context.close()
    assert watch.problems() == []
