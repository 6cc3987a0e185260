"""The family follows its case: status, dates, the timeline, the warning when the deadline has
passed, notices of delay, questions to answer, the decision and the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import Case
from portal.rules.deadlines import due_date
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.pages import Page, assert_redirects, get


@pytest.fixture
def mette(db, esbjerg):
    return tracking.parent("Mette Hansen")


def timeline_description(page: Page, scope=None) -> str:
    svg = (scope or page.soup).select_one("svg.timeline")
    assert svg["role"] == "img"
    described = svg["aria-labelledby"].split()
    return " ".join(page.soup.find(id=i).get_text(" ", strip=True) for i in described)


def test_the_overview_shows_every_case_with_status_dates_and_a_timeline(
    make_client, esbjerg, mette
):
    person, cpr = mette
    today = today_local()
    recent = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=10))
    late = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=150))
    page = get(tracking.family(make_client, person, cpr), "/")

    cards = {card["id"]: card for card in page.soup.select(".case-card")}
    ok_card, late_card = cards[f"sag-{recent.number}"], cards[f"sag-{late.number}"]
    for card, case in ((ok_card, recent), (late_card, late)):
        text = card.get_text(" ", strip=True)
        assert "Ansøgning om hjemmetræning" in text
        assert "Status Modtaget" in text
        assert f"{case.due_date.day}." in card.select_one(".expected-date").get_text()
        assert card.select_one("svg.timeline") is not None
        assert card.select_one("a")["href"] == f"/sager/{case.public_id}"
    assert ok_card.select_one(".deadline-warning") is None
    overdue = (today - late.due_date).days
    warning = late_card.select_one(".deadline-warning").get_text()
    assert "Kommunens sagsbehandlingstid er overskredet" in warning
    assert f"Sagsbehandlingstiden er overskredet med {overdue} dage" in timeline_description(
        page, late_card
    )


def test_the_family_reads_the_date_as_the_expected_decision_not_a_deadline_in_law(
    make_client, esbjerg, mette
):
    """000: "Der er ikke en lovbestemt frist for, hvornår kommunen skal have truffet afgørelse
    om hjemmetræning": the 4 months are the municipality's handling time."""
    person, cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=10))
    browser = tracking.family(make_client, person, cpr)
    overview = get(browser, "/")
    card = overview.soup.select_one(f"#sag-{case.number}")
    case_page = get(browser, f"/sager/{case.public_id}")
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(strip=True)
        for div in case_page.soup.select("dl.case-facts > div")
    }

    assert "Forventet afgørelse" in card.get_text(" ", strip=True)
    assert facts["Forventet afgørelse"] == case_page.soup.select_one(".due-date").get_text(
        strip=True
    )
    assert "Forventet afgørelse efter kommunens sagsbehandlingstid" in timeline_description(
        case_page
    )
    for page in (overview, case_page):
        assert "Frist for afgørelse" not in page.text()
        assert "senest" not in page.text()


def test_a_passed_deadline_is_a_clear_warning_with_the_familys_rights(make_client, esbjerg, mette):
    person, cpr = mette
    received = today_local() - timedelta(days=130)
    case = tracking.submitted_case(person, esbjerg, received=received)
    assert case.due_date == due_date("new_application", received)
    page = get(tracking.family(make_client, person, cpr), f"/sager/{case.public_id}")

    warning = page.soup.select_one(".deadline-warning")
    assert warning["role"] == "alert"
    days = (today_local() - case.due_date).days
    assert f"Det er {days} dage siden" in warning.get_text()
    assert "Kommunen har ikke givet jer besked" in warning.get_text()
    rights = page.soup.select_one(".rights").get_text(" ", strip=True)
    assert "klage over den lange sagsbehandlingstid til kommunalbestyrelsen" in rights
    assert "retssikkerhedsloven § 3" in rights
    # The picture: the red part runs from the deadline to today.
    svg = page.soup.select_one("svg.timeline")
    overdue = svg.select_one("rect.timeline-overdue")
    tick = svg.select_one("line.timeline-tick-due")
    assert float(overdue["x"]) == float(tick["x1"])


def test_a_case_within_its_deadline_has_no_warning(make_client, esbjerg, mette):
    person, cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))
    page = get(tracking.family(make_client, person, cpr), f"/sager/{case.public_id}")
    assert page.h1 == "Ansøgning om hjemmetræning"
    assert page.soup.select_one(".deadline-warning") is None
    assert page.soup.select_one(".rights") is None
    left = (case.due_date - today_local()).days
    assert f"Der er {left} dage tilbage af sagsbehandlingstiden" in timeline_description(page)
    assert page.soup.select_one("svg.timeline rect.timeline-overdue") is None


def test_the_notice_of_delay_is_shown_with_its_new_date_and_reason(make_client, esbjerg, mette, db):
    person, cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=100))
    _browser, worker = tracking.caseworker(make_client, esbjerg)
    new_date = case.due_date + timedelta(days=30)
    cases.record_delay_notice(
        case, worker, new_date, "Vi venter på en udtalelse fra egen læge.", now=now_utc()
    )
    db.session.commit()

    page = get(tracking.family(make_client, person, cpr), f"/sager/{case.public_id}")
    notice = page.soup.select_one(".delay-notice").get_text(" ", strip=True)
    assert f"Ny forventet dato: {new_date.day}." in notice
    assert "Vi venter på en udtalelse fra egen læge." in notice
    assert worker.name in notice
    assert page.soup.select_one(".expected-date") is not None
    assert "Kommunen har givet besked om en ny forventet dato" in timeline_description(page)
    # A notice is promised in advance; the rights are shown as soon as the deadline will pass.
    assert page.soup.select_one(".rights") is not None


def test_the_family_answers_a_question_and_the_case_is_reviewed_again(
    make_client, esbjerg, mette, db
):
    person, cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    _browser, worker = tracking.caseworker(make_client, esbjerg)
    request = cases.ask_for_information(
        case, worker, "Hvor mange timer om ugen træner I i dag?", now=now_utc()
    )
    db.session.commit()
    browser = tracking.family(make_client, person, cpr)
    page = get(browser, f"/sager/{case.public_id}")
    assert "Hvor mange timer om ugen træner I i dag?" in page.text()
    assert "Kommunen mangler oplysninger" in page.soup.select_one(".case-status").get_text()
    form = page.soup.select_one(f"#spoergsmaal-{request.id} form")
    field_name = f"svar-{request.id}-answer"
    token = page.form_values()["csrf_token"]

    empty = Page(browser.post(form["action"], data={"csrf_token": token, field_name: "  "}))
    assert empty.status == 400 and empty.title.startswith("Fejl:")
    assert empty.error_summary() == {field_name: "Skriv jeres svar, eller vælg filer at sende med."}
    assert empty.field_error(field_name) == "Skriv jeres svar, eller vælg filer at sende med."

    answered = browser.post(form["action"], data={"csrf_token": token, field_name: "12 timer."})
    assert_redirects(answered, f"/sager/{case.public_id}")
    db.session.refresh(case)
    assert case.status == "under_review"
    page = get(browser, f"/sager/{case.public_id}")
    assert page.soup.select_one(".questions") is None
    assert "12 timer." in page.soup.select_one(".answered").get_text()
    history = page.soup.select_one(".case-history").get_text(" ", strip=True)
    assert "Familien har svaret på kommunens spørgsmål (I)" in history
    # Answering twice (a resent form) changes nothing.
    again = browser.post(form["action"], data={"csrf_token": token, field_name: "Andet svar"})
    assert_redirects(again, f"/sager/{case.public_id}")
    db.session.refresh(request)
    assert request.answer == "12 timer."


def test_the_history_says_who_did_what_and_why(make_client, esbjerg, mette, db):
    person, cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=5))
    _browser, worker = tracking.caseworker(make_client, esbjerg)
    cases.ask_for_information(case, worker, "Har I en udtalelse fra skolen?", now=now_utc())
    cases.change_status(
        case, "under_review", worker, reason="Skolen har ringet og svaret.", now=now_utc()
    )
    tracking.decide(case, worker, on=today_local(), text="Hjemmetræning godkendes.")

    page = get(tracking.family(make_client, person, cpr), f"/sager/{case.public_id}")
    items = [li.get_text(" ", strip=True) for li in page.soup.select(".case-history li")]
    assert len(items) == 4
    assert f"Kommunen har truffet afgørelse: Bevilget ({worker.name})" in items[0]
    assert "Status er ændret til „Under behandling“" in items[1]
    assert "Skolen har ringet og svaret." in items[1]
    assert "Kommunen har bedt om flere oplysninger" in items[2]
    assert "Sendt til kommunen (I)" in items[3]
    decision = page.soup.select_one(".decision").get_text(" ", strip=True)
    assert "Bevilget" in decision and "Hjemmetræning godkendes." in decision
    assert "Klag inden 4 uger." in decision
    assert page.soup.select_one(".deadline-warning") is None
    assert "Afgjort" in timeline_description(page)
    assert "Træk sagen tilbage" not in page.text()


def test_the_family_withdraws_and_nothing_more_can_change(make_client, esbjerg, mette, db):
    person, cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    browser = tracking.family(make_client, person, cpr)
    confirm = get(browser, f"/sager/{case.public_id}/traek-tilbage")
    assert confirm.h1 == "Vil I trække sagen tilbage?"
    response = browser.post(
        f"/sager/{case.public_id}/traek-tilbage",
        data={**confirm.form_values(), "reason": "Vi har fundet en anden løsning."},
    )
    assert_redirects(response, f"/sager/{case.public_id}")
    db.session.refresh(case)
    assert case.status == "withdrawn"
    page = get(browser, f"/sager/{case.public_id}")
    assert "Trukket tilbage" in page.soup.select_one(".case-status").get_text()
    assert "Vi har fundet en anden løsning." in page.soup.select_one(".case-history").get_text()

    staff, _worker = tracking.caseworker(make_client, esbjerg)
    refused = tracking.staff_action(
        staff,
        case,
        "afgoerelse",
        {
            "decision-outcome": "approved",
            "decision-text": "Godkendt",
            "decision-complaint_guidance": "x",
        },
    )
    assert refused.status == 409
    assert refused.error_summary() == {
        "action-decision": "Ansøgningen er trukket tilbage. Sagen kan ikke ændres."
    }
    assert db.session.scalar(select(Case.status).where(Case.id == case.id)) == "withdrawn"


def test_another_parent_gets_404_for_the_case_and_everything_on_it(make_client, esbjerg, mette, db):
    person, _cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    _browser, worker = tracking.caseworker(make_client, esbjerg)
    request = cases.ask_for_information(case, worker, "Spørgsmål", now=now_utc())
    db.session.commit()
    stranger, stranger_cpr = tracking.parent("Lars Jensen", "lars@example.dk")
    browser = tracking.family(make_client, stranger, stranger_cpr)
    token = get(browser, "/").form_values()["csrf_token"]

    for response in (
        browser.get(f"/sager/{case.public_id}"),
        browser.get(f"/sager/{case.public_id}/traek-tilbage"),
        browser.post(f"/sager/{case.public_id}/traek-tilbage", data={"csrf_token": token}),
        browser.post(
            f"/sager/{case.public_id}/spoergsmaal/{request.id}",
            data={"csrf_token": token, f"svar-{request.id}-answer": "Overtaget"},
        ),
    ):
        assert response.status_code == 404
        assert "Anders" not in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status == "information_requested" and request.answer is None
    assert case.number not in get(browser, "/").text()


def test_a_caseworker_is_not_let_into_the_familys_case_page(make_client, esbjerg, mette):
    person, _cpr = mette
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    staff, _worker = tracking.caseworker(make_client, esbjerg)
    response = staff.get(f"/sager/{case.public_id}")
    assert_redirects(response, f"/log-ind?next=/sager/{case.public_id}?")
