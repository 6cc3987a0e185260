"""The requests a family sends about an approved home training: each a wizard of its own that
reuses the application's steps, with the child taken from the approved case, and a deadline
from the municipality's handling time for that kind of request."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.forms import steps as step_forms
from portal.models import Case, Draft
from portal.rules.case_types import WIZARD_CASE_TYPES
from portal.rules.deadlines import due_date
from portal.timeutil import local_date, today_local
from portal.wizard.steps import STEPS_BY_CASE_TYPE
from tests.support import decisions, journey, tracking
from tests.support.pages import Page, assert_redirects, get


@pytest.fixture
def family(make_client, esbjerg, db, approved_family):
    """Mette, whose home training of Anders was approved last year, logged in."""
    today = today_local()
    mette = approved_family(
        received=today - timedelta(days=400), decided=today - timedelta(days=300)
    )
    return tracking.family(make_client, mette.parent, mette.cpr), mette.training


def start(browser, case_type: str, related: Case | None = None) -> Page:
    page = get(browser, "/ansoegning/")
    data = {**page.form_values(), "case_type": case_type, "municipality": "561"}
    if related is not None:
        data["related_case"] = related.public_id
    return Page(browser.post("/ansoegning/", data=data))


def test_every_request_type_has_a_wizard_and_only_the_application_asks_for_the_child():
    assert set(STEPS_BY_CASE_TYPE) == set(WIZARD_CASE_TYPES)
    for case_type, steps in STEPS_BY_CASE_TYPE.items():
        slugs = [step.slug for step in steps]
        assert ("barnet" in slugs) == (case_type == "new_application"), case_type
    # Where the content is the same, the step is the same.
    methods = STEPS_BY_CASE_TYPE["new_application"][2]
    budget = next(s for s in STEPS_BY_CASE_TYPE["new_application"] if s.slug == "budget")
    assert STEPS_BY_CASE_TYPE["supplement_method"][0] is methods
    assert STEPS_BY_CASE_TYPE["switch_method"][0] is methods
    assert STEPS_BY_CASE_TYPE["annual_budget"][0] is budget
    # Every request may come with files, last before it is sent.
    for case_type, steps in STEPS_BY_CASE_TYPE.items():
        slugs = [step.slug for step in steps]
        assert "bilag" in slugs[-2:], case_type


def test_a_family_without_an_approved_training_only_starts_an_application(client, esbjerg):
    journey.login_parent(client)
    page = get(client, "/ansoegning/")
    assert page.soup.select("input[name=case_type]") == []
    base = journey.start_application(client)
    assert get(client, base + "barnet").h1 == "Barnet"


def test_the_start_page_offers_every_request_with_its_handling_time(family):
    browser, training = family
    page = get(browser, "/ansoegning/")
    options = {
        radio["value"]: page.soup.find(id=f"{radio['id']}-hint").get_text(strip=True)
        for radio in page.soup.select("input[name=case_type]")
    }
    assert list(options) == list(WIZARD_CASE_TYPES)
    assert options["supplement_method"] == (
        "Kommunens sagsbehandlingstid er 8 uger fra den dag, den har modtaget det."
    )
    assert options["switch_method"].startswith("Kommunens sagsbehandlingstid er 4 måneder")
    assert options["annual_budget"] == (
        "Sendes senest 15. november. Kommunens sagsbehandlingstid er 4 uger."
    )
    assert options["accounts"] == (
        "Sendes senest 28. februar. Kommunen forventer at træffe afgørelse 31. marts."
    )
    assert training.number in page.text()


def test_a_supplement_reuses_the_steps_takes_the_child_from_the_case_and_gets_8_weeks(
    family, db, mailbox
):
    browser, training = family
    mailbox.clear()  # the approved case's own receipts and decision
    response = start(browser, "supplement_method", training)
    # The request's own steps begin with the methods: the child is the approved case's.
    base = journey.new_draft(response, "metoder")
    first = get(browser, base + "metoder")
    assert first.h1 == "Træningsmetoder"
    assert f"Gælder hjemmetræningen af Anders Hansen (sag {training.number})" in first.text()
    assert browser.get(base + "barnet").status_code == 404

    answers = tracking.request_answers("supplement_method")
    answers["metoder"]["methods-0-name"] = "Balancetræning"
    journey.fill_application(browser, base, answers, case_type="supplement_method")
    journey.submit(browser, base)

    case = db.session.execute(
        select(Case).where(Case.case_type == "supplement_method")
    ).scalar_one()
    received = local_date(case.received_at)
    assert case.due_date == received + timedelta(weeks=8)
    assert case.related_case_id == training.id
    assert (case.child_name, case.child_cpr) == (training.child_name, training.child_cpr)
    assert case.application["metoder"]["methods"][0]["name"] == "Balancetræning"
    assert case.application["supplere"]["reason"].startswith("Anders skal også træne balance")
    receipt = get(browser, base + "kvittering")
    assert "Supplere med en ny metode" in receipt.text()
    assert mailbox.subjects("mette@example.dk") == [f"Vi har modtaget jeres sag {case.number}"]


@pytest.mark.parametrize("case_type", [t for t in WIZARD_CASE_TYPES if t != "new_application"])
def test_each_request_gets_the_deadline_of_its_kind(case_type, family, db):
    _browser, training = family
    received = date(2027, 3, 20)
    case = tracking.submitted_case(
        training.parent,
        training.municipality,
        received=received,
        case_type=case_type,
        related=training,
    )
    assert case.due_date == due_date(case_type, received)
    expected = {
        "supplement_method": date(2027, 5, 15),
        "switch_method": date(2027, 7, 20),
        "extra_equipment": date(2027, 4, 17),
        "annual_budget": date(2027, 4, 17),
        # Accounts received 20 March: 31 March leaves under 4 weeks, so 4 weeks it is.
        "accounts": date(2027, 4, 17),
        # The seed sets none for renewed goals: the supplement's "højest 8 uger".
        "renewed_goals": date(2027, 5, 15),
        # The seed sets none for changes during the year: equipment's "4 uger".
        "family_change": date(2027, 4, 17),
        "child_change": date(2027, 4, 17),
        "school_change": date(2027, 4, 17),
        "training_pause": date(2027, 4, 17),
        "helper_hours": date(2027, 4, 17),
        "budget_move": date(2027, 4, 17),
    }
    assert case.due_date == expected[case_type]


def test_the_municipalitys_own_handling_time_sets_the_deadline(family, esbjerg, db):
    _browser, training = family
    esbjerg.settings_data = {"handling_times": {"supplement_method": {"weeks": 6}}}
    db.session.commit()
    received = date(2027, 1, 4)
    case = tracking.submitted_case(
        training.parent,
        esbjerg,
        received=received,
        case_type="supplement_method",
        related=training,
    )
    assert case.due_date == date(2027, 2, 15)


def test_a_request_must_say_what_it_is_and_can_only_belong_to_the_familys_own_training(
    family, approved_family, db
):
    browser, _training = family
    page = get(browser, "/ansoegning/")
    missing = Page(browser.post("/ansoegning/", data={**page.form_values(), "case_type": ""}))
    # An empty choice is a new application (the page without choices sends none) ...
    journey.new_draft(missing, "barnet")
    unknown = Page(browser.post("/ansoegning/", data={**page.form_values(), "case_type": "loan"}))
    assert unknown.status == 200 and unknown.title.startswith("Fejl:")
    assert unknown.field_error("case_type") == "Vælg en af mulighederne."

    today = today_local()
    theirs = approved_family(
        name="Lars Jensen",
        email="lars@example.dk",
        received=today - timedelta(days=90),
        decided=today,
    ).training
    drafts_before = db.session.scalar(select(func.count()).select_from(Draft))
    refused = start(browser, "annual_budget", theirs)
    assert refused.status == 200
    assert refused.error_summary() == {"related_case-0": "Vælg en af mulighederne."}
    assert refused.field_error("related_case") == "Vælg en af mulighederne."
    assert theirs.number not in refused.text()
    nothing = start(browser, "annual_budget")
    assert nothing.error_summary() == {"related_case-0": "Vælg hvilken hjemmetræning det gælder"}
    assert db.session.scalar(select(func.count()).select_from(Draft)) == drafts_before


def test_every_step_of_every_request_has_its_form_and_every_form_its_step():
    slugs = {step.slug for steps in STEPS_BY_CASE_TYPE.values() for step in steps}
    assert set(step_forms.FORMS) == slugs


def test_equipment_shows_what_is_granted_and_what_remains_and_advises_over_the_cap(family):
    # "der ikke kan bevilges hjælp til de udgifter til træningsredskaber, kurser, hjælpere
    # mv., som inden for en sammenhængende periode på 12 måneder overstiger dette beløb"
    # (seed 003, pkt. 157 d): the year's budget already granted counts for the equipment.
    browser, training = family
    year = today_local().year
    decisions.granted_budget(training, "300000", year)
    base = journey.new_draft(start(browser, "extra_equipment", training), "udstyr")

    page = get(browser, base + "udstyr")
    summary = page.soup.select_one(".granted-summary")
    assert f"Bevilget og tilbage i {year}" in summary.get_text(" ", strip=True)
    assert summary.select_one(".granted-in-year").get_text() == "600.000,00 kr."
    assert summary.select_one(".granted-remaining").get_text() == "106.600,00 kr."

    answers = {
        "year": str(year),
        **journey.prefixed(
            "lines-0",
            {
                "category": "equipment",
                "description": "Træningsbænk",
                "quantity": "1",
                "amount": "150.000",
                "justification": "Anders træner balance på bænken hver dag.",
            },
        ),
        "reason": "Anders er vokset ud af den gamle bænk.",
    }
    advised = journey.save_step(browser, base, "udstyr", answers)
    assert advised.status == 200  # advice, shown once; never an error
    assert advised.error_summary() == {}
    advice = advised.soup.select_one("#raad").get_text(" ", strip=True)
    assert (
        f"Der er allerede bevilget 600.000,00 kr. til træningsudgifter i {year}. Med denne "
        "ansøgning bliver det 750.000,00 kr., og 43.400,00 kr. af det ansøgte er over loftet på "
        "706.600,00 kr. (2024-niveau) for ét barn." in advice
    )
    assert "I kan stadig sende ansøgningen" in advice
    assert "Bekendtgørelse om hjemmetræning efter barnets lov (2024) § 6, stk. 2" in advice
    assert advised.soup.select_one(".granted-after").get_text() == "43.400,00 kr."
    assert "Over loftet med denne ansøgning" in advised.soup.select_one(".granted-summary").text
    # The family may send it all the same.
    assert_redirects(journey.save_step(browser, base, "udstyr", answers), base + "bilag")


def test_only_a_request_about_an_approved_training_shows_its_earlier_grants(family):
    browser, training = family
    year = today_local().year
    decisions.granted_budget(training, "300000", year)
    for case_type, first in (
        ("annual_budget", "budget"),
        ("supplement_method", "metoder"),
        ("switch_method", "metoder"),
    ):
        base = journey.new_draft(start(browser, case_type, training), first)
        summary = get(browser, base + "budget").soup.select_one(".granted-summary")
        assert summary.select_one(".granted-in-year").get_text() == "600.000,00 kr.", case_type
    # A new application has no training and no earlier grants: its budget is as it was.
    base = journey.new_draft(start(browser, "new_application"), "barnet")
    page = get(browser, base + "budget")
    assert page.soup.select_one(".budget-totals") is not None
    assert page.soup.select_one(".granted-summary") is None
