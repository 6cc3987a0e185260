"""The caseworker reconsiders a decision after a complaint: changes it (a new decision, the
earlier one kept with its letter) or upholds it and forwards the complaint to Ankestyrelsen,
then records Ankestyrelsen's answer: upheld, changed or sent back with a new handling time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import AccessLog, Complaint, Decision, Notification
from portal.rules.deadlines import due_date
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import complaints, decisions, documents, uploads
from tests.support.pages import assert_redirects, get


@pytest.fixture
def complained(family, parent_browser, db):
    """The family has complained about the approval of its training."""
    assert_redirects(
        complaints.complain(parent_browser, family.training), f"/sager/{family.training.public_id}"
    )
    db.session.refresh(family.training)
    return family.training


def _mail_kinds(db, case) -> list[str]:
    return [
        n.kind
        for n in db.session.scalars(
            select(Notification)
            .where(Notification.case_id == case.id, Notification.channel == "email")
            .order_by(Notification.id)
        )
    ]


def test_the_caseworker_changes_the_decision_and_the_earlier_one_stays_readable(
    complained, staff_browser, parent_browser, db
):
    case = complained
    first = case.decision
    page = get(staff_browser, complaints.staff_url(case))
    assert page.soup.select_one("#action-change a")["href"] == decisions.url(case)
    form = get(staff_browser, decisions.url(case))
    assert (
        "Afgørelsen erstatter den, der gælder nu."
        in form.soup.select_one(".changing-decision").get_text()
    )
    # The new decision starts from the text of the one it replaces.
    assert form.value("text").strip() == first.text

    changed = decisions.post(
        staff_browser,
        case,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "text": "Afgørelsen ændres efter klagen.",
        },
    )
    assert_redirects(changed, f"/sagsbehandling/sager/{case.public_id}")
    db.session.expire_all()
    assert case.status == "decided"
    assert [(d.sequence, d.outcome, d.superseded_at is not None) for d in case.decisions] == [
        (1, "approved", True),
        (2, "partly_approved", False),
    ]
    assert case.decision.sequence == 2 and case.decision.text == "Afgørelsen ændres efter klagen."
    complaint = db.session.scalar(select(Complaint))
    assert complaint.outcome == "changed" and complaint.new_decision_id == case.decision.id

    # The family reads the new decision, the complaint's outcome and the earlier letter.
    page = get(parent_browser, f"/sager/{case.public_id}")
    assert page.soup.select_one(".decision-text").get_text() == "Afgørelsen ændres efter klagen."
    assert (
        "Kommunen ændrede afgørelsen" in page.soup.select_one(".reconsideration-result").get_text()
    )
    earlier = page.soup.select_one(".earlier-decision-list a")
    assert earlier["href"] == f"/sager/{case.public_id}/afgoerelse-1.docx"
    letter = uploads.download(parent_browser, earlier["href"])
    assert "ADL-metoden godkendes" in documents.all_text(documents.open_docx(letter.data))
    current = uploads.download(parent_browser, f"/sager/{case.public_id}/afgoerelse.docx")
    assert "Afgørelsen ændres efter klagen." in documents.all_text(
        documents.open_docx(current.data)
    )
    # A new decision can be complained about in its turn.
    assert page.soup.select_one(".complain-link a") is not None

    staff_letter = uploads.download(
        staff_browser, f"/sagsbehandling/sager/{case.public_id}/afgoerelse-1.docx"
    )
    assert "ADL-metoden godkendes" in documents.all_text(documents.open_docx(staff_letter.data))
    logged = db.session.scalars(
        select(AccessLog.detail).where(
            AccessLog.case_id == case.id, AccessLog.action == "downloaded_letter"
        )
    ).all()
    assert any(detail.startswith("Nr. 1, SHA-256") for detail in logged)
    assert _mail_kinds(db, case)[-1] == "decided"


def test_forwarded_then_upheld_by_ankestyrelsen(complained, staff_browser, parent_browser, db):
    case = complained
    today = today_local()
    sent = complaints.forward(staff_browser, case, today, "Kommunen fastholder afgørelsen.")
    assert_redirects(sent, complaints.staff_url(case))
    db.session.expire_all()
    assert case.status == "forwarded"
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.outcome, complaint.forwarded_on) == ("forwarded", today)
    assert _mail_kinds(db, case)[-1] == "complaint_forwarded"

    page = get(parent_browser, f"/sager/{case.public_id}")
    assert page.soup.select_one(".case-status strong").get_text() == "Sendt til Ankestyrelsen"
    result = page.soup.select_one(".reconsideration-result").get_text()
    assert f"sendte klagen til Ankestyrelsen {long_date(today)}" in result
    assert "Kommunen fastholder afgørelsen." in result
    # While Ankestyrelsen has it, the decision page refuses a new decision.
    assert_redirects(
        staff_browser.get(decisions.url(case)), f"/sagsbehandling/sager/{case.public_id}"
    )

    answered = complaints.ankestyrelsen(staff_browser, case, "upheld", today, "J.nr. 26-1234")
    assert_redirects(answered, complaints.staff_url(case))
    db.session.expire_all()
    assert case.status == "decided" and len(case.decisions) == 1
    page = get(parent_browser, f"/sager/{case.public_id}")
    result = page.soup.select_one(".ankestyrelsen-result").get_text()
    assert "Stadfæstet" in result and long_date(today) in result and "J.nr. 26-1234" in result
    assert "Ankestyrelsen har stadfæstet afgørelsen" in page.text()
    assert _mail_kinds(db, case)[-1] == "ankestyrelsen_answered"


def test_changed_by_ankestyrelsen_the_caseworker_writes_the_changed_decision(
    complained, staff_browser, db
):
    case = complained
    today = today_local()
    complaints.forward(staff_browser, case, today)
    answered = complaints.ankestyrelsen(staff_browser, case, "changed", today)
    assert_redirects(answered, decisions.url(case))
    db.session.expire_all()
    assert case.status == "forwarded"
    page = get(staff_browser, complaints.staff_url(case))
    assert page.soup.select_one(".changed-decision a")["href"] == decisions.url(case)

    decided = decisions.post(
        staff_browser,
        case,
        {**decisions.approval(), "outcome": "partly_approved", "text": "Ændret af Ankestyrelsen."},
    )
    assert_redirects(decided, f"/sagsbehandling/sager/{case.public_id}")
    db.session.expire_all()
    assert case.status == "decided"
    assert [d.outcome for d in case.decisions] == ["approved", "partly_approved"]
    complaint = db.session.scalar(select(Complaint))
    assert complaint.result == "changed" and complaint.new_decision_id == case.decision.id
    assert complaint.outcome == "forwarded"


def test_sent_back_the_case_reopens_with_a_new_handling_time_from_its_return(
    complained, staff_browser, parent_browser, db
):
    case = complained
    today = today_local()
    # A date before the complaint arrived is refused.
    early = complaints.forward(staff_browser, case, today - timedelta(days=5))
    assert early.status == 409
    assert early.error_summary() == {
        "action-forward": "Klagen kan ikke være sendt, før kommunen modtog den."
    }
    complaints.forward(staff_browser, case, today)
    complaints.ankestyrelsen(staff_browser, case, "sent_back", today)
    db.session.expire_all()
    # The handling time runs again from the day the case came back, not from its receipt.
    expected = due_date("new_application", today)
    assert expected > due_date("new_application", case.received_at.date())
    assert case.status == "under_review"
    assert case.due_date == expected
    page = get(parent_browser, f"/sager/{case.public_id}")
    assert page.soup.select_one(".case-status strong").get_text() == "Under behandling"
    assert page.soup.select_one(".due-date").get_text() == long_date(expected)
    assert long_date(expected) in page.soup.select_one(".sent-back-due").get_text()
    # The decision sent back no longer stands: it is listed among the earlier ones.
    assert page.soup.select_one(".decision") is None
    assert "Afgørelse nr. 1" in page.soup.select_one(".earlier-decision-list").get_text()
    # Under review again, the caseworker can decide anew; the first decision stays on file.
    decisions.post(staff_browser, case, decisions.approval())
    db.session.expire_all()
    assert case.status == "decided"
    assert [d.sequence for d in case.decisions] == [1, 2]
    assert db.session.scalar(select(Decision).where(Decision.sequence == 1)).superseded_at


def test_the_caseworker_records_a_complaint_made_by_telephone(family, staff_browser, db):
    case = family.training
    page = get(staff_browser, complaints.staff_url(case))
    assert page.soup.select_one("#action-record form") is not None
    received = today_local() - timedelta(days=2)
    recorded = complaints.staff_post(
        staff_browser,
        case,
        "ny",
        {
            "klage-channel": "oral",
            "klage-received_on": received.isoformat(),
            "klage-reasons": "Mor ringede: familien er uenig i timetallet.",
        },
    )
    assert_redirects(recorded, complaints.staff_url(case))
    db.session.expire_all()
    assert case.status == "reconsideration"
    complaint = db.session.scalar(select(Complaint))
    assert (complaint.channel, complaint.received_on, complaint.recorded_by_kind) == (
        "oral",
        received,
        "staff",
    )
    assert complaint.reconsider_by == received + timedelta(weeks=4)
    page = get(staff_browser, complaints.staff_url(case))
    assert "Mundtligt" in page.soup.select_one(".complaint-received").get_text()
    assert page.soup.select_one("#action-record") is None


def test_the_caseworkers_forms_say_what_is_missing(complained, staff_browser, db):
    case = complained
    page = complaints.staff_post(staff_browser, case, "ankestyrelsen-sendt", {})
    assert page.status == 400 and page.title.startswith("Fejl:")
    assert page.error_summary() == {
        "videresend-sent_on": "Skriv den dato, klagen blev sendt til Ankestyrelsen"
    }
    future = (today_local() + timedelta(days=3)).isoformat()
    page = complaints.staff_post(
        staff_browser, case, "ankestyrelsen-sendt", {"videresend-sent_on": future}
    )
    assert page.field_error("videresend-sent_on") == "Skriv en dato, der ikke ligger efter i dag"
    db.session.expire_all()
    assert case.status == "reconsideration"


def test_the_family_is_heard_on_new_information_before_the_reconsideration(
    complained, staff_browser, parent_browser, db
):
    case = complained
    empty = complaints.staff_post(staff_browser, case, "hoering", {})
    assert empty.status == 400
    assert empty.error_summary() == {"hoering-subject": "Skriv det, familien skal høres om"}
    sent = complaints.staff_post(
        staff_browser,
        case,
        "hoering",
        {"hoering-subject": "Skolen oplyser, at Anders har 30 timer i skolen om ugen."},
    )
    assert_redirects(sent, complaints.staff_url(case))
    complaint = db.session.scalar(select(Complaint))
    db.session.refresh(complaint)
    hearing = complaint.hearing
    assert hearing.kind == "reconsideration" and hearing.case_id == case.id
    db.session.expire_all()
    assert case.status == "reconsideration"

    page = get(parent_browser, f"/sager/{case.public_id}/hoering/{hearing.public_id}")
    assert page.h1 == "Høring før kommunen genvurderer afgørelsen efter jeres klage"
    assert "30 timer i skolen" in page.text()
    assert "forvaltningsloven § 19" in page.text()

    page = get(staff_browser, complaints.staff_url(case))
    assert page.soup.select_one("#action-hearing") is None
    assert "30 timer i skolen" in page.soup.select_one(".staff-hearings").get_text()
    again = complaints.staff_post(staff_browser, case, "hoering", {"hoering-subject": "Igen."})
    assert again.status == 409
