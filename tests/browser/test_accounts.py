"""The accounts in a real browser: the family keeps the ledger against the lines granted for
the year, is told at the field what cannot be read and advised on money not spent, checks and
sends; the caseworker reviews each line, is told where a reason is missing, and decides; the
family downloads the letter. Every state passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.services import drafts
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.parent import button, field, group, heading, log_in_staff
from tests.browser.year_steps import answer_hearing, confirm_and_send, family_case
from tests.support import files
from tests.support.decisions import granted_budget

pytestmark = pytest.mark.browser

YEAR = today_local().year - 1


@pytest.fixture
def accounts_draft(live_server, approved_family):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg, name="Hanne Holm", email="hanne@example.dk")
        granted_budget(family.training, "1000", YEAR)
        draft = drafts.start_draft(family.parent.id, esbjerg, "accounts", family.training)
        db.session.commit()
        return {
            "name": family.parent.name,
            "cpr": family.cpr,
            "worker": family.caseworker.email,
            "draft": draft.public_id,
        }


def test_a_year_of_accounts_is_kept_checked_reviewed_and_decided(
    axe_page: Page, browser, live_server, watch, accounts_draft
):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, accounts_draft["name"], accounts_draft["cpr"])
    page.goto(f"/ansoegning/{accounts_draft['draft']}/bilag")
    parent.send_file(page, "Kontoudtog.pdf", files.pdf(), "Kvitteringer og kontoudtog")
    button(page, "Gem og fortsæt").click()
    expect(heading(page, "Regnskab")).to_be_visible()
    expect(page.locator("tr.accounts-line")).to_have_count(2)
    audit.check("ledger step with the year's granted lines")

    button(page, "Tilføj en udgift").click()
    first = group(page, "Udgift 1")
    field(first, "Budgetlinje").select_option(index=1)
    field(first, "Beløb i kr.").fill("otte hundrede")
    button(page, "Gem og fortsæt").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("ledger step with errors")

    field(first, "Betalt dato").fill(f"{YEAR}-06-01")
    field(first, "Hvad blev betalt").fill("Balancepude")
    field(first, "Beløb i kr.").fill("800")
    field(first, "Kvittering").select_option(label="Kontoudtog.pdf")
    button(page, "Tilføj en udgift").click()
    second = group(page, "Udgift 2")
    field(second, "Budgetlinje").select_option(index=2)
    field(second, "Betalt dato").fill(f"{YEAR}-06-02")
    field(second, "Hvad blev betalt").fill("Trampolin")
    field(second, "Beløb i kr.").fill("1.000")
    field(second, "Kvittering").select_option(label="Kontoudtog.pdf")
    button(page, "Gem og fortsæt").click()
    expect(
        page.get_by_text("I har brugt 200,00 kr. mindre end bevilget", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    audit.check("ledger step filled, with advice on an underspend")
    # At 320 px the page does not scroll sideways: the table scrolls inside its own region.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    audit.check("ledger step at 320 px")
    page.set_viewport_size({"width": 1280, "height": 800})

    button(page, "Gem og fortsæt").click()
    expect(heading(page, "Tjek dine svar")).to_be_visible()
    expect(page.locator(".accounts-under")).to_have_text("200,00 kr.")
    audit.check("check page with the accounts per line")
    number = confirm_and_send(page)
    # By its number: the budget granted today may have been received later in the day.
    family_case(page, "Regnskab for det afsluttede budgetår", number)
    case_url = page.url

    staff = new_context(browser, live_server, watch, bypass_csp=True).new_page()
    staff_audit = Audit(staff)
    log_in_staff(staff, accounts_draft["worker"])
    staff.goto(case_url.replace("/sager/", "/sagsbehandling/sager/") + "/regnskab")
    expect(staff.locator("tr.ledger-entry")).to_have_count(2)
    staff_audit.check("caseworker's review page")
    staff.get_by_label("Godkendt i kr., Træningsredskab nr. 1").fill("700")
    button(staff, "Gem gennemgangen").click()
    expect(staff).to_have_title(re.compile(r"^Fejl:"))
    staff_audit.check("caseworker's review page with a reason missing")
    staff.get_by_label("Begrundelse, Træningsredskab nr. 1").fill("Kvitteringen er på 700 kr.")
    button(staff, "Gem gennemgangen").click()
    expect(staff.locator(".claim-total")).to_contain_text("300,00 kr.")
    button(staff, "Send forslaget om tilbagebetaling i partshøring").click()
    expect(staff.locator(".decision-waits")).to_be_visible()
    staff_audit.check("caseworker's review page waiting for the hearing")

    page.goto(case_url)
    page.get_by_role("link", name="Høring før afgørelse om tilbagebetaling").click()
    answer_hearing(page, "Vi har ikke flere kvitteringer.")

    staff.reload()
    field(staff, "Afgørelsen og begrundelsen, som familien læser den").fill(
        "Der mangler dokumentation for 300 kr."
    )
    button(staff, "Træf afgørelse om regnskabet").click()
    expect(staff.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()

    page.goto(case_url)
    audit.check("the family's accounts case, decided")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent afgørelsesbrevet (Word-dokument)").click()
    document = Document(BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "kræver 300,00 kr. betalt tilbage" in text
    audit.assert_clean()
    staff_audit.assert_clean()
    assert watch.problems() == []
