"""The family answers the caseworker's question with text and files in one form (issue 17,
point 4, item 6): a refused file keeps the text and the good files, and a file already sent is
not stored again; the family is told so, and a new kind for it is kept and put in the history."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from portal.models import Attachment, InformationRequest
from portal.rules.formatting import long_date
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.support import factories, files, tracking
from tests.support.pages import Page, assert_redirects, get


@pytest.fixture
def asked(make_client, esbjerg, db):
    """A family whose case is being handled, logged in: (browser, case, ask), where ask() has
    the caseworker put a question."""
    person, cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    worker = factories.staff(esbjerg)

    def ask(text: str = "Send lønsedler for marts til maj.") -> InformationRequest:
        question = cases.ask_for_information(case, worker, text, now=now_utc())
        db.session.commit()
        return question

    return tracking.family(make_client, person, cpr), case, ask


def _answer(browser, case, question, text: str, upload=(), kind: str = "") -> Page:
    page = get(browser, f"/sager/{case.public_id}")
    form = page.soup.select_one(f"#spoergsmaal-{question.id} form")
    assert form["enctype"] == "multipart/form-data"
    token = form.select_one("input[name=csrf_token]")["value"]
    body = {
        "csrf_token": token,
        f"svar-{question.id}-answer": text,
        f"svar-{question.id}-kind": kind,
        "files": [(io.BytesIO(content), name) for name, content in upload],
    }
    return Page(browser.post(form["action"], data=body, content_type="multipart/form-data"))


def _stored(db, case) -> list[tuple[str, str, int | None]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    )
    return [(a.original_name, a.kind, a.info_request_id) for a in rows]


def _notices(page: Page) -> list[str]:
    return [a.get_text(" ", strip=True) for a in page.soup.select(".alert-info")]


def test_the_text_and_the_files_go_in_one_post(asked, db):
    browser, case, ask = asked
    question = ask()
    page = get(browser, f"/sager/{case.public_id}")
    form = page.soup.select_one(f"#spoergsmaal-{question.id} form")
    # One form: the text, the file chooser with its own id and what the files are.
    assert form.select_one(f"textarea#svar-{question.id}-answer") is not None
    assert form.select_one(f"input[type=file]#svar-{question.id}-files")["name"] == "files"
    assert form.select_one(f"label[for=svar-{question.id}-files]") is not None
    assert form.select_one(f"select#svar-{question.id}-kind") is not None
    assert form.select_one("a[href*=bilag]") is None

    done = _answer(
        browser, case, question, "Her er lønsedlerne.", [("Lønsedler.pdf", files.pdf())], "payslips"
    )
    assert_redirects(done.response, f"/sager/{case.public_id}")
    assert _stored(db, case) == [("Lønsedler.pdf", "payslips", question.id)]
    page = get(browser, f"/sager/{case.public_id}")
    answered = page.soup.select_one(".answered")
    assert "Her er lønsedlerne." in answered.get_text()
    assert [a.get_text() for a in answered.select(".answer-files a")] == ["Lønsedler.pdf"]


def test_files_alone_are_an_answer_and_nothing_at_all_is_an_error(asked, db):
    browser, case, ask = asked
    question = ask()
    empty = _answer(browser, case, question, "  ")
    assert empty.status == 400 and empty.title.startswith("Fejl:")
    field = f"svar-{question.id}-answer"
    assert empty.error_summary() == {field: "Skriv jeres svar, eller vælg filer at sende med."}
    assert empty.field_error(field) == "Skriv jeres svar, eller vælg filer at sende med."

    done = _answer(browser, case, question, "", [("Udtalelse.pdf", files.pdf(2))])
    assert_redirects(done.response, f"/sager/{case.public_id}")
    db.session.expire_all()
    assert db.session.get(InformationRequest, question.id).answered_at is not None
    # No kind chosen: the file is kept as "Andet".
    assert _stored(db, case) == [("Udtalelse.pdf", "other", question.id)]


def test_a_refused_file_keeps_the_text_and_the_good_files(asked, db):
    browser, case, ask = asked
    question = ask()
    page = _answer(
        browser,
        case,
        question,
        "Lønsedlerne for marts og april.",
        [("god.pdf", files.pdf()), ("program.exe", b"MZ\x90\x00 not a document")],
        "payslips",
    )
    assert page.status == 400 and page.title.startswith("Fejl:")
    files_id = f"svar-{question.id}-files"
    assert list(page.error_summary()) == [files_id]
    assert "program.exe" in page.field_error(files_id)
    assert page.soup.find(id=files_id)["aria-invalid"] == "true"
    assert page.value(f"svar-{question.id}-answer").strip() == "Lønsedlerne for marts og april."
    assert page.value(f"svar-{question.id}-kind") == "payslips"
    sent = page.soup.select(f"#spoergsmaal-{question.id} .answer-files a")
    assert [a.get_text() for a in sent] == ["god.pdf"]
    assert _stored(db, case) == [("god.pdf", "payslips", question.id)]
    db.session.expire_all()
    assert db.session.get(InformationRequest, question.id).is_open

    # Sent again without the bad file: the answer is recorded with the file kept before.
    done = _answer(browser, case, question, "Lønsedlerne for marts og april.")
    assert_redirects(done.response, f"/sager/{case.public_id}")
    db.session.expire_all()
    assert db.session.get(InformationRequest, question.id).answer == (
        "Lønsedlerne for marts og april."
    )


def test_a_file_sent_again_is_not_kept_twice_and_takes_the_new_kind(asked, db):
    browser, case, ask = asked
    first, second, third = ask("Send udtalelsen."), ask("Send lønsedlerne."), ask("Og igen?")
    assert_redirects(
        _answer(browser, case, first, "Udtalelsen.", [("scan.pdf", files.pdf())]).response,
        f"/sager/{case.public_id}",
    )
    assert _stored(db, case) == [("scan.pdf", "other", first.id)]
    today = long_date(today_local())

    # The same file under another kind: not stored again, and it is now what they say it is.
    done = _answer(browser, case, second, "Se filen.", [("lønsedler.pdf", files.pdf())], "payslips")
    assert_redirects(done.response, f"/sager/{case.public_id}")
    page = get(browser, f"/sager/{case.public_id}")
    assert (
        f"Filen lønsedler.pdf var allerede sendt den {today}; vi har ikke gemt den igen. Den "
        "står nu som „Lønsedler“ i stedet for „Andet“."
    ) in _notices(page)
    assert _stored(db, case) == [("scan.pdf", "payslips", first.id)]
    history = page.soup.select_one(".case-history").get_text(" ", strip=True)
    assert "Familien har ændret, hvad et bilag er" in history
    assert "scan.pdf: Andet → Lønsedler" in history

    # The same file once more with the same kind (or none): only said, nothing changed.
    done = _answer(browser, case, third, "Igen.", [("scan.pdf", files.pdf())])
    assert_redirects(done.response, f"/sager/{case.public_id}")
    page = get(browser, f"/sager/{case.public_id}")
    assert (
        f"Filen scan.pdf var allerede sendt den {today}; vi har ikke gemt den igen."
    ) in _notices(page)
    assert _stored(db, case) == [("scan.pdf", "payslips", first.id)]


def test_a_question_on_a_case_closed_since_takes_no_answer_and_keeps_no_file(asked, db):
    browser, case, ask = asked
    question = ask()
    page = get(browser, f"/sager/{case.public_id}")
    form = page.soup.select_one(f"#spoergsmaal-{question.id} form")
    tracking.decide(case, factories.staff(case.municipality), on=today_local())
    response = browser.post(
        form["action"],
        data={
            "csrf_token": form.select_one("input[name=csrf_token]")["value"],
            f"svar-{question.id}-answer": "For sent.",
            "files": [(io.BytesIO(files.pdf()), "sent.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert_redirects(response, f"/sager/{case.public_id}")
    assert "Sagen er lukket, så spørgsmålet tager ikke imod svar." in _notices(
        get(browser, f"/sager/{case.public_id}")
    )
    assert _stored(db, case) == []
