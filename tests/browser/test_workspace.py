"""The caseworker's list and case page in a real browser: axe-core's WCAG 2.1 AA rules with
filters applied, over several pages, with an empty result; the case page with the rules'
findings, a question and the attachments; the administrator's access log. And the filters
used from the keyboard alone, under the Content-Security-Policy."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.browser.axe import Audit
from tests.browser.parent import button, field, log_in_staff
from tests.support import factories, tracking
from tests.support.case_rows import CaseSpec, insert_cases

pytestmark = pytest.mark.browser

VAGUE = "Villads får mere styrke i benene"
_children = itertools.count(1)


@pytest.fixture
def workspace(live_server):
    """A caseworker with 60 cases of their own, one of them a real application with a vague
    goal and a question to the family; and an administrator of the same municipality."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        worker = factories.staff(esbjerg)
        admin = factories.staff(esbjerg, role="admin")
        today = today_local()
        insert_cases(
            esbjerg,
            [
                CaseSpec(
                    f"Karla Mølgaard {n}",
                    today - timedelta(days=2 * n),
                    status=("received", "under_review", "decided")[n % 3],
                    assigned_to_id=worker.id,
                )
                for n in range(60)
            ],
        )
        person, _cpr = tracking.parent("Rikke Villadsen")
        answers = tracking.request_answers("new_application")
        # The live server's database lives for the whole run: a name of this test's own.
        child = f"Villads Brøndum {next(_children)}"
        answers["barnet"] = {**answers["barnet"], "child_name": child}
        answers["maal"] = {**answers["maal"], "goals-0-short_term": VAGUE}
        case = tracking.submitted_case(person, esbjerg, received=today, answers=answers)
        cases.take_case(case, worker, now=now_utc())
        cases.ask_for_information(case, worker, "Hvor mange trin har trappen?", now=now_utc())
        db.session.commit()
        return {
            "worker": worker.email,
            "admin": admin.email,
            "case": case.public_id,
            "child": child,
        }


def test_the_list_and_the_case_page_pass_axe(axe_page: Page, workspace):
    page = axe_page
    audit = Audit(page)
    log_in_staff(page, workspace["worker"])
    audit.check("list, default")

    page.goto("/sagsbehandling/?sagsbehandler=mine&sortering=received")
    expect(page.get_by_role("navigation", name="Sider i listen over sager")).to_be_visible()
    audit.check("list, mine, by receipt, with pages")
    page.get_by_role("link", name="Næste side").click()
    expect(page.locator(".pagination-status")).to_have_text(re.compile(r"^Side 2 af \d+$"))
    audit.check("list, page 2")
    page.goto("/sagsbehandling/?soeg=ingen+hedder+s%C3%A5dan&frist=overdue")
    expect(page.get_by_text("Ingen sager passer til det, du har valgt:")).to_be_visible()
    audit.check("list, nothing found")

    page.goto(f"/sagsbehandling/sager/{workspace['case']}")
    findings = page.get_by_role("table", name="Reglernes bemærkninger til ansøgningen")
    expect(findings).to_contain_text("kan ikke måles")
    expect(page.get_by_text("Hvor mange trin har trappen?")).to_be_visible()
    audit.check("case page with findings and a question")
    page.get_by_role("button", name="Log af").click()
    log_in_staff(page, workspace["admin"])
    page.goto(f"/sagsbehandling/sager/{workspace['case']}")
    page.get_by_role("link", name="Se hvem der har åbnet, hentet eller ændret sagen").click()
    expect(page.get_by_role("table", name="Adgangslog, nyeste først")).to_be_visible()
    audit.check("access log")
    audit.assert_clean()


def test_the_filters_work_from_the_keyboard(page: Page, watch, workspace):
    log_in_staff(page, workspace["worker"])
    search = field(page, "Søg efter sagsnummer, barnets navn eller CPR-nummer")
    search.focus()
    typed = workspace["child"].lower()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"soeg=villads\+br%C3%B8ndum\+\d+"))
    rows = page.locator("table.case-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(workspace["child"])
    # The search stays in its field, and the page says what it found.
    expect(search).to_have_value(typed)
    expect(page.get_by_role("heading", name="1 sag")).to_be_visible()

    search.fill("")
    field(page, "Sagsbehandler").select_option(label="Mine sager")
    field(page, "Status").select_option(label="Alle åbne sager")
    submit = button(page, "Vis sager")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sagsbehandler=mine"))
    expect(page.get_by_role("heading", name="41 sager")).to_be_visible()
    expect(field(page, "Status")).to_have_value("open")
    # Opening a case from the list, by keyboard.
    page.get_by_role("link", name=re.compile(r"^HT-")).first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Sag HT-"))).to_be_visible()
    assert watch.problems() == []
