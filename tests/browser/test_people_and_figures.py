"""The administrator's people page, the invited person's password page and the yearly
figures page, in a real browser: each passes axe-core's WCAG 2.1 AA rules, with and without
errors, and works by keyboard and mouse under the Content-Security-Policy."""

from __future__ import annotations

import re
from itertools import count

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality, Notification
from tests.browser.axe import Audit
from tests.browser.parent import button, field, heading, log_in_staff
from tests.support import factories

pytestmark = pytest.mark.browser
_numbers = count(1)


@pytest.fixture
def admin(live_server):
    """An administrator of Esbjerg Kommune, who may also add the yearly figures."""
    with live_server.app.app_context():
        esbjerg = db.session.scalars(select(Municipality).filter_by(code="561")).one()
        admin = factories.staff(esbjerg, role="admin")
        admin.national = True
        db.session.commit()
        return admin.email


def invitation_path(live_server, email: str) -> str:
    with live_server.app.app_context():
        body = db.session.scalars(
            select(Notification.body).where(
                Notification.recipient == email, Notification.kind == "staff_invited"
            )
        ).one()
    return "/medarbejder/invitation/" + re.search(r"/medarbejder/invitation/(\S+)", body)[1]


def test_an_administrator_invites_a_caseworker_who_chooses_a_password(
    axe_page: Page, admin, live_server
):
    page = axe_page
    audit = Audit(page)
    email = f"ny{next(_numbers)}@esbjerg.example"
    log_in_staff(page, admin)
    page.get_by_role("link", name="Medarbejdere", exact=True).click()
    expect(heading(page, "Medarbejdere")).to_be_visible()
    audit.check("people")

    button(page, "Send invitationen").click()
    expect(page).to_have_title(re.compile("^Fejl:"))
    expect(page.get_by_role("link", name="Skriv medarbejderens navn")).to_be_visible()
    audit.check("people with errors")

    field(page, "Navn").fill("Lone Jensen")
    field(page, "E-mail").fill(email)
    page.get_by_label("Sagsbehandler").check()
    button(page, "Send invitationen").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invitationen er sendt til {email}")
    row = page.locator("tr.person").filter(has_text=email)
    expect(row).to_contain_text("Inviteret, har ikke valgt adgangskode endnu")
    audit.check("people after an invitation")

    link = invitation_path(live_server, email)
    page.goto(link)
    expect(heading(page, "Vælg din adgangskode")).to_be_visible()
    audit.check("choose a password")
    field(page, "Adgangskode").fill("kort")
    field(page, "Gentag adgangskoden").fill("kort")
    button(page, "Gem adgangskoden").click()
    expect(page).to_have_title(re.compile("^Fejl:"))
    audit.check("choose a password with errors")
    field(page, "Adgangskode").fill("en lang sætning om træning")
    field(page, "Gentag adgangskoden").fill("en lang sætning om træning")
    button(page, "Gem adgangskoden").click()
    expect(page.get_by_role("status")).to_contain_text("Din adgangskode er gemt")

    page.goto(link)
    expect(heading(page, "Linket virker ikke længere")).to_be_visible()
    audit.check("a used invitation")
    audit.assert_clean()


def test_a_national_administrator_adds_a_years_figure(axe_page: Page, admin):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, admin)
    page.get_by_role("link", name="Årlige lofter og satser", exact=True).click()
    expect(heading(page, "Årlige lofter og satser")).to_be_visible()
    audit.check("yearly figures")

    page.get_by_label("Loft over tabt arbejdsfortjeneste (kr. om måneden)").check()
    button(page, "Gem tallet").click()
    expect(page).to_have_title(re.compile("^Fejl:"))
    audit.check("yearly figures with errors")

    page.get_by_label("Loft over tabt arbejdsfortjeneste (kr. om måneden)").check()
    field(page, "År").fill("2040")
    field(page, "Beløb i kr.").fill("40.000")
    field(page, "Kilde").fill("Serviceloven § 42, stk. 3 (2040)")
    field(page, "Kildens dato").fill("2039-11-20")
    button(page, "Gem tallet").click()
    expect(page.get_by_role("status")).to_contain_text("for 2040 er gemt")
    expect(page.locator("table.admin-history")).to_contain_text("lost_earnings_ceiling.2040")
    audit.check("yearly figures after an addition")
    audit.assert_clean()
