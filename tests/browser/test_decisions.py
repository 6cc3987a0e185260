"""A decision made in a real browser, line by line: the decision page with its errors passes
axe-core's WCAG 2.1 AA rules; the family then downloads the letter from its own page, under
the Content-Security-Policy."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Locator, Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.parent import button, field, heading, log_in_staff
from tests.support import factories, tracking
from tests.support.decisions import granted_budget, lines, request_with_lines

pytestmark = pytest.mark.browser


@pytest.fixture
def waiting(live_server):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        person, cpr = tracking.parent("Mette Hansen")
        worker = factories.staff(esbjerg)
        answers = tracking.request_answers("new_application")
        answers["budget"] = {**lines(3)}
        case = tracking.submitted_case(
            person, esbjerg, received=today_local() - timedelta(days=20), answers=answers
        )
        return {
            "name": person.name,
            "cpr": cpr,
            "worker": worker.email,
            "case": case.public_id,
            "number": case.number,
        }


def send_with_errors(page: Page) -> Locator:
    """Send the decision, which the page refuses: its error summary."""
    button(page, "Send afgørelsen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    return page.locator("[data-module='error-summary']")


def test_a_caseworker_decides_line_by_line_and_the_family_gets_the_letter(
    axe_page: Page, browser, live_server, watch, waiting
):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, waiting["worker"])
    page.goto(f"/sagsbehandling/sager/{waiting['case']}/afgoerelse")
    expect(heading(page, "Træf afgørelse")).to_be_visible()

    row = page.locator("#linje-3")
    row.get_by_label("Afslås udgift 3").check()
    page.get_by_label("Bevilget beløb i kr., udgift 2").fill("600")
    # "Beregn" before the reasons, the outcome and the visits: the totals, and no errors.
    button(page, "Beregn").click()
    expect(page.locator(".approved-total")).to_be_visible()
    expect(page.locator('[data-module="error-summary"]')).to_have_count(0)
    expect(page).not_to_have_title(re.compile("^Fejl:"))
    summary = send_with_errors(page)
    expect(summary).to_contain_text("Skriv hvorfor udgiften afslås")
    expect(summary).to_contain_text("Skriv hvorfor udgiften ikke bevilges fuldt ud")
    audit.check("decision page, reasons missing on two lines")

    page.get_by_label("Begrundelse, udgift 2").fill("Et billigere redskab er lige så egnet.")
    page.get_by_label("Begrundelse, udgift 3").fill("Redskabet er almindeligt indbo.")
    page.get_by_role("group", name="Afgørelse", exact=True).get_by_label("Delvist bevilget").check()
    field(page, "Afgørelse og begrundelse").fill("Hjemmetræningen godkendes.")
    field(page, "Næste tilsynsbesøg").fill((today_local() + timedelta(days=60)).isoformat())
    button(page, "Beregn").click()
    expect(page.locator(".approved-total")).to_have_text("1.600,00 kr.")
    button(page, "Send afgørelsen").click()
    expect(page.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()
    audit.check("case page with the decision per line")

    family = new_context(browser, live_server, watch, accept_downloads=True)
    mine = family.new_page()
    parent.log_in(mine, waiting["name"], waiting["cpr"])
    mine.goto(f"/sager/{waiting['case']}")
    with mine.expect_download() as download:
        mine.get_by_role("link", name="Hent afgørelsesbrevet (Word-dokument)").click()
    letter = download.value
    assert letter.suggested_filename == f"Afgørelse i sag {waiting['number']}.docx"
    document = Document(BytesIO(Path(letter.path()).read_bytes()))
    assert "Delvist bevilget" in "\n".join(p.text for p in document.paragraphs)
    family.close()
    audit.assert_clean()
    assert watch.problems() == []


@pytest.fixture
def equipment_over_the_cap(live_server, approved_family):
    """Equipment for 2024 whose two lines would pass the year's cap with the budget already
    granted (706.600 kr., seed 004 § 6, stk. 2)."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg)
        granted_budget(family.training, "300000", 2024)
        equipment = request_with_lines(family, "extra_equipment", "udstyr", 2, "75000")
        return {"worker": family.caseworker.email, "case": equipment.public_id}


def test_the_caseworker_sees_what_is_granted_and_is_stopped_at_the_cap(
    axe_page: Page, watch, equipment_over_the_cap
):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, equipment_over_the_cap["worker"])
    page.goto(f"/sagsbehandling/sager/{equipment_over_the_cap['case']}/afgoerelse")
    expect(page.locator(".granted-in-year")).to_have_text("600.000,00 kr.")
    expect(page.locator(".remaining-before")).to_have_text("106.600,00 kr.")
    audit.check("decision page with what the training is already granted")

    page.get_by_role("group", name="Afgørelse", exact=True).get_by_label(
        "Bevilget", exact=True
    ).check()
    field(page, "Afgørelse og begrundelse").fill("Redskaberne bevilges.")
    summary = send_with_errors(page)
    expect(summary).to_contain_text("Med linje 1 (Træningsredskab nr. 1) og 2")
    expect(summary).to_contain_text("Sæt 43.400,00 kr. ned.")
    audit.check("decision page refused beyond the cap")
    audit.assert_clean()
    assert watch.problems() == []
