"""What a parent does in the browser: find fields by their labels and buttons by their names.
(And how a caseworker logs in, for the tests that follow a case to the municipality.)

The answers are those of `tests.support.journey.valid_answers()` (Anders and his jogging
trousers), so the HTTP journey and the browser journey describe the same application.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from playwright.sync_api import Locator, Page, expect

from portal.wizard.steps import steps_for
from tests.support.factories import PASSWORD, parent_cpr


def heading(page: Page, text: str) -> Locator:
    return page.get_by_role("heading", level=1, name=text, exact=True)


def button(page: Page | Locator, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def group(page: Page | Locator, name: str) -> Locator:
    """A fieldset, found by its legend ("Søskende 1", "Forhold til barnet")."""
    return page.get_by_role("group", name=name, exact=True)


def field(scope: Page | Locator, label: str) -> Locator:
    """A text field, text area or select by its label; "(frivilligt)" after it is allowed."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(frivilligt\))?$"))


def choose(scope: Page | Locator, question: str, option: str) -> None:
    """Tick a radio button or checkbox under a question (a fieldset's legend)."""
    group(scope, question).get_by_label(re.compile(rf"^{re.escape(option)}")).check()


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def fill_fields(scope: Page | Locator, labels: dict[str, str], answers: dict[str, Any]) -> None:
    for key, label in labels.items():
        if answers.get(key) not in (None, ""):
            field(scope, label).fill(_text(answers[key]))


# Log in and out -------------------------------------------------------------------------------


def log_in(page: Page, name: str, cpr: str) -> None:
    """From the landing page through the development login, to the parent's own page."""
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Log ind", exact=True).click()
    expect(heading(page, "Udviklingslogin")).to_be_visible()
    field(page, "Dit navn").fill(name)
    field(page, "Dit CPR-nummer").fill(cpr)
    button(page, "Log ind").click()
    expect(heading(page, "Dine ansøgninger og sager")).to_be_visible()


def log_in_staff(page: Page, email: str) -> None:
    page.goto("/medarbejder/log-ind")
    field(page, "E-mail").fill(email)
    field(page, "Adgangskode").fill(PASSWORD)
    button(page, "Log ind").click()
    expect(heading(page, "Sager")).to_be_visible()


def log_out(page: Page) -> None:
    button(page, "Log af").click()
    expect(heading(page, "Du er logget af")).to_be_visible()


def start_application(page: Page) -> None:
    page.get_by_role("link", name="Start en ny ansøgning").click()
    expect(heading(page, "Ansøg om hjemmetræning")).to_be_visible()
    button(page, "Start ansøgningen").click()
    expect(heading(page, wizard_steps()[0][1])).to_be_visible()


def new_parent_with_application(page: Page, name: str = "Mette Hansen") -> str:
    """A new parent (a CPR number of their own) who has just started an application."""
    cpr = parent_cpr()
    log_in(page, name, cpr)
    start_application(page)
    return cpr


def save_and_continue(page: Page, next_heading: str, press: str = "Gem og fortsæt") -> None:
    """Press "Gem og fortsæt" (or its words in the page's language) and arrive at the next
    page; if the step is shown again, say what it says is wrong (the error summary, or advice
    shown once)."""
    button(page, press).click()
    try:
        expect(heading(page, next_heading)).to_be_visible()
    except AssertionError:
        said = page.locator('[data-module="error-summary"], .advice').all_inner_texts()
        raise AssertionError(
            f"expected {next_heading!r} after {press!r}, still on {page.title()!r}: "
            + (" | ".join(" ".join(text.split()) for text in said) or "no message shown")
        ) from None


def go_to_step(page: Page, title: str) -> None:
    """Through the step indicator, as a parent jumping between steps would."""
    nav = page.get_by_role("navigation", name="Trin i ansøgningen")
    nav.get_by_role("link", name=re.compile(rf"^\d*\s*{re.escape(title)}\b")).click()
    expect(heading(page, title)).to_be_visible()


# The steps ------------------------------------------------------------------------------------

CHILD = {
    "child_name": "Barnets fulde navn",
    "child_cpr": "Barnets CPR-nummer",
    "disability": "Hvad har barnet svært ved?",
}
ADULT = {
    "name": "Navn",
    "occupation": "Arbejde og arbejdsgiver",
    "weekly_hours": "Arbejdstimer om ugen",
    "working_times": "Arbejdstider",
}
SIBLING = {"name": "Navn", "age": "Alder"}
METHOD = {
    "name": "Metodens navn",
    "provider": "Metodeudbyder",
    "description": "Beskrivelse af metoden",
    "elements": "Metodens delelementer",
    "glossary": "Ordforklaring",
}
CONSIDERATIONS = {
    "motivation": "Hvorfor vil I hjemmetræne jeres barn?",
    "home_setting": "Hvordan egner jeres hjem sig til træningen?",
    "resources": "Har I kræfter og overskud til opgaven?",
    "wellbeing": "Hvordan vil barnet have det med træningen?",
    "network": "Hvilken hjælp kan I få fra familie og netværk?",
}
GOAL = {
    "title": "Udvalgt mål",
    "current_status": "Barnets status nu",
    "indicator": "Hvordan kan I se, at målet er nået?",
    "short_term": "Kortsigtet mål (om ½ år)",
    "short_term_by": "Dato for det kortsigtede mål",
    "long_term": "Langsigtet mål (om 1 år)",
    "long_term_by": "Dato for det langsigtede mål",
    "purpose": "Formålet med målet",
    "method": "Hvilken metode bruger I til målet?",
    "exercises": "Konkrete øvelser",
    "when": "Hvornår træner I øvelserne?",
    "equipment": "Udstyr",
    "documentation": "Hvordan dokumenterer I effekten?",
}
ACTIVITY = {"start": "Fra kl.", "end": "Til kl.", "activity": "Aktivitet", "method": "Metode"}
BUDGET_LINE = {
    "description": "Hvad skal I bruge?",
    "quantity": "Antal",
    "amount": "Beløb i kr.",
    "justification": "Hvorfor er udgiften nødvendig for træningen?",
}
PARTNER = {
    "institution": "Virksomhed eller institution",
    "contact_person": "Kontaktperson",
    "function": "Personens funktion",
    "address": "Adresse",
    "phone": "Telefonnummer",
}

RELATIONS = {"mor": "Mor", "far": "Far", "anden": "Anden voksen i hjemmet"}
YES_NO = {"ja": "Ja", "nej": "Nej"}
EMPLOYMENTS = {
    "employee": "Lønmodtager",
    "self_employed": "Selvstændig",
    "not_working": "Ikke i arbejde",
}
EARNING_PARENT = {
    "name": "Forælderens navn",
    "monthly_income": "Bruttoløn om måneden",
    "weekly_hours": "Arbejdstimer om ugen før",
    "requested_hours": "Hvor mange timer om ugen går forælderen ned?",
    "employer_pension": "Arbejdsgiverens pensionsbidrag om måneden",
    "lost_benefits": "Goder fra arbejdet, som forælderen mister, i kr. om måneden",
    "saved_transport": "Sparet transport til og fra arbejde om måneden",
    "saved_childcare": "Sparet betaling for dagtilbud om måneden",
    "tax_rate": "Trækprocent",
    "tax_deduction": "Fradrag om måneden",
}
METHOD_KINDS = {"konventionel": "Konventionel", "alternativ": "Alternativ"}
TRAINERS = {
    "mor": "Mor",
    "far": "Far",
    "anden_voksen": "Anden voksen i hjemmet",
    "hjaelpetraenere": "Hjælpetrænere",
}
OFFERS = {
    "dagtilbud": "Dagtilbud",
    "skole": "Skole",
    "sfo": "SFO eller klub",
    "behandling": "Behandlingstilbud",
    "andet": "Andet",
}
CHANGES = {"supplere": "Supplere", "erstatte": "Erstatte"}
DAYS = {
    "mon": "Mandag",
    "tue": "Tirsdag",
    "wed": "Onsdag",
    "thu": "Torsdag",
    "fri": "Fredag",
    "sat": "Lørdag",
    "sun": "Søndag",
}
KINDS = {
    "training": "Træning",
    "school": "Skole",
    "daycare": "Dagtilbud",
    "leisure": "Fritid",
    "other": "Andet",
}
CATEGORIES = {
    "equipment": "Træningsredskaber",
    "course": "Kurser",
    "provider": "Metodeudbyder og supervision",
    "helper": "Hjælpetrænere",
    "other": "Øvrige udgifter",
}


def _select(scope: Page | Locator, label: str, option_start: str) -> None:
    """Choose the option whose text starts with `option_start` (some carry examples)."""
    select = field(scope, label)
    texts = [t.strip() for t in select.locator("option").all_inner_texts()]
    select.select_option(label=next(t for t in texts if t.startswith(option_start)))


def entries(answers: dict[str, Any], list_name: str) -> list[dict[str, Any]]:
    """The entries of a list in `answers` ({"siblings-0-name": ...}), in order."""
    pattern = re.compile(rf"^{re.escape(list_name)}-(\d+)-(.+)$")
    found: dict[int, dict[str, Any]] = {}
    for key, value in answers.items():
        if match := pattern.match(key):
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [found[i] for i in sorted(found)]


def list_entry(page: Page, item: str, add: str, number: int) -> Locator:
    """Entry `number` (1-based) of a list, adding it with the list's add button if needed."""
    entry = group(page, f"{item} {number}")
    if not entry.count():
        button(page, add).click()
        expect(entry).to_be_visible()
    return entry


def fill_child(page: Page, answers: dict[str, Any]) -> None:
    fill_fields(page, CHILD, answers)


def fill_contact(page: Page, answers: dict[str, Any]) -> None:
    field(page, "Din e-mailadresse").fill(answers["email"])
    field(page, "Dit telefonnummer").fill(answers["phone"])


def fill_adult(scope: Locator, adult: dict[str, Any]) -> None:
    fill_fields(scope, ADULT, adult)
    choose(scope, "Forhold til barnet", RELATIONS[adult["relation"]])
    choose(scope, "Har personen forældremyndighed?", YES_NO[adult["custody"]])


def fill_family(page: Page, answers: dict[str, Any]) -> None:
    fill_contact(page, answers)
    for n, adult in enumerate(entries(answers, "adults"), 1):
        fill_adult(list_entry(page, "Voksen", "Tilføj en voksen mere", n), adult)
    for n, sibling in enumerate(entries(answers, "siblings"), 1):
        fill_fields(list_entry(page, "Søskende", "Tilføj søskende", n), SIBLING, sibling)


def fill_methods(page: Page, answers: dict[str, Any]) -> None:
    for n, method in enumerate(entries(answers, "methods"), 1):
        scope = list_entry(page, "Metode", "Tilføj en metode mere", n)
        fill_fields(scope, METHOD, method)
        choose(scope, "Er metoden konventionel eller alternativ?", METHOD_KINDS[method["kind"]])
        choose(
            scope,
            "Indeholder metoden øvelser eller behandling for kroppen i et ikke ubetydeligt omfang?",
            YES_NO[method["health_elements"]],
        )


def fill_considerations(page: Page, answers: dict[str, Any], only=None) -> None:
    """Every answer, or `only` those named (a parent who stops half-way)."""
    for trainer in answers["trainers"]:
        choose(page, "Hvem skal træne barnet?", TRAINERS[trainer])
    labels = {k: v for k, v in CONSIDERATIONS.items() if only is None or k in only}
    fill_fields(page, labels, answers)


def fill_offers(page: Page, answers: dict[str, Any]) -> None:
    for n, offer in enumerate(entries(answers, "offers"), 1):
        scope = list_entry(page, "Tilbud", "Tilføj et tilbud", n)
        _select(scope, "Tilbud", OFFERS[offer["offer"]])
        field(scope, "Navn på stedet").fill(offer["name"])
        choose(
            scope,
            "Skal hjemmetræningen supplere eller erstatte tilbuddet?",
            CHANGES[offer["change"]],
        )
        field(scope, "Hvorfor?").fill(offer["reason"])


def fill_goal(scope: Locator, goal: dict[str, Any]) -> None:
    fill_fields(scope, GOAL, goal)


def anders_second_goal(today: date) -> dict[str, Any]:
    """A second goal for Anders, written the way Bilag 10 teaches (it passes check_goal)."""
    return {
        "title": "Anders spiser selv med ske",
        "current_status": "Anders kan holde skeen, men spilder det meste, før det når munden.",
        "indicator": (
            "Anders spiser selv sin havregrød med ske til morgenmad og spilder højst to "
            "skefulde, 5 morgener i træk."
        ),
        "short_term": "Anders kan føre skeen fra tallerkenen til munden med hjælp ved albuen.",
        "short_term_by": today + relativedelta(months=3),
        "long_term": "Anders spiser selv sin morgenmad med ske.",
        "long_term_by": today + relativedelta(months=6),
        "purpose": "Anders skal kunne spise selv sammen med familien.",
        "method": "Ergoterapeutisk ADL-træning",
        "exercises": "Gribe skeen. Tage grød på skeen. Føre skeen til munden.",
        "when": "Hver morgen ved morgenmaden kl. 7.20-7.40",
        "equipment": "En ske med tykt greb og en skridsikker tallerken",
        "documentation": (
            "Vi skriver hver morgen i et skema, hvor mange skefulde Anders spiser selv, og "
            "filmer måltidet én gang om måneden."
        ),
    }


def fill_goals(page: Page, answers: dict[str, Any]) -> None:
    for n, goal in enumerate(entries(answers, "goals"), 1):
        fill_goal(list_entry(page, "Mål", "Tilføj et mål mere", n), goal)


def fill_schedule(page: Page, answers: dict[str, Any]) -> None:
    for n, activity in enumerate(entries(answers, "entries"), 1):
        scope = list_entry(page, "Aktivitet", "Tilføj en aktivitet mere", n)
        _select(scope, "Dag", DAYS[activity["day"]])
        _select(scope, "Slags", KINDS[activity["kind"]])
        fill_fields(scope, ACTIVITY, activity)


def fill_budget(page: Page, answers: dict[str, Any]) -> None:
    field(page, "Hvilket år gælder budgettet?").fill(answers["year"])
    for n, line in enumerate(entries(answers, "lines"), 1):
        scope = list_entry(page, "Udgift", "Tilføj en udgift", n)
        _select(scope, "Slags udgift", CATEGORIES[line["category"]])
        fill_fields(scope, BUDGET_LINE, line)


def fill_lost_earnings(page: Page, answers: dict[str, Any]) -> None:
    choose(page, "Søger I om tabt arbejdsfortjeneste?", YES_NO[answers["applying"]])
    for n, parent in enumerate(entries(answers, "parents"), 1):
        scope = list_entry(page, "Forælder", "Tilføj en forælder", n)
        choose(
            scope,
            "Hvad lavede forælderen, før I begyndte at træne?",
            EMPLOYMENTS[parent["employment"]],
        )
        fill_fields(scope, EARNING_PARENT, parent)
    for key, question in (
        ("child_in_daycare", "Går barnet stadig i dagtilbud en del af tiden? (frivilligt)"),
        ("home_schooling", "Bliver barnet hjemmeundervist? (frivilligt)"),
    ):
        if answers.get(key):
            choose(page, question, YES_NO[answers[key]])


def fill_partners(page: Page, answers: dict[str, Any]) -> None:
    for n, partner in enumerate(entries(answers, "partners"), 1):
        fill_fields(
            list_entry(page, "Samarbejdspartner", "Tilføj en samarbejdspartner", n),
            PARTNER,
            partner,
        )


def fill_consent(page: Page, answers: dict[str, Any]) -> None:
    choose(
        page,
        "Må kommunen indhente de oplysninger, der er nødvendige for at behandle ansøgningen?",
        YES_NO[answers["consent"]],
    )


def send_file(page: Page, name: str, content: bytes, kind: str, note: str = "") -> None:
    """On the attachments step: choose a file, say what it is, and send it."""
    field(page, "Vælg filer").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": content}
    )
    _select(page, "Hvad er filerne?", kind)
    if note:
        field(page, "Note til sagsbehandleren").fill(note)
    button(page, "Send filerne").click()
    expect(page.get_by_role("status").filter(has_text="Vi har modtaget 1 fil")).to_be_visible()
    expect(page.get_by_role("region", name="Sendte filer")).to_contain_text(name)


def no_questions(page: Page, answers: dict[str, Any]) -> None:
    """A step without questions of its own (the attachments: files are optional)."""


# How a parent fills in each step of the application, by slug.
FILLERS: dict[str, Callable[[Page, dict[str, Any]], None]] = {
    "barnet": fill_child,
    "familien": fill_family,
    "metoder": fill_methods,
    "overvejelser": fill_considerations,
    "tilbud": fill_offers,
    "maal": fill_goals,
    "ugeskema": fill_schedule,
    "budget": fill_budget,
    "tabt-arbejdsfortjeneste": fill_lost_earnings,
    "samarbejdspartnere": fill_partners,
    "bilag": no_questions,
    "samtykke": fill_consent,
}


def wizard_steps() -> list[tuple[str, str]]:
    """(slug, heading) of each step of the application, in the wizard's own order: a step
    added to the wizard is visited by these tests without changing them."""
    return [(step.slug, str(step.title)) for step in steps_for("new_application")]


def fill_step(page: Page, slug: str, answers: dict[str, Any]) -> None:
    if slug in FILLERS:
        FILLERS[slug](page, answers)
    elif answers:
        raise AssertionError(
            f"The browser tests do not know how to fill in the step {slug!r}: "
            "add it to FILLERS in tests/browser/parent.py."
        )
