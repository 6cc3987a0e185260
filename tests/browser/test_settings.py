"""The administrator's pages in a real browser: the front page and every settings page pass
axe-core's WCAG 2.1 AA rules, with and without errors; a refused value is fixed from the error
summary's link, and the change shows in the page's history, under the
Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality
from tests.browser.axe import Audit
from tests.browser.parent import button, field, heading, log_in_staff
from tests.support import factories

pytestmark = pytest.mark.browser

PAGES = (
    "Sagsbehandlingstider",
    "Træning, hjælpetrænere og økonomi",
    "Kontakt og postkasse",
    "Opbevaring og statistik",
)


@pytest.fixture
def admin(live_server) -> str:
    with live_server.app.app_context():
        esbjerg = db.session.scalars(select(Municipality).filter_by(code="561")).one()
        return factories.staff(esbjerg, role="admin").email


def test_the_administrator_changes_a_setting_and_sees_it_in_the_history(axe_page: Page, admin):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, admin)
    page.get_by_role("link", name="Administration", exact=True).click()
    expect(heading(page, "Administration")).to_be_visible()
    audit.check("administration")

    for title in PAGES:
        page.get_by_role("link", name=title, exact=True).first.click()
        expect(heading(page, title)).to_be_visible()
        audit.check(title)

    page.get_by_role("link", name="Træning, hjælpetrænere og økonomi", exact=True).click()
    weeks = field(page, "Ugers ferie om året uden træning")
    weeks.fill("52")
    field(page, "Dage til den anden forælders samtykke").fill("21")
    button(page, "Gem ændringerne").click()
    expect(page).to_have_title("Fejl: Træning, hjælpetrænere og økonomi – Hjemmetræning")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Skriv et helt antal uger fra 0 til 51")
    expect(field(page, "Dage til den anden forælders samtykke")).to_have_value("21")
    audit.check("settings with an error")

    summary.get_by_role("link", name="Skriv et helt antal uger fra 0 til 51").click()
    expect(weeks).to_be_focused()
    weeks.fill("6")
    button(page, "Gem ændringerne").click()
    expect(page.get_by_role("status")).to_contain_text("Ændringerne er gemt")
    history = page.get_by_role("region", name="Historik")
    expect(
        history.get_by_role("row").filter(has_text="Ugers ferie om året uden træning")
    ).to_contain_text("5 uger")
    expect(
        history.get_by_role("row").filter(has_text="Dage til den anden forælders samtykke")
    ).to_contain_text("21 dage")
    audit.check("settings after a change")
    audit.assert_clean()
