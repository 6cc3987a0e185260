"""A complaint about the handling time goes to the municipality itself: the family sends it
from a case not yet decided, the caseworker answers it in writing, and the status stays."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import Complaint, Notification
from portal.timeutil import today_local
from tests.support import complaints, tracking
from tests.support.pages import Page, assert_redirects, get


def test_the_family_complains_about_the_handling_time_and_the_municipality_answers(
    make_client, esbjerg, db
):
    person, cpr = tracking.parent("Sara Jensen", "sara@example.dk")
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=200))
    browser = tracking.family(make_client, person, cpr)
    page = get(browser, f"/sager/{case.public_id}")
    link = page.soup.select_one(".handling-time-complaint-link")
    assert "Klagen går til kommunen selv, ikke til Ankestyrelsen." in link.get_text()
    url = link.select_one("a")["href"]

    form = get(browser, url)
    assert form.h1 == "Klag over sagsbehandlingstiden"
    assert "Klagen går ikke til Ankestyrelsen" in form.text()
    empty = Page(browser.post(url, data=form.form_values()))
    assert empty.status == 400 and empty.title.startswith("Fejl:")
    assert empty.error_summary() == {"text": "Skriv hvad I klager over"}

    sent = browser.post(url, data={**form.form_values(), "text": "Vi har ventet i 200 dage."})
    assert_redirects(sent, f"/sager/{case.public_id}")
    db.session.expire_all()
    assert case.status == "received"
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.kind, complaint.reasons, complaint.decision_id) == (
        "handling_time",
        "Vi har ventet i 200 dage.",
        None,
    )
    kinds = {
        n.kind
        for n in db.session.scalars(select(Notification).where(Notification.case_id == case.id))
    }
    assert {"handling_time_complaint", "handling_time_complaint_inbox"} <= kinds

    staff, _worker = tracking.caseworker(make_client, esbjerg)
    case_page = get(staff, f"/sagsbehandling/sager/{case.public_id}")
    assert "1 klage over sagsbehandlingstiden venter på svar." in case_page.text()
    page = get(staff, complaints.staff_url(case))
    answer_field = f"svar-{complaint.id}-answer"
    assert page.soup.find(id=answer_field) is not None
    answered = complaints.staff_post(
        staff,
        case,
        f"{complaint.public_id}/svar",
        {answer_field: "Vi beklager. Afgørelsen kommer inden 1. marts."},
    )
    assert_redirects(answered, complaints.staff_url(case))
    db.session.expire_all()
    assert case.status == "received"
    page = get(browser, f"/sager/{case.public_id}")
    answer = page.soup.select_one(".handling-time-answer").get_text()
    assert "Vi beklager. Afgørelsen kommer inden 1. marts." in answer
    assert "Kommunen har svaret på klagen over sagsbehandlingstiden" in page.text()
    mail = db.session.scalars(
        select(Notification).where(Notification.kind == "handling_time_answered")
    ).one()
    assert "1. marts" not in mail.body and case.number in mail.subject
    # Answered once.
    again = complaints.staff_post(
        staff, case, f"{complaint.public_id}/svar", {answer_field: "Igen."}
    )
    assert again.status == 409
