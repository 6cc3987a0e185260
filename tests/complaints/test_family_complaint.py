"""The family complains about a decision in the portal: reasons and files in one form, within
4 weeks or later with advice, and the case is reconsidered with a deadline both sides see."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import Attachment, CaseEvent, Complaint, Notification
from portal.rules.complaints import reconsider_by
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import complaints, files, uploads
from tests.support.pages import assert_redirects, get


def test_the_family_complains_with_reasons_and_files_and_the_case_is_reconsidered(
    family, parent_browser, staff_browser, db
):
    case = family.training
    page = get(parent_browser, f"/sager/{case.public_id}")
    link = page.soup.select_one(".complain-link a")
    assert link["href"] == complaints.complaint_url(case)

    form = get(parent_browser, complaints.complaint_url(case))
    assert form.h1 == "Klag over afgørelsen"
    deadline = today_local() - timedelta(days=10) + timedelta(weeks=4)
    assert form.soup.select_one(".complaint-deadline").get_text() == long_date(deadline)
    assert form.soup.select_one(".complaint-late") is None

    sent = complaints.complain(
        parent_browser,
        case,
        reasons="Vi er uenige i afslaget på ståstativet.",
        files=[("udtalelse.pdf", files.pdf())],
    )
    assert_redirects(sent, f"/sager/{case.public_id}")

    db.session.refresh(case)
    assert case.status == "reconsideration"
    complaint = db.session.scalar(select(Complaint).where(Complaint.case_id == case.id))
    assert complaint.reasons == "Vi er uenige i afslaget på ståstativet."
    assert complaint.channel == "portal" and not complaint.late
    assert complaint.reconsider_by == reconsider_by(today_local())
    sent_file = db.session.scalar(select(Attachment).where(Attachment.complaint_id == complaint.id))
    assert sent_file.original_name == "udtalelse.pdf" and sent_file.case_id == case.id

    page = get(parent_browser, f"/sager/{case.public_id}")
    assert page.soup.select_one(".case-status strong").get_text() == "Genvurdering"
    item = page.soup.select_one(".complaint")
    assert "Vi er uenige i afslaget på ståstativet." in item.get_text()
    assert item.select_one(".reconsider-by").get_text() == long_date(complaint.reconsider_by)
    assert [a.get_text() for a in item.select(".complaint-files a")] == ["udtalelse.pdf"]
    timeline = item.select_one("svg.timeline")
    assert "Kommunen genvurderer afgørelsen senest" in timeline.find("desc").get_text()
    assert page.soup.select_one(".complain-link") is None
    # The request's own handling time ended with the decision: nothing is overdue.
    assert "Afgjort" in page.soup.select_one("#tidslinje-desc").get_text()
    assert page.soup.select_one(".deadline-warning") is None
    assert "Kommunen har modtaget en klage over afgørelsen" in page.text()

    # The caseworker's case page and complaints page show the same, with the file.
    staff_page = get(staff_browser, f"/sagsbehandling/sager/{case.public_id}")
    assert "Sagen er i genvurdering" in staff_page.soup.select_one(".complaint-state").get_text()
    staff_timeline = staff_page.soup.select_one(".case-complaints svg.timeline desc").get_text()
    assert long_date(complaint.reconsider_by) in staff_timeline
    assert "Der er 28 dage tilbage." in staff_timeline
    reconsideration = get(staff_browser, complaints.staff_url(case))
    assert reconsideration.h1 == f"Klager i sag {case.number}"
    assert reconsideration.soup.select_one("#action-forward form") is not None
    link = reconsideration.soup.select_one(".complaint-files a")
    response = uploads.download(staff_browser, link["href"])
    assert response.status_code == 200 and response.data == files.pdf()

    # Mail to the family, the inbox and the caseworker; none names the child or the content.
    event = db.session.scalar(
        select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "complaint_received"
        )
    )
    mails = db.session.scalars(
        select(Notification).where(Notification.key.like(f"case_event:{event.id}:%"))
    ).all()
    assert {(m.kind, m.recipient) for m in mails} == {
        ("complaint_received", family.parent.email),
        ("complaint_received_inbox", family.municipality.inbox_email),
    } | ({("complaint_received_inbox", case.assigned_to.email)} if case.assigned_to else set())
    for mail in mails:
        assert case.number in mail.subject
        assert case.child_name.split()[0] not in mail.subject + mail.body
        assert "ståstativet" not in mail.body


def test_a_complaint_without_reasons_is_refused_at_the_field_and_nothing_is_kept(
    family, parent_browser, db
):
    case = family.training
    page = complaints.complain(
        parent_browser, case, reasons="", files=[("udtalelse.pdf", files.pdf())]
    )
    assert page.status == 400
    assert page.title.startswith("Fejl:")
    assert page.error_summary() == {"reasons": "Skriv hvorfor I klager over afgørelsen"}
    assert page.field_error("reasons") == "Skriv hvorfor I klager over afgørelsen"
    db.session.refresh(case)
    assert case.status == "decided"
    assert db.session.scalar(select(Complaint)) is None
    assert (
        db.session.scalar(
            select(Attachment).where(
                Attachment.case_id == case.id, Attachment.original_name == "udtalelse.pdf"
            )
        )
        is None
    )


def test_a_refused_file_keeps_the_reasons_and_asks_for_the_files_again(family, parent_browser, db):
    case = family.training
    page = complaints.complain(
        parent_browser, case, reasons="Vi er uenige.", files=[("tom.pdf", b"")]
    )
    assert page.status == 400
    assert page.value("reasons").strip() == "Vi er uenige."
    assert "tom.pdf" in page.field_error("files")
    db.session.refresh(case)
    assert case.status == "decided"


def test_a_late_complaint_is_received_with_advice_on_what_it_means(
    approved_family, esbjerg, make_client, db
):
    from tests.support import tracking

    family = approved_family(municipality=esbjerg, decided=today_local() - timedelta(days=40))
    browser = tracking.family(make_client, family.parent, family.cpr)
    case = family.training
    form = get(browser, complaints.complaint_url(case))
    advice = form.soup.select_one(".complaint-late").get_text(" ", strip=True)
    deadline = today_local() - timedelta(days=40) + timedelta(weeks=4)
    assert f"Klagefristen på 4 uger udløb {long_date(deadline)}" in advice
    assert "medmindre der er særlige grunde" in advice
    assert "Retssikkerhedsloven § 67 og afgørelsens klagevejledning" in advice

    assert_redirects(complaints.complain(browser, case), f"/sager/{case.public_id}")
    complaint = db.session.scalar(select(Complaint))
    assert complaint.late
    db.session.refresh(case)
    assert case.status == "reconsideration"
    page = get(browser, f"/sager/{case.public_id}")
    assert (
        "Klagen kom efter klagefristen på 4 uger"
        in page.soup.select_one(".complaint-late").get_text()
    )


def test_a_decision_is_complained_about_once(family, parent_browser, db):
    case = family.training
    complaints.complain(parent_browser, case)
    again = parent_browser.get(complaints.complaint_url(case))
    assert_redirects(again, f"/sager/{case.public_id}")
    assert len(db.session.scalars(select(Complaint)).all()) == 1


def test_an_open_case_has_no_decision_to_complain_about(approved_family, esbjerg, make_client, db):
    from tests.support import tracking

    person, cpr = tracking.parent("Sara Jensen", "sara@example.dk")
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    browser = tracking.family(make_client, person, cpr)
    assert get(browser, f"/sager/{case.public_id}").soup.select_one(".complain-link") is None
    assert_redirects(browser.get(complaints.complaint_url(case)), f"/sager/{case.public_id}")
