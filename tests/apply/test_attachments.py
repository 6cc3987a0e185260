"""A parent attaches files: what the municipality expects, what is accepted, what is refused
(each with a message naming the file, the other files kept), removal, a broken upload, and the
files going with the application when it is sent."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select

from portal.models import Attachment, Case, Draft, InformationRequest
from portal.storage import storage
from tests.support import files, journey, tracking
from tests.support.pages import Page, assert_redirects, get
from tests.support.uploads import download, listed, post_raw, send


def _draft(db, base: str) -> Draft:
    public_id = base.strip("/").rsplit("/", 1)[-1]
    return db.session.execute(select(Draft).where(Draft.public_id == public_id)).scalar_one()


def _rows(db, draft: Draft) -> list[Attachment]:
    return list(
        db.session.execute(
            select(Attachment).where(Attachment.draft_id == draft.id).order_by(Attachment.id)
        ).scalars()
    )


@pytest.fixture
def base(client, esbjerg):
    journey.login_parent(client, "Mette Hansen")
    return journey.start_application(client)


def test_the_start_page_names_the_documents_to_send_before_anything_is_filled_in(client, esbjerg):
    journey.login_parent(client, "Mette Hansen")
    documents = [
        li.get_text(" ", strip=True)
        for li in get(client, "/ansoegning/").soup.select(".start-documents li")
    ]
    assert documents == [
        "Oversigt over metoder og metodeudbydere",
        "Udtalelse fra læge eller sygehus (hvis I har)",
        "Udtalelse fra skole eller dagtilbud (hvis I har)",
        "Lønsedler for de seneste 3 måneder, hvis I søger om tabt arbejdsfortjeneste",
    ]


def test_the_step_says_what_the_municipality_expects_before_the_parent_starts(client, base):
    page = get(client, base + "bilag")
    assert page.h1 == "Bilag"
    expected = page.soup.select_one(".expected-attachments").get_text(" ", strip=True)
    assert "Oversigt over metoder og metodeudbydere" in expected
    assert "Udtalelse fra læge eller sygehus (hvis I har)" in expected
    # Payslips only when the parent asks for lost earnings.
    assert "Lønsedler" not in expected

    step = "tabt-arbejdsfortjeneste"
    journey.save_step(client, base, step, journey.valid_answers()[step])
    expected = get(client, base + "bilag").soup.select_one(".expected-attachments")
    assert "Lønsedler for de seneste 3 måneder" in expected.get_text(" ", strip=True)


def test_two_files_at_once_are_kept_listed_and_handed_back_intact(client, base, db):
    statement, plan = files.pdf(2), files.docx("Tids- og faseplan")
    page = send(
        client,
        base + "bilag",
        [("Udtalelse fra læge.pdf", statement), ("Plan.docx", plan)],
        kind="medical_statement",
        note="Fra egen læge, maj",
    )
    assert page.error_summary() == {}
    assert "Vi har modtaget 2 filer" in page.text()
    assert listed(page) == ["Udtalelse fra læge.pdf", "Plan.docx"]
    assert "Udtalelse fra læge eller sygehus – Fra egen læge, maj" in page.text()

    rows = _rows(db, _draft(db, base))
    assert [(r.original_name, r.content_type, r.size) for r in rows] == [
        ("Udtalelse fra læge.pdf", "application/pdf", len(statement)),
        (
            "Plan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            len(plan),
        ),
    ]
    assert rows[0].sha256 == hashlib.sha256(statement).hexdigest()
    assert rows[0].uploaded_by_kind == "parent" and rows[0].uploaded_by_name == "Mette Hansen"
    # Stored under a name of the portal's own, never the parent's.
    assert "læge" not in rows[0].storage_key

    link = page.soup.select_one("#bilag-liste .attachment-name a")["href"]
    response = download(client, link)
    assert response.status_code == 200
    assert response.data == statement
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Udtalelse%20fra%20l%C3%A6ge.pdf" in disposition
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "make", "mime"),
    [
        ("a.pdf", files.pdf, "application/pdf"),
        (
            "a.docx",
            files.docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("a.xlsx", files.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a.odt", files.odt, "application/vnd.oasis.opendocument.text"),
        ("a.jpg", files.jpeg, "image/jpeg"),
        ("a.png", files.png, "image/png"),
        ("IMG_0001.HEIC", files.heic, "image/heic"),
        ("film.mp4", files.mp4, "video/mp4"),
        ("IMG_0002.MOV", files.mov, "video/quicktime"),
    ],
)
def test_every_accepted_format_is_taken_and_its_type_read_from_the_content(
    client, base, db, name, make, mime
):
    # The browser's claim is wrong on purpose: it is never what decides.
    page = send(client, base + "bilag", [(name, make(), "text/plain")], kind="video_picture")
    assert page.error_summary() == {}, page.error_summary()
    assert listed(page) == [name]
    assert _rows(db, _draft(db, base))[0].content_type == mime


def test_a_name_without_extension_is_fine_and_downloads_with_the_real_one(client, base, db):
    page = send(client, base + "bilag", [("scanning", files.pdf())])
    assert listed(page) == ["scanning"]
    response = download(client, page.soup.select_one("#bilag-liste .attachment-name a")["href"])
    assert "filename=scanning.pdf" in response.headers["Content-Disposition"]


BAD = {
    "mismatch": (
        "foto.pdf",
        files.jpeg,
        "„foto.pdf“ hedder .pdf, men indholdet er JPEG. Giv filen det rigtige navn, "
        "eller vælg den rigtige fil.",
    ),
    "empty": (
        "tom.pdf",
        lambda: b"",
        "„tom.pdf“ er tom. Vælg filen igen, eller vælg en anden fil.",
    ),
    "encrypted": (
        "lønseddel.pdf",
        files.encrypted_pdf,
        "„lønseddel.pdf“ er beskyttet med adgangskode eller kryptering, så kommunen kan ikke "
        "åbne den. Gem den som en almindelig PDF uden beskyttelse, og send den igen.",
    ),
    "broken": (
        "halv.pdf",
        files.broken_pdf,
        "„halv.pdf“ er ikke en hel PDF-fil. Den kan være gået i stykker. Gem eller scan "
        "dokumentet igen, og send det igen.",
    ),
    "unsupported": (
        "billeder.zip",
        files.zip_archive,
        "„billeder.zip“ kan ikke sendes, fordi vi ikke kan tage imod den slags fil. Send den som "
        "PDF, Word (DOCX), Excel (XLSX), ODT, JPEG, PNG, HEIC, MP4 eller MOV.",
    ),
    "program_called_pdf": (
        "faktura.pdf",
        lambda: b"MZ\x90\x00\x03" + bytes(200),
        "„faktura.pdf“ hedder .pdf, men indholdet er ikke PDF.",
    ),
    "text_called_pdf": (
        "udtalelse.pdf",
        lambda: "Udtalelse fra lægen: Anders har brug for træning.\n".encode() * 20,
        "„udtalelse.pdf“ hedder .pdf, men indholdet er ikke PDF. Filen har måske fået et "
        "forkert navn. Åbn den, gem den som PDF, og send den igen.",
    ),
    "text_without_a_known_name": (
        "noter.txt",
        lambda: b"Noter\n" * 20,
        "„noter.txt“ kan ikke sendes, fordi vi ikke kan tage imod den slags fil.",
    ),
    "broken_docx": (
        "plan.docx",
        lambda: files.docx()[:3000],
        "„plan.docx“ er ikke et helt dokument.",
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_a_bad_file_is_refused_by_name_and_the_good_files_of_the_upload_are_kept(
    client, base, db, case
):
    name, make, message = case
    page = send(client, base + "bilag", [("god.pdf", files.pdf()), (name, make())])
    assert page.title.startswith("Fejl:")
    summary = page.error_summary()
    assert list(summary) == ["files"]
    assert summary["files"].startswith(message)
    assert message in page.soup.select_one("#files-error").get_text(" ", strip=True)
    assert page.soup.select_one("#files")["aria-describedby"] == "files-hint files-error"
    # The good file of the same upload is kept and said to be.
    assert listed(page) == ["god.pdf"]
    assert "Vi har modtaget 1 fil" in page.text()
    assert [r.original_name for r in _rows(db, _draft(db, base))] == ["god.pdf"]
    assert list(storage().staging_dir.iterdir()) == []


def test_send_with_no_file_chosen_says_so_at_the_field(client, base, db):
    page = send(client, base + "bilag", [])

    message = (
        "Vælg de filer, du vil sende, og tryk så på „Send filerne“. Der var ikke valgt nogen filer."
    )
    assert page.title.startswith("Fejl:")
    assert page.error_summary() == {"files": message}
    assert message in page.soup.select_one("#files-error").get_text(" ", strip=True)
    assert listed(page) == []


def test_send_with_no_file_chosen_on_a_sent_case_says_so_at_the_field(client, base, db):
    journey.fill_application(client, base)
    journey.submit(client, base)
    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()

    page = send(client, f"/ansoegning/sager/{case.public_id}/bilag", [])

    assert page.title.startswith("Fejl:")
    assert page.error_summary()["files"].startswith("Vælg de filer, du vil sende")


def test_saving_the_step_without_files_is_no_error(client, base, db):
    page = send(client, base + "bilag", [], action="save")
    assert not page.title.startswith("Fejl:")
    assert page.soup.select_one("#files-error") is None


def test_a_file_over_the_limit_is_refused_with_both_sizes(client, base, db, app, monkeypatch):
    # Small limits keep the test quick; the limits are configuration (25 MB and 500 MB).
    monkeypatch.setitem(app.config, "UPLOAD_MAX_DOCUMENT_SIZE", 100 * 1024)
    monkeypatch.setitem(app.config, "UPLOAD_MAX_VIDEO_SIZE", 300 * 1024)
    small = files.pdf()
    big_pdf = small + b"%" * (200 * 1024 - len(small))
    page = send(
        client,
        base + "bilag",
        [("stor.pdf", big_pdf), ("video.mp4", files.mp4(250 * 1024)), ("lille.png", files.png())],
    )
    assert page.error_summary()["files"] == (
        "„stor.pdf“ fylder 200 kB. Den må højst fylde 100 kB. Gør filen mindre, eller del den op "
        "i flere filer."
    )
    # A video has its own, larger limit.
    assert listed(page) == ["video.mp4", "lille.png"]
    assert list(storage().staging_dir.iterdir()) == []


def test_more_files_than_the_limit_are_refused_by_name(client, base, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_FILES", 3)
    send(client, base + "bilag", [("1.pdf", files.pdf(1))])
    page = send(
        client,
        base + "bilag",
        [("2.pdf", files.pdf(2)), ("3.pdf", files.pdf(3)), ("4.pdf", files.pdf(4))],
    )
    assert listed(page) == ["1.pdf", "2.pdf", "3.pdf"]
    assert (
        page.soup.select_one("#files-error")
        .get_text(" ", strip=True)
        .endswith(
            "„4.pdf“ er ikke sendt, fordi der højst kan være 3 bilag. Fjern et bilag, du ikke har "
            "brug for, eller saml flere sider i én PDF."
        )
    )
    # With the list full, the page says so instead of offering to send more.
    assert page.soup.select_one("input[type=file]") is None
    assert "Der er 3 bilag, og flere kan der ikke være." in page.text()


def test_the_same_file_twice_is_kept_once(client, base, db):
    send(client, base + "bilag", [("udtalelse.pdf", files.pdf())])
    page = send(client, base + "bilag", [("kopi.pdf", files.pdf())])
    assert listed(page) == ["udtalelse.pdf"]
    assert "„kopi.pdf“ er ikke gemt igen: den er allerede sendt som „udtalelse.pdf“." in page.text()


def test_files_sent_without_saying_what_they_are_are_kept_as_other(client, base, db):
    page = send(client, base + "bilag", [("noget.pdf", files.pdf())], kind="")
    assert listed(page) == ["noget.pdf"]
    assert "Du valgte ikke, hvad filerne er, så de er gemt som „Andet“." in page.text()
    row = _rows(db, _draft(db, base))[0]
    assert row.kind == "other"

    # "Ret" changes what it is.
    details = base + f"bilag/{row.public_id}"
    token = get(client, details).form_values()["csrf_token"]
    refused = Page(client.post(details, data={"csrf_token": token, "kind": "", "note": ""}))
    assert refused.status == 200
    assert refused.error_summary() == {"kind": "Vælg hvad filen er"}
    response = client.post(
        details, data={"csrf_token": token, "kind": "payslips", "note": "Marts til maj"}
    )
    assert_redirects(response, base + "bilag#bilag-liste")
    page = get(client, base + "bilag")
    assert "Lønsedler – Marts til maj" in page.text()


def test_a_name_is_shown_without_folders_or_direction_tricks(client, base, db):
    page = send(client, base + "bilag", [("../../x\u202egpj.pdf", files.pdf())])
    assert listed(page) == ["xgpj.pdf"]


def test_a_parent_removes_a_file_from_the_draft_and_its_bytes_go(client, base, db):
    page = send(
        client, base + "bilag", [("forkert.pdf", files.pdf()), ("rigtig.docx", files.docx())]
    )
    assert page.status == 200
    rows = _rows(db, _draft(db, base))
    key = rows[0].storage_key
    token = page.form_values("form[enctype='multipart/form-data']")["csrf_token"]
    response = client.post(
        base + "bilag", data={"csrf_token": token, "_action": f"remove:{rows[0].public_id}"}
    )
    page = get(client, assert_redirects(response, base + "bilag#bilag-liste"))
    assert "„forkert.pdf“ er fjernet." in page.text()
    assert listed(page) == ["rigtig.docx"]
    assert not storage().exists(key)


def test_an_upload_that_breaks_off_half_way_leaves_nothing_and_can_be_tried_again(client, base, db):
    journey.save_step(client, base, "barnet", journey.valid_answers()["barnet"])
    token = get(client, base + "bilag").form_values()["csrf_token"]
    boundary = "graense1234"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="first.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    first = files.pdf()
    second = (
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode() + files.mp4(200_000)
    arrived = head + first + second[: len(second) // 2]
    whole_length = len(head) + len(first) + len(second) + 100
    response = post_raw(
        client, base + "bilag", io.BytesIO(arrived), length=whole_length, boundary=boundary
    )
    assert response.status_code == 400

    # No half file, not even the whole first one: an upload arrives whole or not at all.
    assert _rows(db, _draft(db, base)) == []
    assert list(storage().staging_dir.iterdir()) == []
    page = get(client, base + "bilag")
    assert listed(page) == []
    assert get(client, base + "barnet").value("child_name") == "Anders Hansen"

    page = send(client, base + "bilag", [("first.pdf", first)])
    assert listed(page) == ["first.pdf"]


def test_the_step_is_done_when_saved_and_files_are_not_required(client, base, db):
    journey.fill_application(client, base)
    check = get(client, base + "tjek")
    section = check.soup.select_one("#section-bilag").get_text(" ", strip=True)
    assert "Der er ikke sendt nogen filer." in section
    assert "Kommunen beder også om: Oversigt over metoder og metodeudbydere" in section
    assert "Der mangler svar" not in check.text()
    journey.submit(client, base)


def test_the_files_go_with_the_application_and_more_can_be_added_to_the_case(client, base, db):
    journey.fill_application(client, base)
    statement = files.pdf(2)
    send(client, base + "bilag", [("Udtalelse.pdf", statement)], kind="medical_statement")
    check = get(client, base + "tjek")
    assert "Udtalelse.pdf – Udtalelse fra læge eller sygehus" in check.text()
    journey.submit(client, base)

    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()
    row = _rows(db, _draft(db, base))[0]
    assert row.case_id == case.id
    assert case.application["bilag"]["attachments"] == [
        {
            "id": row.public_id,
            "kind": "medical_statement",
            "name": "Udtalelse.pdf",
            "size": len(statement),
            "sha256": hashlib.sha256(statement).hexdigest(),
            "content_type": "application/pdf",
            "note": None,
        }
    ]
    # The draft's page now leads to the receipt; nothing can be removed from the draft.
    assert_redirects(client.get(base + "bilag"), base + "kvittering")
    token = get(client, "/ansoegning/").form_values()["csrf_token"]
    client.post(base + "bilag", data={"csrf_token": token, "_action": f"remove:{row.public_id}"})
    assert db.session.get(Attachment, row.id).removed_at is None

    receipt = get(client, base + "kvittering")
    case_page = receipt.soup.find("a", string="Send flere bilag til sagen")["href"]
    page = send(client, case_page, [("Ny udtalelse.pdf", files.pdf(3))], kind="school_statement")
    assert page.h1 == f"Bilag til sag {case.number}"
    assert listed(page) == ["Udtalelse.pdf", "Ny udtalelse.pdf"]
    assert page.soup.select("button[value^='remove']") == []
    db.session.refresh(case)
    assert [e.kind for e in case.events][-1] == "attachments_added"
    assert case.events[-1].note == "Ny udtalelse.pdf"

    # The first statement sent again as the school's: not kept twice, but now the school's.
    page = send(client, case_page, [("Skolen.pdf", statement)], kind="school_statement")
    assert listed(page) == ["Udtalelse.pdf", "Ny udtalelse.pdf"]
    notices = page.soup.select_one(".alert-info").get_text(" ", strip=True)
    assert "„Skolen.pdf“ er ikke gemt igen: den er allerede sendt som „Udtalelse.pdf“." in notices
    assert (
        "„Udtalelse.pdf“ står nu som „Udtalelse fra skole eller dagtilbud“ i stedet for "
        "„Udtalelse fra læge eller sygehus“."
    ) in notices
    db.session.refresh(case)
    assert db.session.get(Attachment, row.id).kind == "school_statement"
    assert (case.events[-1].kind, case.events[-1].note) == (
        "attachment_kind_changed",
        "Udtalelse.pdf: Udtalelse fra læge eller sygehus → Udtalelse fra skole eller dagtilbud",
    )


def test_deleting_a_draft_deletes_its_files(client, base, db):
    send(client, base + "bilag", [("a.pdf", files.pdf())])
    key = _rows(db, _draft(db, base))[0].storage_key
    token = get(client, base + "slet").form_values()["csrf_token"]
    assert_redirects(client.post(base + "slet", data={"csrf_token": token}), "/")
    assert not storage().exists(key)
    assert db.session.execute(select(Attachment)).scalars().all() == []


def test_an_expired_page_sends_nothing_and_says_so(client, base, db):
    response = client.post(
        base + "bilag",
        data={"csrf_token": "forældet", "files": [(io.BytesIO(files.pdf()), "a.pdf")]},
        content_type="multipart/form-data",
    )
    page = get(client, assert_redirects(response, base + "bilag#files"))
    assert page.error_summary()["files"].startswith("Filerne er ikke sendt, fordi siden var åben")
    assert listed(page) == []
    assert list(storage().staging_dir.iterdir()) == []


def test_with_javascript_the_answer_is_where_to_go(client, base, db):
    token = get(client, base + "bilag").form_values()["csrf_token"]
    response = client.post(
        base + "bilag",
        data={"csrf_token": token, "files": [(io.BytesIO(files.pdf()), "a.pdf")]},
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json == {"location": base + "bilag#bilag-liste"}


def test_files_sent_for_the_caseworkers_question_are_known_as_its_answer(
    client, base, db, make_client
):
    journey.fill_application(client, base)
    journey.submit(client, base)
    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()
    question = InformationRequest(
        case_id=case.id, question="Send lønsedler for marts til maj.", asked_by_name="Sagsbehandler"
    )
    db.session.add(question)
    db.session.commit()

    url = f"/ansoegning/sager/{case.public_id}/bilag?spoergsmaal={question.id}"
    assert "Send lønsedler for marts til maj." in get(client, url).text()
    send(client, url, [("Lønsedler.pdf", files.pdf())], kind="payslips")
    # A question that is not this case's is no question at all.
    send(
        client,
        f"/ansoegning/sager/{case.public_id}/bilag?spoergsmaal=999999",
        [("x.pdf", files.pdf(2))],
    )
    rows = db.session.execute(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    ).scalars()
    assert [(r.original_name, r.info_request_id) for r in rows] == [
        ("Lønsedler.pdf", question.id),
        ("x.pdf", None),
    ]

    # The parent sees the file under the question before answering, and with the answer after.
    listed_files = get(client, f"/sager/{case.public_id}").soup.select(
        f"#spoergsmaal-{question.id} .answer-files a"
    )
    assert [a.get_text() for a in listed_files] == ["Lønsedler.pdf"]
    form = get(client, f"/sager/{case.public_id}").soup.select_one(
        f"#spoergsmaal-{question.id} form"
    )
    values = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    answer = {**values, f"svar-{question.id}-answer": "Lønsedlerne er sendt."}
    assert_redirects(client.post(form["action"], data=answer), f"/sager/{case.public_id}")
    answered = get(client, f"/sager/{case.public_id}").soup.select_one(".answered")
    assert [a.get_text() for a in answered.select(".answer-files a")] == ["Lønsedler.pdf"]

    # The caseworker reads the files with the answer and can open them.
    worker, _ = tracking.caseworker(make_client, case.municipality)
    staff_page = get(worker, f"/sagsbehandling/sager/{case.public_id}")
    link = staff_page.soup.select_one(".question-and-answer .answer-files a")
    assert link.get_text() == "Lønsedler.pdf"
    assert download(worker, link["href"]).status_code == 200
