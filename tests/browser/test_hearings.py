"""A hearing in a real browser: the family finds it on the case page, sends nothing and is
told so at the field, then answers with a file; every state passes axe-core's WCAG 2.1 AA
rules."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.services import hearings
from portal.timeutil import now_utc
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.parent import button, heading
from tests.support import files

pytestmark = pytest.mark.browser


@pytest.fixture
def family_heard(live_server, approved_family):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg, name="Hanne Holm", email="hanne@example.dk")
        hearings.open_hearing(
            family.training,
            kind="supervision_report",
            subject="Tilsynsrapport\nKommunen anbefaler, at hjemmetræningen fortsætter.",
            staff=family.caseworker,
            now=now_utc(),
        )
        db.session.commit()
        return {"name": family.parent.name, "cpr": family.cpr}


def test_the_family_answers_a_hearing(axe_page: Page, family_heard, tmp_path):
    page = axe_page
    audit = Audit(page)
    parent.log_in(page, family_heard["name"], family_heard["cpr"])
    page.get_by_role("link", name="Ansøgning om hjemmetræning").first.click()
    page.get_by_role("link", name="Høring over tilsynsrapporten").click()
    expect(heading(page, "Høring over tilsynsrapporten")).to_be_visible()
    expect(page.get_by_text("Kommunen anbefaler, at hjemmetræningen fortsætter.")).to_be_visible()
    audit.check("a hearing to answer")

    button(page, "Send svaret").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("a hearing answered with nothing")

    receipt = tmp_path / "noter.pdf"
    receipt.write_bytes(files.pdf())
    page.get_by_label("Jeres bemærkninger").fill("Vi er enige i rapporten.")
    page.get_by_label("Filer til svaret (frivilligt)").set_input_files(str(receipt))
    button(page, "Send svaret").click()
    expect(page.get_by_text("Tak. Kommunen har fået jeres svar på høringen.")).to_be_visible()
    page.get_by_role("link", name="Høring over tilsynsrapporten").click()
    expect(page.get_by_role("link", name="noter.pdf")).to_be_visible()
    audit.check("a hearing answered")
    audit.assert_clean()
