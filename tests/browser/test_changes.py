"""The changes a family reports during the year, in a real browser: each new step empty with
its errors and filled in, and the check page, passing axe-core's WCAG 2.1 AA rules; then the
caseworker takes a change to note."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Municipality
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.parent import button, choose, field, heading
from tests.browser.year_steps import confirm_and_send
from tests.support import factories
from tests.support.changes import equipment_key, granted_year, helper_key

pytestmark = pytest.mark.browser


@pytest.fixture
def family_with_budget(live_server, approved_family):
    """An approved training with this year's budget granted: a helper line and equipment."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        family = approved_family(municipality=esbjerg)
        budget = granted_year(family.training)
        worker = factories.staff(esbjerg)
        return {
            "name": family.parent.name,
            "cpr": family.cpr,
            "helper": helper_key(budget),
            "equipment": equipment_key(budget),
            "staff": worker.email,
        }


def in_days(days: int) -> str:
    return (today_local() + timedelta(days=days)).isoformat()


def fill_family(page: Page, lines: dict) -> None:
    choose(page, "Hvad har ændret sig i familien?", "Ny samlever")
    field(page, "Fra hvilken dato?").fill(in_days(-5))
    field(page, "Beskriv ændringen").fill("Mettes nye samlever bor hos os.")
    field(page, "Hvad betyder ændringen for hjemmetræningen?").fill(
        "Han hjælper ikke med træningen."
    )


def fill_child(page: Page, lines: dict) -> None:
    choose(page, "Hvad har ændret sig for barnet?", "Barnet har haft en negativ udvikling")
    field(page, "Siden hvilken dato?").fill(in_days(-30))
    field(page, "Beskriv ændringen").fill("Anders sover dårligt og har mistet gangfunktion.")
    field(page, "Hvad betyder ændringen for hjemmetræningen?").fill("Vi træner kortere ad gangen.")


def fill_school(page: Page, lines: dict) -> None:
    choose(page, "Hvad ændrer sig?", "Barnet starter i skole")
    field(page, "Fra hvilken dato?").fill(in_days(40))


def fill_week(page: Page, lines: dict) -> None:
    entry = parent.list_entry(page, "Aktivitet", "Tilføj en aktivitet mere", 1)
    field(entry, "Dag").select_option(label="Mandag")
    field(entry, "Fra kl.").fill("08:00")
    field(entry, "Til kl.").fill("12:00")
    field(entry, "Slags").select_option(label="Skole")
    field(entry, "Aktivitet").fill("Skole")


def fill_pauses(page: Page, lines: dict) -> None:
    entry = parent.group(page, "Periode 1")
    field(entry, "Første dag uden træning").fill(in_days(30))
    field(entry, "Sidste dag uden træning").fill(in_days(43))
    field(entry, "Hvorfor træner I ikke?").select_option(label="Indlæggelse eller behandling")


def fill_helper(page: Page, lines: dict) -> None:
    field(page, "Hvilken budgetlinje gælder det?").select_option(value=lines["helper"])
    field(page, "Timer om ugen fra datoen").fill("5")
    field(page, "Fra hvilken dato?").fill(in_days(14))
    field(page, "Hvorfor ændres timerne?").fill("En time mere om ugen til balancetræning.")


def fill_move(page: Page, lines: dict) -> None:
    entry = parent.group(page, "Flytning 1")
    field(entry, "Flyt fra budgetlinje").select_option(value=lines["equipment"])
    field(entry, "Flyt til budgetlinje").select_option(value=lines["helper"])
    field(entry, "Beløb i kr.").fill("1.000")
    field(page, "Hvorfor skal pengene flyttes?").fill("Redskabet blev billigere end ventet.")


# (request type's label, its steps before the attachments: (heading, fill)).
CHANGES: list[tuple[str, list[tuple[str, Callable[[Page, dict], None]]]]] = [
    ("Ændring i familien", [("Ændring i familien", fill_family)]),
    ("Ændring i barnets helbred", [("Ændring i barnets helbred", fill_child)]),
    (
        "Skolestart, dagtilbud eller nedsat skoleskema",
        [("Skole og dagtilbud", fill_school), ("Ugeskema", fill_week)],
    ),
    ("Perioder uden træning", [("Perioder uden træning", fill_pauses)]),
    ("Ændrede timer til hjælpetræner", [("Timer til hjælpetræner", fill_helper)]),
    ("Flyt penge mellem budgetlinjer", [("Flyt penge mellem budgetlinjer", fill_move)]),
]


def start_change(page: Page, label: str) -> None:
    page.goto("/ansoegning/")
    page.get_by_label(re.compile(rf"^{re.escape(label)}")).check()
    button(page, "Start ansøgningen").click()


def test_every_change_step_and_its_check_page_pass_axe(axe_page: Page, family_with_budget):
    page = axe_page
    audit = Audit(page)
    lines = family_with_budget
    parent.log_in(page, lines["name"], lines["cpr"])
    for label, steps in CHANGES:
        start_change(page, label)
        for title, fill in steps:
            expect(heading(page, title)).to_be_visible()
            audit.check(f"{label}: {title}, empty")
            button(page, "Gem og fortsæt").click()
            expect(page).to_have_title(re.compile(r"^Fejl:"))
            expect(page.get_by_role("alert").first).to_be_visible()
            audit.check(f"{label}: {title}, with errors")
            fill(page, lines)
            audit.check(f"{label}: {title}, filled in")
            button(page, "Gem og fortsæt").click()
            page.wait_for_load_state()
            if page.locator("#raad").count():
                # Advice is shown once; the family goes on without changing anything.
                audit.check(f"{label}: {title}, with advice")
                button(page, "Gem og fortsæt").click()
        expect(heading(page, "Bilag")).to_be_visible()
        parent.save_and_continue(page, "Tjek dine svar")
        audit.check(f"{label}: check your answers")
        confirm_and_send(page)
        expect(page.get_by_role("main")).to_contain_text(label)
    audit.assert_clean()


def test_the_caseworker_takes_a_change_to_note(axe_page: Page, family_with_budget):
    page = axe_page
    audit = Audit(page)
    lines = family_with_budget
    parent.log_in(page, lines["name"], lines["cpr"])
    start_change(page, "Ændring i familien")
    fill_family(page, lines)
    parent.save_and_continue(page, "Bilag")
    parent.save_and_continue(page, "Tjek dine svar")
    number = confirm_and_send(page)
    parent.log_out(page)

    parent.log_in_staff(page, lines["staff"])
    row = page.get_by_role("row").filter(has_text="Ændring i familien")
    row.get_by_role("link", name=number).click()
    note = page.locator("#action-note")
    audit.check("a change on the caseworker's page")
    button(note, "Tag til efterretning").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("taken to note without a text")
    field(page.locator("#action-note"), "Besked til familien").fill(
        "Tak for beskeden. Bevillingen fortsætter uændret."
    )
    button(page.locator("#action-note"), "Tag til efterretning").click()
    expect(page.locator(".case-status")).to_contain_text("Taget til efterretning")
    audit.check("a change taken to note")
    audit.assert_clean()
