"""Every page a parent and a caseworker can reach for a rich case reads English after the switch:
`<html lang="en">` and no Danish word of the portal's own outside `lang="da"`
(tests.support.english). The sweep walks the app's own routes, so a page added later is read
in English the day it is added."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Draft, DraftStep
from portal.rules import formatting
from portal.timeutil import today_local
from portal.wizard.steps import steps_for
from tests.support import accounts, factories, tracking
from tests.support import decisions as decisions_support
from tests.support.documents import headings, open_docx
from tests.support.english import english_problems, typed_in_english
from tests.support.pages import Page, get

# Route parts the sweep does not fill: a consent link's and the calendar's secret tokens, the
# public statistics' municipality code (swept by address below), static files.
NOT_SWEPT = frozenset({"token", "code", "filename", "path"})


def in_english(browser) -> None:
    """The language switch in the page header, as a person presses it."""
    response = browser.post("/sprog", data={"lang": "en", "next": "/"})
    assert response.status_code == 302


class Sweep:
    """GETs pages in English and keeps what is Danish on each, so one run names every page."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.problems: dict[str, list[str]] = {}

    def page(self, browser, url: str, status: int = 200) -> Page | None:
        with browser.get(url) as response:
            if response.status_code != status or response.mimetype != "text/html":
                return None
            page = Page(response)
        self.read.append(url)
        if problems := english_problems(page.html):
            self.problems[url] = problems
        return page

    def routes(self, app: Flask, browser, prefixes: tuple[str, ...], cases: list[dict]) -> None:
        """Every GET route under `prefixes` with the parts of each of `cases` that it takes."""
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or not rule.rule.startswith(prefixes):
                continue
            if rule.arguments & NOT_SWEPT:
                continue
            for parts in cases:
                if not rule.arguments <= parts.keys():
                    continue
                url = rule.rule
                for name in rule.arguments:
                    url = url.replace(f"<{name}>", str(parts[name]))
                    url = url.replace(f"<int:{name}>", str(parts[name]))
                if url not in self.read:
                    self.page(browser, url)

    def posted(self, page: Page, url: str) -> None:
        """A page answered to a form (its errors, its advice)."""
        self.read.append(f"POST {url}")
        if problems := english_problems(page.html):
            self.problems[f"POST {url}"] = problems

    def report(self) -> str:
        return "\n".join(
            f"{url}\n    " + "\n    ".join(problems) for url, problems in self.problems.items()
        )


def get_file(browser, url: str) -> bytes:
    with browser.get(url) as response:
        assert response.status_code == 200, url
        return response.data


def _draft(family: tracking.ApprovedFamily, case_type: str) -> Draft:
    """A draft of `case_type` about the family's training with every step answered."""
    related = None if case_type == "new_application" else family.training
    draft = Draft(
        parent_id=family.parent.id,
        municipality=family.municipality,
        case_type=case_type,
        related_case_id=related.id if related else None,
    )
    db.session.add(draft)
    db.session.flush()
    for slug, answers in typed_in_english(tracking.request_answers(case_type)).items():
        db.session.add(DraftStep(draft=draft, step=slug, data=tracking._as_lists(answers)))
    db.session.commit()
    return draft


@pytest.fixture
def rich(esbjerg, db):
    """An approved family with a bit of everything: a question, a hearing, a file, a complaint,
    a supervision visit, last year's accounts, a request waiting for a decision, and drafts.
    The family types in English where their Danish would hold a word the sweep looks for."""
    today = today_local()
    person, cpr = tracking.parent()
    caseworker = factories.staff(esbjerg)
    application = tracking.submitted_case(
        person,
        esbjerg,
        received=today - timedelta(days=300),
        answers=typed_in_english(tracking.request_answers("new_application")),
    )
    tracking.decide(application, caseworker, on=today - timedelta(days=200))
    family = tracking.ApprovedFamily(person, cpr, esbjerg, caseworker, application)
    sent = accounts.sent_accounts(family, ["800", "1.250"])
    budget = db.session.execute(
        select(Case).where(Case.parent_id == person.id, Case.case_type == "annual_budget")
    ).scalar_one()
    # After the budget's decision, which plans the supervision visits anew.
    training = tracking.rich_case(family)
    waiting = tracking.submitted_case(
        person,
        esbjerg,
        received=today - timedelta(days=3),
        case_type="extra_equipment",
        related=application,
        answers=typed_in_english(tracking.request_answers("extra_equipment")),
    )
    drafts = [_draft(family, case_type) for case_type in ("new_application", "renewed_goals")]
    cases = [
        training,
        {"public_id": sent.public_id, "case_id": sent.public_id},
        {"public_id": budget.public_id, "case_id": budget.public_id},
        {"public_id": waiting.public_id, "case_id": waiting.public_id},
    ]
    return family, cases, drafts


def test_the_parents_pages_read_english(app, make_client, rich):
    family, cases, drafts = rich
    parent = tracking.family(make_client, family.parent, family.cpr)
    in_english(parent)
    sweep = Sweep()
    for url in ("/", "/jeres-aar", "/ansoegning/", "/privatliv", "/tilgaengelighed"):
        assert sweep.page(parent, url), url
    sweep.routes(app, parent, ("/sager/", "/ansoegning/sager/"), cases)
    for draft in drafts:
        base = f"/ansoegning/{draft.public_id}/"
        for step in steps_for(draft.case_type):
            assert sweep.page(parent, base + step.slug), base + step.slug
        assert sweep.page(parent, base + "tjek"), base + "tjek"
        assert sweep.page(parent, base + "slet"), base + "slet"
    # Answers read back in English: dates, amounts, and the budget's year as written.
    checked = Page(parent.get(f"/ansoegning/{drafts[0].public_id}/tjek")).text()
    answers = tracking.request_answers("new_application")
    goal_day = answers["maal"]["goals-0-long_term_by"]
    assert formatting.long_date(goal_day, "en") in checked
    assert formatting.long_date(goal_day) not in checked
    assert formatting.money(Decimal("450"), "en") in checked
    assert answers["budget"]["year"] in checked
    receipt = db.session.get(Draft, family.training.draft_id)
    assert sweep.page(parent, f"/ansoegning/{receipt.public_id}/kvittering")
    assert sweep.page(parent, "/findes-ikke", status=404)
    assert sweep.page(parent, "/statistik/")

    print(f"\nparent: {len(sweep.read)} pages read in English")
    assert not sweep.problems, sweep.report()
    for must in ("hoering", "klage", "tilsyn", "plan", "kvittering", "tjek", "jeres-aar"):
        assert any(must in url for url in sweep.read), f"no page with {must} was read"


def test_the_errors_of_every_step_read_english(make_client, esbjerg):
    """A parent who presses "Save and continue" on each step without answering: the error
    summary, the messages at the fields and the advice with its sources."""
    person, cpr = tracking.parent()
    parent = tracking.family(make_client, person, cpr)
    in_english(parent)
    base = tracking.journey.start_application(parent)
    sweep = Sweep()
    for step in steps_for("new_application"):
        page = tracking.journey.save_step(parent, base, step.slug, {})
        if page.status == 200:
            assert page.error_summary(), step.slug
            sweep.posted(page, base + step.slug)
    page = tracking.journey.submit(parent, base, sent=False)
    sweep.posted(page, base + "tjek")
    assert len(sweep.read) >= 8, sweep.read
    print(f"\nerrors: {len(sweep.read)} pages read in English")
    assert not sweep.problems, sweep.report()


def test_the_caseworkers_pages_read_english(app, make_client, rich):
    family, cases, _drafts = rich
    worker = make_client()
    tracking.journey.login_staff(worker, family.caseworker.email, factories.PASSWORD)
    in_english(worker)
    sweep = Sweep()
    for url in (
        "/sagsbehandling/",
        "/sagsbehandling/?status=open&sortering=deadline",
        "/sagsbehandling/?frist=overdue&sagstype=accounts",
        "/sagsbehandling/?soeg=Anders&sagsbehandler=mine",
        "/sagsbehandling/?status=complaints&frist=supervision",
        "/sagsbehandling/?soeg=ingen-sag-hedder-sådan",
    ):
        assert sweep.page(worker, url), url
    sweep.routes(app, worker, ("/sagsbehandling/",), cases)
    training = family.training.public_id
    assert sweep.page(worker, f"/sagsbehandling/sager/{training}/adgangslog", status=403)
    assert sweep.page(worker, "/sagsbehandling/sager/findes-ikke", status=404)

    admin = make_client()
    boss = factories.staff(family.municipality, role="admin")
    tracking.journey.login_staff(admin, boss.email, factories.PASSWORD)
    in_english(admin)
    # Who opened the case: the municipality's administrator's page, each page the caseworker
    # opened named in English.
    log = sweep.page(admin, f"/sagsbehandling/sager/{training}/adgangslog")
    details = {cell.get_text(strip=True) for cell in log.soup.select("td.access-detail")}
    assert {"The complaints", "The supervision visit"} <= details, details
    # What the portal could not deliver: the administrator's page.
    deliveries = sweep.page(admin, "/sagsbehandling/forsendelser")
    assert deliveries.h1 == "Messages that were not delivered"
    assert sweep.page(worker, "/sagsbehandling/forsendelser", status=403)
    # The municipality's people and the yearly figures, with a change in each history.
    people = sweep.page(admin, "/sagsbehandling/medarbejdere")
    assert people.h1 == "Staff"
    figures = sweep.page(admin, "/sagsbehandling/aarlige-tal")
    assert figures.h1 == "Yearly caps and rates"

    print(f"\ncaseworker: {len(sweep.read)} pages read in English")
    assert not sweep.problems, sweep.report()
    for must in ("afgoerelse", "adgangslog", "regnskab", "klager", "tilsyn", "statistik"):
        assert any(must in url for url in sweep.read), f"no page with {must} was read"


def test_the_login_pages_read_english(make_client, db, esbjerg):
    anyone = make_client()
    in_english(anyone)
    sweep = Sweep()
    for url in ("/", "/log-ind/udvikling", "/medarbejder/log-ind", "/logget-ud"):
        assert sweep.page(anyone, url), url
    assert not sweep.problems, sweep.report()


def test_the_case_documents_stay_danish_for_a_caseworker_reading_english(make_client, rich):
    """The Word documents are the case's legal record, in Danish whatever the reader's
    language (issue 17): the dossier, and the letter kept when a caseworker reading English
    records a decision."""
    family, cases, _drafts = rich
    waiting = cases[-1]["public_id"]
    worker = make_client()
    tracking.journey.login_staff(worker, family.caseworker.email, factories.PASSWORD)
    in_english(worker)
    case = db.session.execute(select(Case).where(Case.public_id == waiting)).scalar_one()
    page = get(worker, decisions_support.url(case))
    assert page.soup.select_one("textarea[name=complaint_guidance]")["lang"] == "da"
    form = decisions_support.form_data(page)
    sent = decisions_support.post(worker, case, decisions_support.approval())
    assert sent.status == 302, sent.error_summary()

    letter = open_docx(get_file(worker, f"/sagsbehandling/sager/{waiting}/afgoerelse.docx"))
    letter_text = "\n".join(p.text for p in letter.paragraphs)
    assert "Afgørelse" in headings(letter, 1) and "Decision" not in letter_text
    guidance = form["complaint_guidance"].strip()
    assert "Ankestyrelsen" in guidance and "4 uger" in guidance
    assert guidance in letter_text

    dossier = open_docx(get_file(worker, f"/sagsbehandling/sager/{waiting}/sag.docx"))
    assert dossier.paragraphs[0].text.startswith("Sag HT-")
