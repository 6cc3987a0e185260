"""The personal-data pages in a real browser, passing axe-core's WCAG 2.1 AA rules: the
parent's "Dine oplysninger" with the download of their copy, and the administrator's log of
views of the case list, searches and statistics, for one day."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.parent import heading, log_in_staff
from tests.support import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def family(live_server, approved_family):
    with live_server.app.app_context():
        esbjerg = db.session.scalars(select(Municipality).filter_by(code="561")).one()
        made = approved_family(municipality=esbjerg)
        admin = factories.staff(esbjerg, role="admin")
        db.session.commit()
        return {
            "name": made.parent.name,
            "cpr": made.cpr,
            "number": made.training.number,
            "admin": admin.email,
            "admin_name": admin.name,
        }


def test_the_parent_downloads_their_copy(axe_page: Page, family):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, family["name"], family["cpr"])
    page.get_by_role(
        "link", name="Dine oplysninger: hent en kopi af alt, portalen har om dig"
    ).click()
    expect(heading(page, "Dine oplysninger")).to_be_visible()
    audit.check("the parent's own data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent dine oplysninger (ZIP)").click()
    root = f"Dine oplysninger {today_local().isoformat()}"
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
    assert f"{root}/Sager/{family['number']}/Sag {family['number']}.docx" in names
    audit.assert_clean()


def test_the_administrator_reads_the_log_of_views(axe_page: Page, family):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, family["admin"])
    page.get_by_role("link", name="Adgangslog for sagslisten, søgninger og statistik").click()
    expect(heading(page, "Adgangslog for sagslisten, søgninger og statistik")).to_be_visible()
    # The live server is shared with other tests: the administrator's own look is the one
    # to find.
    mine = page.get_by_role("row").filter(has_text=family["admin_name"])
    expect(mine.filter(has_text="Så listen over sager")).to_have_count(1)
    audit.check("the log of views")
    # The browser's date picker sends the day as an ISO date.
    page.get_by_label("Dato").fill(today_local().isoformat())
    page.get_by_role("button", name="Vis adgangslog").click()
    expect(mine.filter(has_text="Så listen over sager")).to_have_count(1)
    audit.check("the log of views for one day")
    audit.assert_clean()
