"""The caseworker sees in a real browser how each letter of a decision went as Digital Post,
a failed one with its reason, on an axe-clean page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.digital_post import DeliveryFailed
from portal.extensions import db
from portal.models import Municipality
from portal.services import letters
from tests.browser.axe import describe, violations
from tests.browser.parent import log_in_staff
from tests.support.digital_post import decided_budget

pytestmark = pytest.mark.browser


def test_the_caseworker_sees_which_letters_reached_the_family(
    live_server, approved_family, axe_page: Page
):
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg)
        case = decided_budget(family)
        mother, father = letters.deliveries_for(case)
        father.recipient_cpr = None  # not known: the letter cannot be addressed
        db.session.commit()
        letters.deliver(mother)
        with pytest.raises(DeliveryFailed):
            letters.deliver(father)
        db.session.commit()
        worker, public_id, number = family.caseworker.email, case.public_id, case.number

    log_in_staff(axe_page, worker)
    axe_page.goto(f"/sagsbehandling/sager/{public_id}")
    table = axe_page.get_by_role("table", name="Breve sendt som Digital Post")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"Afgørelse i sag {number}")
    expect(rows.nth(0)).to_contain_text("Leveret (Digital Post)")
    expect(rows.nth(1)).to_contain_text("Ikke leveret")
    expect(rows.nth(1)).to_contain_text("CPR-nummeret på")
    found = violations(axe_page)
    assert not found, describe("case page with letters", found)
