"""The caseworker takes a case, changes its status, asks the family, gives notice of a delay and
records the decision; the list puts passed and soon-due deadlines first. Always within the
caseworker's own municipality, and always in the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import AccessLog, Case, Decision
from portal.timeutil import today_local
from tests.support import decisions, tracking
from tests.support.pages import Page, assert_redirects, get

DECISION = {
    "outcome": "partly_approved",
    "text": "Hjemmetræning godkendes. Skammel afslås, fordi den er almindeligt inventar.",
    "lines-0-refused": "y",
    "lines-0-reason": "Skamlen er almindeligt inventar.",
    "next_supervision": (today_local() + timedelta(days=60)).isoformat(),
    "complaint_guidance": "I kan klage inden 4 uger.",
}


@pytest.fixture
def case(db, esbjerg):
    person, _cpr = tracking.parent()
    return tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=20))


@pytest.fixture
def worker(make_client, esbjerg):
    return tracking.caseworker(make_client, esbjerg)


def changes(case: Case, db) -> list[tuple[str, str | None]]:
    rows = db.session.execute(
        select(AccessLog.action, AccessLog.detail)
        .where(AccessLog.case_id == case.id, AccessLog.action == "changed")
        .order_by(AccessLog.id)
    )
    return [tuple(row) for row in rows]


def test_passed_and_soon_due_deadlines_stand_first(make_client, esbjerg, db):
    # A municipality that decides new applications within 4 weeks (28 days).
    esbjerg.settings_data = {"handling_times": {"new_application": {"weeks": 4}}}
    person, _cpr = tracking.parent()
    today = today_local()
    calm = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=2))
    soon = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=23))
    late = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=200))
    closed = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=300))
    browser, worker = tracking.caseworker(make_client, esbjerg)
    tracking.decide(closed, worker, on=today - timedelta(days=100))
    db.session.commit()

    page = get(browser, "/sagsbehandling/")
    rows = page.soup.select("table.case-list tbody tr")
    numbers = [row.select_one("td a").get_text() for row in rows]
    assert numbers == [late.number, soon.number, calm.number, closed.number]
    badges = [row.select_one(".badge") for row in rows]
    overdue_days = (today - late.due_date).days
    assert badges[0].get_text() == f"Overskredet med {overdue_days} dage"
    assert "badge-error" in badges[0]["class"]
    assert badges[1].get_text() == "Om 5 dage"
    assert badges[2] is None and badges[3] is None
    assert "inden for 14 dage" in page.text()


def test_the_warning_window_is_the_municipalitys_setting(make_client, esbjerg, db):
    esbjerg.settings_data = {
        "soon_window_days": 30,
        "handling_times": {"new_application": {"weeks": 4}},
    }
    person, _cpr = tracking.parent()
    tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=8))
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, "/sagsbehandling/")
    assert page.soup.select_one("table.case-list .badge").get_text() == "Om 20 dage"


def test_taking_a_case_puts_it_under_review_and_tells_the_family(case, worker, db):
    browser, staff = worker
    response = tracking.staff_action(browser, case, "tag")
    assert_redirects(response, f"/sagsbehandling/sager/{case.public_id}")
    db.session.refresh(case)
    assert case.status == "under_review" and case.assigned_to_id == staff.id
    event = case.events[-1]
    assert (event.kind, event.actor_name, event.from_status, event.to_status) == (
        "taken",
        staff.name,
        "received",
        "under_review",
    )
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    assert "Tag sagen" not in page.text()
    assert changes(case, db) == [("changed", "taken")]


def test_a_change_of_status_needs_a_reason_and_is_recorded(case, worker, db):
    browser, staff = worker
    missing = tracking.staff_action(browser, case, "status", {"status-to_status": "under_review"})
    assert missing.status == 200 and missing.title.startswith("Fejl:")
    assert missing.error_summary() == {"status-reason": "Skriv hvorfor status ændres"}
    assert missing.value("status-to_status") == "under_review"

    tampered = tracking.staff_action(
        browser, case, "status", {"status-to_status": "decided", "status-reason": "Snyd"}
    )
    assert tampered.field_error("status-to_status") == "Vælg en af mulighederne."

    done = tracking.staff_action(
        browser,
        case,
        "status",
        {"status-to_status": "under_review", "status-reason": "Alle oplysninger er modtaget."},
    )
    assert_redirects(done, f"/sagsbehandling/sager/{case.public_id}")
    db.session.refresh(case)
    event = case.events[-1]
    assert (event.kind, event.actor_name, event.to_status, event.note) == (
        "status_changed",
        staff.name,
        "under_review",
        "Alle oplysninger er modtaget.",
    )
    assert changes(case, db) == [("changed", "status:under_review")]


def test_a_question_to_the_family(case, worker, db):
    browser, _staff = worker
    yesterday = (today_local() - timedelta(days=1)).isoformat()
    invalid = tracking.staff_action(
        browser, case, "spoergsmaal", {"question-question": "", "question-answer_by": yesterday}
    )
    assert invalid.error_summary() == {
        "question-question": "Skriv spørgsmålet til familien",
        "question-answer_by": "Vælg en dato fra i dag",
    }
    answer_by = today_local() + timedelta(days=14)
    asked = tracking.staff_action(
        browser,
        case,
        "spoergsmaal",
        {"question-question": "Send udtalelsen fra skolen.", "question-answer_by": str(answer_by)},
    )
    assert_redirects(asked, f"/sagsbehandling/sager/{case.public_id}")
    db.session.refresh(case)
    assert case.status == "information_requested"
    (request,) = case.information_requests
    assert (request.question, request.answer_by, request.answer) == (
        "Send udtalelsen fra skolen.",
        answer_by,
        None,
    )
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    assert "Ikke besvaret endnu" in page.soup.select_one(".questions").get_text()
    # Every form on the page has its own field ids, so labels and error links find their field.
    ids = [element["id"] for element in page.soup.select("[id]")]
    assert len(ids) == len(set(ids))


def test_a_notice_of_delay_needs_a_date_after_the_deadline_and_a_reason(case, worker, db):
    browser, _staff = worker
    too_early = tracking.staff_action(
        browser,
        case,
        "forsinkelse",
        {"delay-new_date": case.due_date.strftime("%d-%m-%Y"), "delay-reason": ""},
    )
    assert too_early.error_summary() == {
        "delay-new_date": "Skriv en dato efter fristen. Kan kommunen træffe afgørelse inden "
        "fristen, er der ingen forsinkelse at give besked om.",
        "delay-reason": "Skriv hvorfor fristen ikke kan holdes",
    }
    assert too_early.value("delay-new_date") == case.due_date.strftime("%d-%m-%Y")

    new_date = case.due_date + timedelta(days=21)
    done = tracking.staff_action(
        browser,
        case,
        "forsinkelse",
        {"delay-new_date": new_date.isoformat(), "delay-reason": "Visitationsudvalget er flyttet."},
    )
    assert_redirects(done, f"/sagsbehandling/sager/{case.public_id}")
    db.session.refresh(case)
    assert case.expected_date == new_date and case.expected_decision_date == new_date
    (notice,) = case.delay_notices
    assert (notice.previous_date, notice.reason) == (
        case.due_date,
        "Visitationsudvalget er flyttet.",
    )
    # The deadline itself never moves: the handling time is what the municipality answers for.
    assert case.due_date < new_date
    assert changes(case, db) == [("changed", "delay_notice")]


def test_the_decision_with_reasons_and_complaint_guidance_closes_the_case(case, worker, db):
    browser, staff = worker
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    link = page.soup.select_one("#action-decision a")
    assert link["href"] == decisions.url(case)
    form = get(browser, link["href"])
    guidance = form.value("complaint_guidance")
    assert "4 uger" in guidance and "Ankestyrelsen" in guidance

    missing = decisions.post(browser, case)
    assert missing.error_summary() == {
        "outcome-0": "Vælg afgørelsen",
        "text": "Skriv afgørelsen og begrundelsen",
    }
    done = decisions.post(browser, case, DECISION)
    assert_redirects(done, f"/sagsbehandling/sager/{case.public_id}")
    db.session.refresh(case)
    assert case.status == "decided"
    assert (case.decision.outcome, case.decision.decided_by_name) == ("partly_approved", staff.name)
    assert case.decision.lines[0].refused
    assert changes(case, db) == [("changed", "decided:partly_approved")]

    token = page.form_values()["csrf_token"]
    again = Page(browser.post(decisions.url(case), data={"csrf_token": token, **DECISION}))
    assert again.status == 409
    assert again.error_summary() == {"action-decision": "Sagen er afgjort. Den kan ikke ændres."}
    for action in ("tag", "status", "spoergsmaal", "forsinkelse"):
        assert tracking.staff_action(browser, case, action).status == 409, action
    assert db.session.scalar(select(func.count()).where(Decision.case_id == case.id)) == 1
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    assert page.soup.select_one(".staff-actions") is None


def test_another_municipalitys_caseworker_gets_404_for_every_action(
    case, make_client, other_municipality, db
):
    browser, _staff = tracking.caseworker(make_client, other_municipality)
    token = get(browser, "/sagsbehandling/").form_values()["csrf_token"]
    for action, data in (
        ("tag", {}),
        ("status", {"status-to_status": "under_review", "status-reason": "x"}),
        ("spoergsmaal", {"question-question": "x"}),
        ("forsinkelse", {"delay-new_date": "2099-01-01", "delay-reason": "x"}),
        ("afgoerelse", DECISION),
    ):
        response = browser.post(
            f"/sagsbehandling/sager/{case.public_id}/{action}", data={"csrf_token": token, **data}
        )
        assert response.status_code == 404, action
        assert "Anders" not in response.get_data(as_text=True)
    db.session.refresh(case)
    assert (case.status, case.assigned_to_id, case.events[-1].kind) == (
        "received",
        None,
        "received",
    )
    assert changes(case, db) == []


def test_a_parent_is_not_let_into_the_staff_actions(case, make_client, db):
    person, cpr = tracking.parent("Lars Jensen", "lars@example.dk")
    browser = tracking.family(make_client, person, cpr)
    token = get(browser, "/").form_values()["csrf_token"]
    response = browser.post(
        f"/sagsbehandling/sager/{case.public_id}/afgoerelse", data={"csrf_token": token, **DECISION}
    )
    assert_redirects(
        response, f"/medarbejder/log-ind?next=/sagsbehandling/sager/{case.public_id}/afgoerelse?"
    )
