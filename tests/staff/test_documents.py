"""The caseworker downloads the case as a Word dossier and as one ZIP with every attachment
under a readable name and a manifest of SHA-256 sums (issue 6, points 2, 3, 6 and 7). Every
download is in the access log; another municipality gets 404; a damaged attachment fails the
ZIP with a Danish message before its first byte, or, found while the ZIP streams, is named in
a note inside it (issue 18, point 5)."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.dossier.case_zip import ZipEntry, safe_name, stream_case_zip
from portal.models import AccessLog, Attachment, Case
from portal.storage import storage
from portal.timeutil import today_local
from tests.support import decisions, files, tracking
from tests.support.documents import cell_texts, headings, open_docx, table_starting, xml_parts
from tests.support.pages import Page, assert_redirects, get
from tests.support.uploads import download, send

STATEMENT = files.pdf(2)
SCHOOL = files.pdf(3)
VIDEO = files.mp4(64 * 1024)


@pytest.fixture
def case(family, esbjerg, make_client) -> Case:
    """A case with three files: two with the same name, one with characters Windows refuses."""
    person, cpr = family
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=8))
    browser = tracking.family(make_client, person, cpr)
    page = f"/ansoegning/sager/{case.public_id}/bilag"
    send(browser, page, [("Lægeerklæring.pdf", STATEMENT)], kind="medical_statement")
    send(browser, page, [("Lægeerklæring.pdf", SCHOOL)], kind="school_statement")
    send(browser, page, [("Anders: træner selv? 1|2.mp4", VIDEO)], kind="video_picture")
    return case


def logged(db, case: Case) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(AccessLog.action, AccessLog.detail)
        .where(AccessLog.case_id == case.id)
        .order_by(AccessLog.id)
    )
    return [(action, detail or "") for action, detail in rows]


def leftovers() -> list[Path]:
    return [p for p in storage().staging_dir.iterdir() if p.name.endswith(".part")]


def test_the_dossier_downloads_as_word_and_is_logged(case, worker, db):
    browser, _staff = worker
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    link = page.soup.select_one(".case-documents a[href$='/sag.docx']")
    assert link.get_text() == "Hent sagsakten (Word)"
    response = browser.get(link["href"])
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert f'filename="Sag {case.number}.docx"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    xml_parts(response.data)
    document = open_docx(response.data)
    assert headings(document, 0) == [f"Sag {case.number}"]
    rows = cell_texts(table_starting(document, "Nr.", "Type", "Fil"))
    assert [row[:3] for row in rows[1:]] == [
        ["1", "Udtalelse fra læge eller sygehus", "Lægeerklæring.pdf"],
        ["2", "Udtalelse fra skole eller dagtilbud", "Lægeerklæring.pdf"],
        ["3", "Video eller billede", "Anders: træner selv? 1|2.mp4"],
    ]
    sha = hashlib.sha256(response.data).hexdigest()
    assert ("downloaded_dossier", f"SHA-256 {sha}") in logged(db, case)


def test_the_zip_holds_the_dossier_and_every_file_under_readable_names_with_a_manifest(
    case, worker, db, tmp_path
):
    browser, staff = worker
    response = download(browser, f"/sagsbehandling/sager/{case.public_id}/sag.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert f'filename="Sag {case.number}.zip"' in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    root = case.number
    names = archive.namelist()
    assert names == [
        f"{root}/Sag {case.number}.docx",
        f"{root}/Bilag/01 Udtalelse fra læge eller sygehus - Lægeerklæring.pdf",
        f"{root}/Bilag/02 Udtalelse fra skole eller dagtilbud - Lægeerklæring.pdf",
        f"{root}/Bilag/03 Video eller billede - Anders_ træner selv_ 1_2.mp4",
        f"{root}/SHA256SUMS",
        f"{root}/Indhold.txt",
    ]
    assert archive.read(names[1]) == STATEMENT
    assert archive.read(names[2]) == SCHOOL
    assert archive.read(names[3]) == VIDEO
    assert headings(open_docx(archive.read(names[0])), 0) == [f"Sag {case.number}"]

    # The manifest matches the files, in sha256sum's own format ("<hash>  <path>").
    sums = archive.read(f"{root}/SHA256SUMS").decode("utf-8")
    listed = dict(reversed(line.split("  ", 1)) for line in sums.splitlines())
    assert sorted(listed) == sorted(name.removeprefix(f"{root}/") for name in names[:4])
    for path, digest in listed.items():
        assert hashlib.sha256(archive.read(f"{root}/{path}")).hexdigest() == digest, path
    # The same as a table a person reads, with the sizes and where each file came from.
    table = archive.read(f"{root}/Indhold.txt").decode("utf-8")
    assert table.startswith(f"Sag {case.number}, Esbjerg Kommune\nPakket ")
    assert f"af {staff.name}" in table
    for path, digest in listed.items():
        size = archive.getinfo(f"{root}/{path}").file_size
        assert re.search(rf"{f'{size:,}'.replace(',', '.')}  {digest}  {re.escape(path)}", table)
    assert "Udtalelse fra læge eller sygehus: „Lægeerklæring.pdf“, modtaget" in table
    # And GNU sha256sum agrees, where it is installed.
    if shutil.which("sha256sum"):
        archive.extractall(tmp_path)
        checked = subprocess.run(
            ["sha256sum", "--strict", "-c", "SHA256SUMS"],
            cwd=tmp_path / root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.count(": OK") == 4

    # The count, worded in the language of whoever reads the access log.
    assert ("downloaded_zip", "files:3") in logged(db, case)
    assert leftovers() == []


def test_a_decided_cases_zip_holds_the_decision_letter_as_the_family_got_it(case, worker, db):
    browser, _staff = worker
    assert_redirects(
        decisions.post(browser, case, decisions.approval()),
        f"/sagsbehandling/sager/{case.public_id}",
    )
    db.session.refresh(case)
    response = download(browser, f"/sagsbehandling/sager/{case.public_id}/sag.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    letter = f"Afgørelse i sag {case.number}.docx"
    assert archive.namelist()[:2] == [
        f"{case.number}/Sag {case.number}.docx",
        f"{case.number}/{letter}",
    ]
    assert archive.read(f"{case.number}/{letter}") == case.decision.letter
    sums = archive.read(f"{case.number}/SHA256SUMS").decode("utf-8")
    assert f"{case.decision.letter_sha256}  {letter}" in sums.splitlines()


def attachment_rows(db, case: Case) -> list[Attachment]:
    return db.session.scalars(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    ).all()


def test_a_missing_or_resized_attachment_fails_the_zip_before_it_starts(case, worker, db):
    browser, _staff = worker
    stored = attachment_rows(db, case)
    store = storage()
    # One file cut short on disk, one gone altogether: seen without reading a byte.
    shortened = store.local_path(stored[0].storage_key)
    shortened.write_bytes(shortened.read_bytes()[:-10])
    store.local_path(stored[2].storage_key).unlink()

    page = Page(browser.get(f"/sagsbehandling/sager/{case.public_id}/sag.zip"))
    assert page.status == 500
    assert page.response.mimetype == "text/html"
    assert page.h1 == "Sagen kan ikke hentes som ZIP"
    damaged = [" ".join(li.get_text(" ").split()) for li in page.soup.select(".zip-damaged li")]
    assert damaged == [
        "Bilag/01 Udtalelse fra læge eller sygehus - Lægeerklæring.pdf : filens indhold er "
        "ændret, siden den blev modtaget (SHA-256 passer ikke).",
        "Bilag/03 Video eller billede - Anders_ træner selv_ 1_2.mp4 : filen findes ikke i "
        "arkivet.",
    ]
    assert "Kontakt jeres IT-afdeling" in page.text()
    # Nothing was handed out, nothing logged as downloaded.
    assert leftovers() == []
    assert [action for action, _detail in logged(db, case)] == []
    # The dossier itself can still be fetched.
    assert browser.get(f"/sagsbehandling/sager/{case.public_id}/sag.docx").status_code == 200


def damage_note(archive: zipfile.ZipFile, root: str) -> str:
    return archive.read(f"{root}/LÆS FØRST - beskadigede bilag.txt").decode("utf-8")


def test_bytes_altered_in_storage_are_named_in_a_note_the_manifest_does_not_vouch_for_them(
    case, worker, db, tmp_path
):
    browser, _staff = worker
    stored = attachment_rows(db, case)
    # Same size, other bytes: found only while the file streams, after the download began.
    altered = storage().local_path(stored[0].storage_key)
    altered.write_bytes(b"X" * altered.stat().st_size)

    response = download(browser, f"/sagsbehandling/sager/{case.public_id}/sag.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    root = case.number
    path = "Bilag/01 Udtalelse fra læge eller sygehus - Lægeerklæring.pdf"
    note = damage_note(archive, root)
    assert "Send ikke ZIP-filen videre" in note
    assert f"BESKADIGET: {path} er ikke den fil, familien sendte" in note
    assert "Bilag/02" not in note and "Bilag/03" not in note
    # The manifest lists what the family sent; the table marks the damaged file.
    sums = archive.read(f"{root}/SHA256SUMS").decode("utf-8")
    assert f"{stored[0].sha256}  {path}" in sums.splitlines()
    table = archive.read(f"{root}/Indhold.txt").decode("utf-8")
    assert f"BESKADIGET: {path}" in table
    if shutil.which("sha256sum"):
        archive.extractall(tmp_path)
        checked = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"],
            cwd=tmp_path / root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode != 0
        assert f"{path}: FAILED" in checked.stdout
        assert checked.stdout.count(": OK") == 3
    assert ("downloaded_zip", "files:3") in logged(db, case)


def test_the_zip_starts_before_the_last_attachment_is_read(case, worker, db):
    browser, _staff = worker
    stored = attachment_rows(db, case)
    response = browser.get(f"/sagsbehandling/sager/{case.public_id}/sag.zip", buffered=False)
    assert response.status_code == 200
    chunks = response.iter_encoded()
    first = next(chunks)
    assert first.startswith(b"PK\x03\x04")
    # The download has begun; the last file is taken away before the stream reaches it.
    storage().local_path(stored[2].storage_key).unlink()
    data = first + b"".join(chunks)
    response.close()

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    root = case.number
    video = "Bilag/03 Video eller billede - Anders_ træner selv_ 1_2.mp4"
    assert archive.read(f"{root}/{video}") == b""
    assert archive.read(
        f"{root}/Bilag/01 Udtalelse fra læge eller sygehus - Lægeerklæring.pdf"
    ) == (STATEMENT)
    assert f"BESKADIGET: {video} fandtes ikke i arkivet" in damage_note(archive, root)
    # The download was logged before its first byte.
    assert ("downloaded_zip", "files:3") in logged(db, case)


def test_a_removed_attachment_is_not_in_the_zip(case, worker, db):
    browser, _staff = worker
    removed = db.session.scalars(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    ).first()
    url = f"/sagsbehandling/sager/{case.public_id}/bilag/{removed.public_id}/fjern"
    token = get(browser, url).form_values()["csrf_token"]
    browser.post(url, data={"csrf_token": token, "reason": "Sendt til den forkerte sag."})
    response = download(browser, f"/sagsbehandling/sager/{case.public_id}/sag.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert [n.split("/", 1)[1] for n in archive.namelist() if "/Bilag/" in n] == [
        "Bilag/01 Udtalelse fra skole eller dagtilbud - Lægeerklæring.pdf",
        "Bilag/02 Video eller billede - Anders_ træner selv_ 1_2.mp4",
    ]


def test_another_municipality_gets_404_for_the_case_its_dossier_and_its_zip(
    case, make_client, other_municipality, family, db
):
    aarhus, _staff = tracking.caseworker(make_client, other_municipality)
    for url in ("", "/sag.docx", "/sag.zip", "/afgoerelse", "/afgoerelse.docx"):
        response = download(aarhus, f"/sagsbehandling/sager/{case.public_id}{url}")
        assert response.status_code == 404, url
        assert "Anders" not in response.get_data(as_text=True)
        assert response.data[:2] != b"PK"
    assert logged(db, case) == []
    assert leftovers() == []
    # A parent, even the case's own, is sent to the staff login.
    person, cpr = family
    parent = tracking.family(make_client, person, cpr)
    for url in ("/sag.docx", "/sag.zip"):
        document = f"/sagsbehandling/sager/{case.public_id}{url}"
        assert_redirects(parent.get(document), f"/medarbejder/log-ind?next={document}?")


def test_safe_names_work_on_every_system_and_keep_their_extension():
    assert safe_name("Anders: træner selv? 1|2.mp4") == "Anders_ træner selv_ 1_2.mp4"
    assert safe_name('Anders "selv".pdf') == "Anders _selv_.pdf"
    assert safe_name("a/b\\c|d*e<f>.pdf") == "a_b_c_d_e_f_.pdf"
    # A right-to-left override would make "fdp.exe" read as "exe.pdf".
    assert safe_name("regning\u202efdp.exe") == "regningfdp.exe"
    assert safe_name("linje\nskift\t.pdf") == "linje skift .pdf"
    assert safe_name(" .. ") == "fil"
    long = safe_name("æ" * 300 + ".docx")
    assert len(long) == 120 and long.endswith(".docx")
    assert safe_name("Ærø 😀.jpg") == "Ærø 😀.jpg"


class Breaks(io.BytesIO):
    """A stored file whose reading breaks off half-way (a disk error, a dropped connection)."""

    def read(self, size=-1):
        if self.tell() > 0:
            raise OSError("Input/output error")
        return super().read(10)


def test_a_file_that_breaks_off_while_streaming_is_named_in_the_note(app):
    entry = ZipEntry(
        number=1,
        kind="Andet",
        name="video.mp4",
        storage_key="k",
        size=100,
        sha256=hashlib.sha256(b"x" * 100).hexdigest(),
        content_type="video/mp4",
        uploaded=datetime(2026, 11, 1, 12, tzinfo=UTC),
        uploaded_by="Mette Hansen",
    )
    with app.test_request_context():
        chunks = stream_case_zip(
            number="HT-2026-000001",
            municipality="Esbjerg Kommune",
            made_by="Sagsbehandler",
            made_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
            dossier=b"PK",
            entries=[entry],
            open_file=lambda key: Breaks(b"x" * 100),
        )
    # Consumed after the request, as a server sends a stream.
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.testzip() is None
    assert archive.read("HT-2026-000001/Bilag/01 Andet - video.mp4") == b"x" * 10
    note = damage_note(archive, "HT-2026-000001")
    assert "BESKADIGET: Bilag/01 Andet - video.mp4 kunne ikke læses helt" in note
