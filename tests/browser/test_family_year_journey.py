"""One year of a family's home training in a real browser, the parent and the caseworker each in
their own: the approval names the supervision visits, the family sends its plan for the first,
the caseworker records the visit and sends the report for a hearing the family answers; the
family renews the goals and sends next year's budget, both decided; the accounts show money not
spent, the caseworker proposes a repayment, hears the family and decides with a Word letter;
the family complains, the caseworker upholds the decision and forwards the complaint to
Ankestyrelsen. Every page state on the way passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from portal.extensions import db
from portal.models import Case, Municipality, SupervisionVisit
from portal.rules import hearings as hearing_rules
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.browser import parent
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.parent import button, field, heading, log_in_staff
from tests.browser.year_steps import (
    answer_hearing,
    confirm_and_send,
    family_case,
    fill_plan,
    fill_report,
    staff_case,
    start_request,
)
from tests.support import factories, files
from tests.support.supervision import plan_visits

pytestmark = pytest.mark.browser

TRAINING = "Ansøgning om hjemmetræning"


@dataclass
class Year:
    family: Page
    staff: Page
    family_audit: Audit
    staff_audit: Audit
    training: str  # the training's case number
    first_visit: str  # the first visit's public id


@pytest.fixture
def approved(live_server, approved_family):
    """An approved training whose decision names two supervision visits: in two weeks and in
    half a year."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        worker = factories.staff(esbjerg)
        family = approved_family(
            municipality=esbjerg,
            caseworker=worker,
            name="Ida Mølgaard",
            email="ida@example.dk",
        )
        today = today_local()
        visits = plan_visits(
            family.training, today + timedelta(days=14), today + timedelta(days=194)
        )
        return {
            "name": family.parent.name,
            "cpr": family.cpr,
            "worker": worker.email,
            "training": family.training.number,
            "visits": [v.planned_on for v in visits],
            "first_visit": visits[0].public_id,
        }


def the_visit_comes(live_server, visit_id: str) -> None:
    """The first visit's day arrives: the caseworker visits the family today."""
    with live_server.app.app_context():
        visit = db.session.query(SupervisionVisit).filter_by(public_id=visit_id).one()
        visit.planned_on = today_local()
        db.session.commit()


def supervision_with_hearing(year: Year, live_server, visits) -> None:
    family, staff = year.family, year.staff
    family_case(family, TRAINING, year.training)
    rows = family.locator("table.supervision-visits tbody tr")
    for row, day in zip(rows.all(), visits, strict=True):
        expect(row).to_contain_text(long_date(day))
    year.family_audit.check("the approved training with its visit dates")

    rows.first.get_by_role("link").click()
    family.get_by_role("link", name="Udfyld planen").click()
    expect(heading(family, "Tids- og faseplan til tilsynet")).to_be_visible()
    year.family_audit.check("the plan for the first visit")
    fill_plan(family)
    button(family, "Send planen").click()
    expect(family.get_by_text("Tak. Kommunen har fået jeres plan.")).to_be_visible()
    year.family_audit.check("the first visit with the plan sent")

    the_visit_comes(live_server, year.first_visit)
    staff_case(year.staff, year.training)
    year.staff_audit.check("the training on the caseworker's page")
    staff.locator("table.supervision-visits tbody tr").first.get_by_role("link").click()
    expect(staff.get_by_text("Roligere morgener.")).to_be_visible()
    year.staff_audit.check("the first visit with the family's plan")
    fill_report(
        staff, today_local().isoformat(), "Fortsættelse som hidtil", "Målene nås, og barnet trives."
    )
    button(staff, "Send rapporten i høring").click()
    expect(staff.get_by_text("Rapporten er sendt til familien i høring.")).to_be_visible()
    year.staff_audit.check("the report sent for a hearing")

    family_case(family, TRAINING, year.training)
    # Esbjerg's hearing period: two weeks from the day the report was sent.
    deadline = long_date(hearing_rules.answer_by(today_local()))
    hearing = family.locator(".hearing-item").filter(has_text="Høring over tilsynsrapporten")
    expect(hearing).to_contain_text(f"Svar senest {deadline}.")
    year.family_audit.check("the training with the report's hearing open")
    family.get_by_role("link", name="Høring over tilsynsrapporten").click()
    expect(heading(family, "Høring over tilsynsrapporten")).to_be_visible()
    expect(family.get_by_role("main")).to_contain_text(
        f"Tilsynsrapport fra tilsynsbesøget {long_date(today_local())}. "
        "Kommunens indstilling: Fortsættelse som hidtil."
    )
    year.family_audit.check("the hearing on the report")
    answer_hearing(family, "Vi er enige i rapporten.")
    year.family_audit.check("the report's hearing answered")


def decide(
    year: Year, number: str, outcome: str, text: str, next_visit: date | None = None
) -> None:
    """The caseworker finds the request and decides it, every line at the amount asked for
    (a budget's decision names the next supervision visit)."""
    staff = year.staff
    staff_case(staff, number)
    waiting = staff.get_by_role("region", name="Det venter i sagen")
    waiting.get_by_role("link", name="Træf afgørelse", exact=True).click()
    expect(heading(staff, "Træf afgørelse")).to_be_visible()
    year.staff_audit.check(f"the decision page of {number}")
    staff.get_by_role("group", name="Afgørelse", exact=True).get_by_label(
        outcome, exact=True
    ).check()
    field(staff, "Afgørelse og begrundelse").fill(text)
    if next_visit is not None:
        field(staff, "Næste tilsynsbesøg").fill(next_visit.isoformat())
    button(staff, "Send afgørelsen").click()
    expect(staff.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()
    expect(staff.locator(".case-status")).to_contain_text("Afgjort")
    year.staff_audit.check(f"{number} decided")


def renewed_goals(year: Year) -> None:
    """Half a year on, the family renews the goals from the approved plan."""
    family = year.family
    start_request(family, "Nye mål for de næste 6 måneder")
    expect(heading(family, "Mål for træningen")).to_be_visible()
    year.family_audit.check("the renewed goals, started from the approved plan")
    today = today_local()
    goals = family.get_by_role("group", name=re.compile(r"^Mål \d+$"))
    expect(goals.first).to_be_visible()
    for goal in goals.all():
        field(goal, "Kortsigtet mål (om ½ år)").fill("Anders tager selv bukserne på.")
        field(goal, "Dato for det kortsigtede mål").fill((today + timedelta(days=90)).isoformat())
        field(goal, "Dato for det langsigtede mål").fill((today + timedelta(days=180)).isoformat())
    parent.save_and_continue(family, "Bilag")
    parent.save_and_continue(family, "Tjek dine svar")
    expect(family.locator("#goal-change-1")).to_contain_text("Anders tager selv bukserne på.")
    year.family_audit.check("the renewed goals beside the old plan")
    number = confirm_and_send(family)
    decide(year, number, "Bevilget", "De nye mål godkendes.")
    family_case(family, "Nye mål for de næste 6 måneder", number)
    expect(family.locator(".case-status strong")).to_have_text("Afgjort")
    expect(family.get_by_role("main")).to_contain_text("De nye mål godkendes.")
    year.family_audit.check("the renewed goals approved")


BUDGET_LINES = [("Balancepude", "1.500"), ("Trampolin", "2.000")]


def next_years_budget(year: Year, next_visit: date) -> str:
    """In the autumn the family sends next year's budget; the caseworker grants it."""
    family = year.family
    start_request(family, "Budget for det kommende år")
    expect(heading(family, "Budget")).to_be_visible()
    field(family, "Hvilket år gælder budgettet?").fill(str(today_local().year + 1))
    for n, (what, amount) in enumerate(BUDGET_LINES, 1):
        line = parent.list_entry(family, "Udgift", "Tilføj en udgift", n)
        field(line, "Slags udgift").select_option(label="Træningsredskaber")
        field(line, "Hvad skal I bruge?").fill(what)
        field(line, "Antal").fill("1")
        field(line, "Beløb i kr.").fill(amount)
        field(line, "Hvorfor er udgiften nødvendig for træningen?").fill(
            f"{what} bruges hver dag i træningen af balance."
        )
    year.family_audit.check("next year's budget filled in")
    parent.save_and_continue(family, "Bilag")
    parent.save_and_continue(family, "Tjek dine svar")
    year.family_audit.check("next year's budget checked")
    number = confirm_and_send(family)
    year.family_audit.check("the receipt for next year's budget")
    decide(year, number, "Bevilget", "Budgettet bevilges.", next_visit)
    return number


def the_budget_year_ends(live_server, number: str) -> None:
    """The budget's year has passed: the budget was sent and granted two years ago, for the
    year that has just ended (the year the portal asks accounts for)."""
    with live_server.app.app_context():
        case = db.session.query(Case).filter_by(number=number).one()
        ago = timedelta(days=2 * 365)
        case.received_at -= ago
        case.decision.decided_at -= ago
        case.decision.budget_year = today_local().year - 1
        db.session.commit()


def accounts_with_an_underspend(year: Year) -> str:
    """The family keeps the ledger of the year: 300 kr. of the balance cushion not spent."""
    family = year.family
    start_request(family, "Regnskab for det afsluttede budgetår")
    expect(heading(family, "Bilag")).to_be_visible()
    parent.send_file(family, "Kontoudtog.pdf", files.pdf(), "Kvitteringer og kontoudtog")
    button(family, "Gem og fortsæt").click()
    expect(heading(family, "Regnskab")).to_be_visible()
    expect(family.locator("tr.accounts-line")).to_have_count(2)
    year.family_audit.check("the ledger with the year's granted lines")
    spent = [("Balancepude", "1.200"), ("Trampolin", "2.000")]
    for n, (what, amount) in enumerate(spent, 1):
        entry = parent.list_entry(family, "Udgift", "Tilføj en udgift", n)
        line = field(entry, "Budgetlinje")
        line.select_option(
            label=next(t for t in line.locator("option").all_inner_texts() if what in t)
        )
        field(entry, "Betalt dato").fill(f"{today_local().year - 1}-03-0{n}")
        field(entry, "Hvad blev betalt").fill(what)
        field(entry, "Beløb i kr.").fill(amount)
        field(entry, "Kvittering").select_option(label="Kontoudtog.pdf")
    button(family, "Gem og fortsæt").click()
    expect(family.get_by_text("I har brugt 300,00 kr. mindre end bevilget")).to_be_visible()
    year.family_audit.check("the ledger with advice on the underspend")
    parent.save_and_continue(family, "Tjek dine svar")
    expect(family.locator(".accounts-under")).to_have_text("300,00 kr.")
    year.family_audit.check("the accounts checked")
    return confirm_and_send(family)


def repayment_decided(year: Year, number: str) -> None:
    """The caseworker's review proposes to claim the 300 kr. back, hears the family and
    decides; the family downloads the letter."""
    family, staff = year.family, year.staff
    staff_case(staff, number)
    staff.get_by_role("region", name="Det venter i sagen").get_by_role(
        "link", name="Gennemgå regnskabet"
    ).click()
    expect(staff.locator("tr.ledger-entry")).to_have_count(2)
    year.staff_audit.check("the review of the accounts")
    button(staff, "Gem gennemgangen").click()
    expect(staff.locator(".claim-total")).to_contain_text("300,00 kr.")
    year.staff_audit.check("the review with the claim")
    button(staff, "Send forslaget om tilbagebetaling i partshøring").click()
    expect(staff.locator(".decision-waits")).to_be_visible()
    year.staff_audit.check("the review waiting for the hearing")

    family_case(family, "Regnskab for det afsluttede budgetår", number)
    hearing = family.locator(".hearing-item").filter(has_text="tilbagebetaling")
    expect(hearing).to_contain_text(
        f"Svar senest {long_date(hearing_rules.answer_by(today_local()))}."
    )
    family.get_by_role("link", name="Høring før afgørelse om tilbagebetaling").click()
    expect(family.get_by_role("main")).to_contain_text("300,00 kr.")
    year.family_audit.check("the hearing on the repayment")
    answer_hearing(family, "Puden var på tilbud. Vi har ikke brugt pengene til andet.")

    staff_case(staff, number)
    staff.get_by_role("region", name="Det venter i sagen").get_by_role(
        "link", name="Gennemgå regnskabet"
    ).click()
    expect(staff.locator(".staff-hearings")).to_contain_text("Puden var på tilbud.")
    year.staff_audit.check("the review with the family's answer")
    field(staff, "Afgørelsen og begrundelsen, som familien læser den").fill(
        "I skal betale 300,00 kr. tilbage, som ikke er brugt til træningen."
    )
    button(staff, "Træf afgørelse om regnskabet").click()
    expect(staff.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()
    year.staff_audit.check("the repayment decided")

    family_case(family, "Regnskab for det afsluttede budgetår", number)
    expect(family.locator(".case-status strong")).to_have_text("Afgjort")
    expect(family.get_by_role("main")).to_contain_text("300,00 kr.")
    year.family_audit.check("the accounts decided, with the repayment")
    with family.expect_download() as download:
        family.get_by_role("link", name="Hent afgørelsesbrevet (Word-dokument)").click()
    assert download.value.suggested_filename == f"Afgørelse i sag {number}.docx"
    document = Document(BytesIO(Path(download.value.path()).read_bytes()))
    assert "kræver 300,00 kr. betalt tilbage" in "\n".join(p.text for p in document.paragraphs)


def complaint_forwarded(year: Year, number: str) -> None:
    """The family complains about the repayment; the caseworker upholds the decision and
    sends the complaint on to Ankestyrelsen."""
    family, staff = year.family, year.staff
    family.get_by_role("link", name="Klag over afgørelsen").click()
    expect(heading(family, "Klag over afgørelsen")).to_be_visible()
    year.family_audit.check("the complaint form")
    family.get_by_label("Hvorfor klager I?").fill("Puden kostede mindre; pengene er ikke brugt.")
    button(family, "Send klagen").click()
    expect(family.get_by_text("Tak. Kommunen har fået jeres klage")).to_be_visible()
    expect(family.locator(".case-status strong")).to_have_text("Genvurdering")
    year.family_audit.check("the accounts in reconsideration")

    staff_case(staff, number)
    staff.get_by_role("region", name="Det venter i sagen").get_by_role(
        "link", name="Se klager og genvurdering"
    ).click()
    expect(staff.get_by_role("heading", name="Genvurdering", exact=True)).to_be_visible()
    expect(staff.locator(".reconsideration")).to_contain_text("Se på afgørelsen igen senest")
    expect(staff.get_by_text("Puden kostede mindre; pengene er ikke brugt.")).to_be_visible()
    year.staff_audit.check("the reconsideration of the repayment")
    today = today_local()
    staff.get_by_label("Sendt til Ankestyrelsen").fill(today.isoformat())
    button(staff, "Send til Ankestyrelsen").click()
    expect(staff.get_by_text("klagen er sendt til Ankestyrelsen")).to_be_visible()
    year.staff_audit.check("the complaint with Ankestyrelsen")

    family_case(family, "Regnskab for det afsluttede budgetår", number)
    expect(family.locator(".case-status strong")).to_have_text("Sendt til Ankestyrelsen")
    expect(family.locator(".reconsideration-result")).to_contain_text(
        f"Kommunen fastholdt afgørelsen og sendte klagen til Ankestyrelsen {long_date(today)}."
    )
    year.family_audit.check("the accounts with the complaint at Ankestyrelsen")


def test_a_family_lives_a_year_of_home_training(
    axe_page: Page, browser, live_server, watch, approved
):
    family = axe_page
    watch.attach(family.context)
    staff_context = new_context(browser, live_server, watch, bypass_csp=True)
    staff = staff_context.new_page()
    year = Year(
        family=family,
        staff=staff,
        family_audit=Audit(family),
        staff_audit=Audit(staff),
        training=approved["training"],
        first_visit=approved["first_visit"],
    )
    try:
        parent.log_in(family, approved["name"], approved["cpr"])
        log_in_staff(staff, approved["worker"])

        supervision_with_hearing(year, live_server, approved["visits"])
        renewed_goals(year)
        budget = next_years_budget(year, today_local() + timedelta(days=150))
        the_budget_year_ends(live_server, budget)
        accounts = accounts_with_an_underspend(year)
        repayment_decided(year, accounts)
        complaint_forwarded(year, accounts)
    finally:
        staff_context.close()
    year.family_audit.assert_clean()
    year.staff_audit.assert_clean()
    assert watch.problems() == []
