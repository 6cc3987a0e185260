"""A hearing (partshøring): the municipality sends a proposal, the family reads it and answers
with remarks and files in one form; the caseworker sees the answer on the case. Nobody else
sees the hearing or its files."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import Attachment, Hearing, Notification
from portal.rules.hearings import answer_by
from portal.rules.settings import MunicipalitySettings
from portal.services import hearings
from portal.timeutil import now_utc, today_local
from tests.support import factories, files, journey, tracking
from tests.support.documents import all_text, cell_texts, headings, open_docx, table_starting
from tests.support.pages import Page, assert_redirects, get

SUBJECT = (
    "Kommunen foreslår et tilbagebetalingskrav på 1.250,00 kr. for linjen Kursus.\n"
    "I har brugt mindre end bevilget."
)


@pytest.fixture
def family(approved_family, db):
    return approved_family()


@pytest.fixture
def hearing(family, db):
    sent = hearings.open_hearing(
        family.training,
        kind="repayment",
        subject=SUBJECT,
        staff=family.caseworker,
        now=now_utc(),
    )
    db.session.commit()
    return sent


def _url(hearing: Hearing) -> str:
    return f"/sager/{hearing.case.public_id}/hoering/{hearing.public_id}"


def _send(browser, hearing: Hearing, data: dict, upload: list | None = None) -> Page:
    page = get(browser, _url(hearing))
    token = page.form_values("form[enctype='multipart/form-data']")["csrf_token"]
    body = {"csrf_token": token, **data}
    if upload is not None:
        body["files"] = upload
    return Page(browser.post(_url(hearing), data=body, content_type="multipart/form-data"))


def test_the_deadline_is_the_municipalitys_hearing_period():
    sent = today_local()
    assert answer_by(sent) == sent + timedelta(weeks=2)
    three = MunicipalitySettings.from_mapping({"hearing_period": {"weeks": 3}})
    assert answer_by(sent, three) == sent + timedelta(weeks=3)


def test_the_family_reads_the_proposal_and_is_told_by_mail(make_client, family, hearing, db):
    mail = db.session.scalars(select(Notification).where(Notification.kind == "hearing_sent")).one()
    assert mail.recipient == family.parent.email
    assert family.training.child_name not in mail.body and "1.250" not in mail.body
    assert _url(hearing) in mail.body

    browser = tracking.family(make_client, family.parent, family.cpr)
    case_page = get(browser, f"/sager/{family.training.public_id}")
    link = case_page.soup.select_one(".hearings a")
    assert link.get_text(strip=True) == "Høring før afgørelse om tilbagebetaling"
    assert link["href"] == _url(hearing)

    page = get(browser, _url(hearing))
    assert page.h1 == "Høring før afgørelse om tilbagebetaling"
    assert "tilbagebetalingskrav på 1.250,00 kr." in page.text()
    deadline = page.soup.select_one(".hearing-deadline").get_text(strip=True)
    assert deadline.startswith(str((today_local() + timedelta(weeks=2)).day))
    assert "Tilbagebetalingskrav" in page.text()  # the source, by the guide's section


def test_the_answer_with_files_reaches_the_caseworker(make_client, family, hearing, db):
    browser = tracking.family(make_client, family.parent, family.cpr)
    response = _send(
        browser,
        hearing,
        {"answer": "Kurset blev betalt i januar; kvitteringen er vedlagt."},
        [(io.BytesIO(files.pdf()), "kvittering.pdf")],
    )
    assert_redirects(response.response, f"/sager/{family.training.public_id}")
    db.session.expire_all()
    stored = db.session.get(Hearing, hearing.id)
    assert stored.answer == "Kurset blev betalt i januar; kvitteringen er vedlagt."
    assert [a.original_name for a in stored.attachments] == ["kvittering.pdf"]
    assert stored.attachments[0].case_id == family.training.id
    inbox = db.session.scalars(
        select(Notification).where(Notification.kind == "hearing_answered")
    ).one()
    assert inbox.recipient == family.municipality.inbox_email

    worker = make_client()
    journey.login_staff(worker, family.caseworker.email, factories.PASSWORD)
    staff_page = get(worker, f"/sagsbehandling/sager/{family.training.public_id}")
    section = staff_page.soup.select_one(".staff-hearings")
    assert "Kurset blev betalt i januar" in section.get_text()
    file_link = section.select_one(".answer-files a")
    assert file_link.get_text() == "kvittering.pdf"
    with worker.get(file_link["href"]) as download:
        assert download.get_data() == files.pdf()

    history = get(browser, f"/sager/{family.training.public_id}").text()
    assert "Familien har svaret på høringen" in history
    again = get(browser, _url(hearing))
    assert again.soup.select_one("form[enctype='multipart/form-data']") is None


def test_nothing_to_send_is_an_error_at_the_field(make_client, family, hearing, db):
    browser = tracking.family(make_client, family.parent, family.cpr)
    page = _send(browser, hearing, {"answer": "  "})
    assert page.status == 400
    assert page.title.startswith("Fejl:")
    assert page.error_summary() == {
        "answer": "Skriv jeres bemærkninger, eller vælg filer at sende med svaret."
    }
    assert db.session.get(Hearing, hearing.id).is_open


def test_a_bad_file_is_refused_and_the_remarks_and_good_files_are_kept(
    make_client, family, hearing, db
):
    browser = tracking.family(make_client, family.parent, family.cpr)
    page = _send(
        browser,
        hearing,
        {"answer": "Vi er uenige i kravet."},
        [
            (io.BytesIO(files.pdf()), "god.pdf"),
            (io.BytesIO(b"MZ\x90\x00 not a document"), "program.exe"),
        ],
    )
    assert page.status == 400
    assert "files" in page.error_summary()
    assert "program.exe" in page.field_error("files")
    assert page.value("answer").strip() == "Vi er uenige i kravet."
    assert "god.pdf" in page.text()
    db.session.expire_all()
    stored = db.session.get(Hearing, hearing.id)
    assert stored.is_open
    assert [a.original_name for a in stored.attachments] == ["god.pdf"]

    # Sent again without the bad file: the answer is recorded with the file kept before.
    done = _send(browser, hearing, {"answer": "Vi er uenige i kravet."})
    assert_redirects(done.response, f"/sager/{family.training.public_id}")
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).answer == "Vi er uenige i kravet."


def test_a_late_answer_is_taken_with_advice(make_client, family, db, clock):
    sent = hearings.open_hearing(
        family.training, kind="ending", subject="Forslag", staff=family.caseworker, now=now_utc()
    )
    db.session.commit()
    clock(20)
    browser = tracking.family(make_client, family.parent, family.cpr)
    page = get(browser, _url(sent))
    assert "Fristen er overskredet" in page.text()
    done = _send(browser, sent, {"answer": "Vi har været på ferie."})
    assert_redirects(done.response, f"/sager/{family.training.public_id}")


def test_a_second_answer_is_not_recorded(make_client, family, hearing, db):
    browser = tracking.family(make_client, family.parent, family.cpr)
    page = get(browser, _url(hearing))
    token = page.form_values("form[enctype='multipart/form-data']")["csrf_token"]
    first = browser.post(
        _url(hearing),
        data={"csrf_token": token, "answer": "Første svar"},
        content_type="multipart/form-data",
    )
    second = browser.post(
        _url(hearing),
        data={"csrf_token": token, "answer": "Andet svar"},
        content_type="multipart/form-data",
    )
    assert first.status_code == second.status_code == 302
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).answer == "Første svar"


def test_the_deadline_cannot_be_shorter_than_the_period(family, db):
    with pytest.raises(hearings.CaseActionRefused):
        hearings.open_hearing(
            family.training,
            kind="repayment",
            subject="Forslag",
            staff=family.caseworker,
            now=now_utc(),
            answer_by=today_local() + timedelta(days=3),
        )


def test_another_family_and_another_municipality_get_404(
    make_client, approved_family, family, hearing, other_municipality, db
):
    browser = tracking.family(make_client, family.parent, family.cpr)
    _send(browser, hearing, {"answer": "Svar"}, [(io.BytesIO(files.pdf()), "svar.pdf")])
    attachment = db.session.scalars(
        select(Attachment).where(Attachment.hearing_id == hearing.id)
    ).one()

    other = approved_family(name="Anne Jensen", email="anne@example.dk")
    stranger = tracking.family(make_client, other.parent, other.cpr)
    get(stranger, _url(hearing), 404)
    # Their own case with this family's hearing id is no way in either.
    get(stranger, f"/sager/{other.training.public_id}/hoering/{hearing.public_id}", 404)
    with stranger.get(f"/ansoegning/bilag/{attachment.public_id}") as refused:
        assert refused.status_code == 404

    outsider, _worker = tracking.caseworker(make_client, other_municipality)
    get(outsider, f"/sagsbehandling/sager/{family.training.public_id}", 404)
    url = f"/sagsbehandling/sager/{family.training.public_id}/bilag/{attachment.public_id}"
    with outsider.get(url) as refused:
        assert refused.status_code == 404


def test_the_dossier_has_the_hearing_and_the_answer(app, make_client, family, hearing, db):
    browser = tracking.family(make_client, family.parent, family.cpr)
    _send(
        browser,
        hearing,
        {"answer": "Vi har kvitteringen."},
        [(io.BytesIO(files.pdf()), "kvittering.pdf")],
    )
    worker = make_client()
    journey.login_staff(worker, family.caseworker.email, factories.PASSWORD)
    with worker.get(f"/sagsbehandling/sager/{family.training.public_id}/sag.docx") as response:
        document = open_docx(response.get_data())
    assert "Høringer" in headings(document, 1)
    [title] = [h for h in headings(document, 2) if h.startswith("Høring før afgørelse")]
    assert family.caseworker.name in title
    text = all_text(document)
    assert "tilbagebetalingskrav på 1.250,00 kr." in text
    rows = dict(cell_texts(table_starting(document, "Felt", "Indhold"))[1:])
    assert rows["Familiens svar"] == "Vi har kvitteringen."
    assert rows["Filer"] == "kvittering.pdf"


def test_an_expired_page_asks_for_the_answer_again_and_records_nothing(
    make_client, family, hearing, db
):
    browser = tracking.family(make_client, family.parent, family.cpr)
    page = Page(
        browser.post(
            _url(hearing),
            data={"csrf_token": "forældet", "answer": "Vi er enige."},
            content_type="multipart/form-data",
        )
    )
    assert page.status == 400
    assert page.title.startswith("Fejl:")
    assert "siden var åben for længe" in page.error_summary()["answer"]
    assert db.session.get(Hearing, hearing.id).is_open
