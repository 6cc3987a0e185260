"""The walk-through of every page state a parent meets: before and around the application,
every step empty and with its errors, every step filled in, the answers checked, sent, and the
case. Each state is handed to a checker's `check(where)`: axe-core in test_accessibility.py,
the reflow at 320 CSS px in test_reflow.py."""

from __future__ import annotations

import re
from typing import Protocol

from playwright.sync_api import Page, expect

from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.parent import button, fill_step, heading, wizard_steps
from tests.support import files, journey
from tests.support.factories import parent_cpr


class Checker(Protocol):
    def check(self, where: str) -> None: ...


# A list step shows no entry until the parent adds one; add one so its fields are audited.
ADD_FIRST = {
    "familien": "Tilføj søskende",
    "tilbud": "Tilføj et tilbud",
    "budget": "Tilføj en udgift",
    "samarbejdspartnere": "Tilføj en samarbejdspartner",
}


def step_url(page: Page, slug: str) -> str:
    draft = re.search(r"/ansoegning/([^/]+)/", page.url).group(1)
    return f"/ansoegning/{draft}/{slug}"


def walk_around_the_application(page: Page, audit: Checker) -> None:
    page.goto("/")
    expect(heading(page, "Hjemmetræning af børn med handicap")).to_be_visible()
    audit.check("landing page")

    page.get_by_role("main").get_by_role("link", name="Log ind", exact=True).click()
    expect(heading(page, "Udviklingslogin")).to_be_visible()
    audit.check("development login")

    button(page, "Log ind").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("development login with errors")

    page.goto("/medarbejder/log-ind")
    audit.check("staff login")
    button(page, "Log ind").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("staff login with errors")

    for url in ("/privatliv", "/tilgaengelighed"):
        page.goto(url)
        audit.check(url)

    parent.log_in(page, "Mette Hansen", parent_cpr())
    audit.check("parent's overview, nothing yet")
    page.get_by_role("link", name="Start en ny ansøgning").click()
    audit.check("start an application")
    button(page, "Start ansøgningen").click()
    button(page, "Gem og fortsæt senere").click()
    expect(page.get_by_role("link", name="Fortsæt ansøgningen", exact=True)).to_be_visible()
    audit.check("parent's overview with a draft")
    page.get_by_role("link", name="Start en ny ansøgning").click()
    expect(
        page.get_by_role("link", name=re.compile("^Fortsæt: Ansøgning om hjemmetræning"))
    ).to_be_visible()
    audit.check("start an application, with a draft")
    page.goto("/")
    page.get_by_role("link", name="Fortsæt ansøgningen", exact=True).click()
    page.get_by_role("link", name="Slet kladden").click()
    audit.check("delete the draft?")

    parent.log_out(page)
    audit.check("logged out")

    page.goto("/findes-ikke")
    audit.check("page not found")


def walk_every_step_empty_and_with_errors(page: Page, audit: Checker) -> None:
    parent.new_parent_with_application(page)

    for slug, title in wizard_steps():
        page.goto(step_url(page, slug))
        expect(heading(page, title)).to_be_visible()
        audit.check(f"{slug}, empty")
        if slug in ADD_FIRST:
            # Its empty entry is audited with the errors it gets; filled in, further down.
            button(page, ADD_FIRST[slug]).click()
        if slug == "bilag":
            # Nothing here is required; a file that is not what its name says is refused.
            photo = {"name": "foto.pdf", "mimeType": "application/pdf", "buffer": files.jpeg()}
            parent.field(page, "Vælg filer").set_input_files(photo)
            button(page, "Send filerne").click()
            expect(page).to_have_title(re.compile(r"^Fejl:"))
            audit.check(f"{slug}, a file refused")
        button(page, "Gem og fortsæt").click()
        page.wait_for_load_state()
        if page.title().startswith("Fejl:"):
            expect(page.get_by_role("alert")).to_be_visible()
            audit.check(f"{slug}, with errors")

    page.goto(step_url(page, "tjek"))
    expect(page.get_by_text("Der mangler svar")).to_be_visible()
    audit.check("check your answers, sections missing")
    button(page, "Send ansøgningen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("check your answers, sent too early")


def walk_every_step_filled_in_to_the_receipt(page: Page, audit: Checker) -> None:
    today = today_local()
    answers = journey.valid_answers(today)
    parent.new_parent_with_application(page)

    steps = wizard_steps()
    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    for (slug, _title), next_title in zip(steps, following, strict=True):
        fill_step(page, slug, answers.get(slug, {}))
        if slug == "maal":
            goal = parent.list_entry(page, "Mål", "Tilføj et mål mere", 2)
            parent.fill_goal(goal, parent.anders_second_goal(today))
        if slug == "bilag":
            parent.send_file(page, "udtalelse.pdf", files.pdf(), "Udtalelse fra læge")
        audit.check(f"{slug}, filled in")
        parent.save_and_continue(page, next_title)

    # The week is read back as one table, named by its caption, with the day heading each row.
    week = page.get_by_role("table", name=re.compile("^Ugeskema"))
    expect(week.get_by_role("rowheader", name="Mandag").first).to_be_visible()
    audit.check("check your answers, complete")
    button(page, "Send ansøgningen").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("check your answers, not confirmed")

    page.get_by_label(re.compile("^Jeg bekræfter")).check()
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    audit.check("receipt")

    page.get_by_role("link", name="Gå til dine sager").click()
    audit.check("parent's overview with a case")
    page.get_by_role("link", name=re.compile("^Se sagen")).click()
    audit.check("the parent's case")
