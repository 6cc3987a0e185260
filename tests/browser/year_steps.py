"""Steps of a family's year that several browser tests take the same way: the family's plan for
a supervision visit, the caseworker's visit and report, a hearing answered, a request checked
and sent, and finding a case from the family's overview or the caseworker's list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.parent import button, choose, field, heading


def overview(page: Page) -> None:
    """From any page, through the logo to the family's overview."""
    page.get_by_role("link", name="Hjemmetræning, forside").click()
    expect(heading(page, "Dine ansøgninger og sager")).to_be_visible()


def family_case(page: Page, label: str, number: str) -> None:
    """From any page, through the family's overview to one of its cases."""
    overview(page)
    name = re.compile(rf"^{re.escape(label)}\s*, sag {re.escape(number)}$")
    page.get_by_role("link", name=name).click()
    expect(heading(page, label)).to_be_visible()


def staff_case(page: Page, number: str) -> None:
    """From any page, through the caseworker's list searched for the case's number."""
    page.get_by_role("link", name="Hjemmetræning – sagsbehandling").click()
    field(page, "Søg efter sagsnummer, barnets navn eller CPR-nummer").fill(number)
    button(page, "Vis sager").click()
    page.get_by_role("link", name=number, exact=True).click()
    expect(page.get_by_text(f"Sag {number}").first).to_be_visible()


def fill_plan(page: Page) -> None:
    """The time-and-phase plan for a visit: each goal's progress, and what went well."""
    goals = page.locator("fieldset.plan-goal")
    for n in range(goals.count()):
        goal = goals.nth(n)
        goal.get_by_label(re.compile(r"^Grad af målopfyldelse")).fill("Målet er næsten nået.")
        goal.get_by_role("group", name="Skal målet fortsætte?").get_by_label("Ja").check()
    field(page, "Hvad er gået godt siden sidste tilsyn?").fill("Roligere morgener.")


def fill_report(page: Page, held_on: str, recommendation: str, reason: str) -> None:
    """The caseworker's record of the visit and the report's recommendation."""
    field(page, "Dato for tilsynsbesøget").fill(held_on)
    choose(page, "Hvem deltog?", "Begge forældre")
    choose(page, "Hvem deltog?", "Barnet, der hjemmetrænes")
    choose(page, "Er barnet hørt?", "Ja")
    field(page, "Lever hjemmetræningen overordnet set op til formålet?").fill("Ja.")
    choose(page, "Kommunens indstilling", recommendation)
    field(page, "Begrundelse for indstillingen").fill(reason)


def answer_hearing(page: Page, text: str) -> None:
    """On a hearing's page: the family's remarks, sent."""
    page.get_by_label("Jeres bemærkninger").fill(text)
    button(page, "Send svaret").click()
    expect(page.get_by_text("Tak. Kommunen har fået jeres svar på høringen.")).to_be_visible()


def confirm_and_send(page: Page) -> str:
    """On "Tjek dine svar": confirm and send; the receipt's case number."""
    page.get_by_label(re.compile("^Jeg bekræfter")).check()
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    return page.locator(".case-number").inner_text().strip()


def start_request(page: Page, label: str, training_number: str | None = None) -> None:
    """From any page, through the family's overview, a request about their training (the only
    one, or the one numbered `training_number`)."""
    overview(page)
    page.get_by_role("link", name="Start en ny ansøgning").click()
    page.get_by_label(re.compile(rf"^{re.escape(label)}")).check()
    if training_number is not None:
        page.get_by_label(re.compile(re.escape(training_number))).check()
    button(page, "Start ansøgningen").click()
