"""A complaint in a real browser: the family's complaint form empty with its errors and then
filled with a file, the case page in reconsideration, and the caseworker's reconsideration
page with its forms, forwarding the complaint to Ankestyrelsen; every state passes axe-core's
WCAG 2.1 AA rules."""

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
from tests.browser.conftest import new_context
from tests.browser.parent import button, heading, log_in_staff
from tests.support import files

pytestmark = pytest.mark.browser


@pytest.fixture
def decided_family(live_server, approved_family):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(
            municipality=esbjerg,
            name="Klara Krogh",
            email="klara@example.dk",
            decided=today_local() - timedelta(days=12),
        )
        return {
            "name": family.parent.name,
            "cpr": family.cpr,
            "worker": family.caseworker.email,
            "case": family.training.public_id,
        }


def test_the_family_complains_and_the_caseworker_forwards_the_complaint(
    axe_page: Page, browser, live_server, decided_family, tmp_path
):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, decided_family["name"], decided_family["cpr"])
    page.goto(f"/sager/{decided_family['case']}")
    page.get_by_role("link", name="Klag over afgørelsen").click()
    expect(heading(page, "Klag over afgørelsen")).to_be_visible()
    audit.check("the complaint form")

    button(page, "Send klagen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    expect(page.locator("[data-module='error-summary']")).to_contain_text(
        "Skriv hvorfor I klager over afgørelsen"
    )
    audit.check("the complaint form with errors")

    statement = tmp_path / "udtalelse.pdf"
    statement.write_bytes(files.pdf())
    page.get_by_label("Hvorfor klager I?").fill("Vi er uenige i timetallet.")
    page.get_by_label("Filer til klagen (frivilligt)").set_input_files(str(statement))
    audit.check("the complaint form filled in")
    button(page, "Send klagen").click()
    expect(page.get_by_text("Tak. Kommunen har fået jeres klage")).to_be_visible()
    expect(page.locator(".case-status strong")).to_have_text("Genvurdering")
    expect(page.get_by_role("link", name="udtalelse.pdf")).to_be_visible()
    expect(page.get_by_role("img", name="Tidslinje for genvurderingen")).to_be_visible()
    audit.check("the case page in reconsideration")

    staff_context = new_context(browser, live_server, bypass_csp=True)
    staff = staff_context.new_page()
    staff_audit = Audit(staff)
    log_in_staff(staff, decided_family["worker"])
    staff.goto(f"/sagsbehandling/sager/{decided_family['case']}")
    waiting = staff.get_by_role("region", name="Det venter i sagen")
    waiting.get_by_role("link", name="Se klager og genvurdering").click()
    expect(staff.get_by_role("heading", name="Genvurdering", exact=True)).to_be_visible()
    staff_audit.check("the caseworker's reconsideration page")

    button(staff, "Send til Ankestyrelsen").click()
    expect(staff).to_have_title(re.compile(r"^Fejl:"))
    staff_audit.check("the reconsideration page with errors")
    staff.get_by_label("Sendt til Ankestyrelsen").fill(today_local().isoformat())
    button(staff, "Send til Ankestyrelsen").click()
    expect(staff.get_by_text("klagen er sendt til Ankestyrelsen")).to_be_visible()
    expect(staff.get_by_role("heading", name="Ankestyrelsens afgørelse")).to_be_visible()
    staff_audit.check("the complaint with Ankestyrelsen")
    staff_context.close()

    page.reload()
    expect(page.locator(".case-status strong")).to_have_text("Sendt til Ankestyrelsen")
    audit.check("the case page with the complaint forwarded")
    audit.assert_clean()
    staff_audit.assert_clean()


def test_the_complaint_form_fits_a_320_pixel_screen(browser, live_server, decided_family):
    context = new_context(browser, live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    parent.log_in(page, decided_family["name"], decided_family["cpr"])
    for url in (
        f"/sager/{decided_family['case']}/klage",
        f"/sager/{decided_family['case']}",
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url}: {width} px wide"
    expect(page.get_by_role("link", name="Klag over afgørelsen")).to_be_visible()
    context.close()
