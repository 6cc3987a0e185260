"""Files made to hurt whoever opens them: Office files that unpack to far more than they
weigh (ZIP bombs, built here with zipfile from zeros), and a PDF that is also a web page.
Each is refused by name at the field, or (the polyglot) only ever handed out as a download;
the good files of the same upload are kept."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from portal.models import Attachment
from portal.storage import storage
from portal.uploads import archives
from tests.support import files, journey
from tests.support.uploads import download, listed, send

MB = 1024 * 1024
RETRY = "Gem dokumentet som PDF, og send det igen."


@pytest.fixture
def base(client, esbjerg):
    journey.login_parent(client, "Mette Hansen")
    return journey.start_application(client)


def _refused(client, base: str, name: str, content: bytes) -> str:
    """Send a good PDF and `content` as `name` together; the message at the file field."""
    page = send(client, base + "bilag", [("god.pdf", files.pdf()), (name, content)])
    assert page.title.startswith("Fejl:")
    summary = page.error_summary()
    assert list(summary) == ["files"]
    assert summary["files"] in page.soup.select_one("#files-error").get_text(" ", strip=True)
    # The good file of the same upload is kept, and nothing is left in staging.
    assert listed(page) == ["god.pdf"]
    assert list(storage().staging_dir.iterdir()) == []
    return summary["files"]


@pytest.mark.slow
def test_a_word_file_of_one_megabyte_that_unpacks_to_a_gigabyte_is_refused(client, base, db):
    bomb = files.docx_bomb(1024 * MB)
    assert len(bomb) < 1.1 * MB

    message = _refused(client, base, "plan.docx", bomb)

    assert message == (
        "„plan.docx“ pakker sig ud til mere end 100 MB, og så store dokumenter kan vi ikke "
        "tage imod. Gem dokumentet som PDF, eller del det op i flere filer, og send det igen."
    )
    stored = db.session.scalars(select(Attachment.original_name)).all()
    assert stored == ["god.pdf"]


def test_a_part_packed_far_tighter_than_a_document_is_refused_under_the_size_limit(
    client, base, db
):
    # 20 MB of zeros: under the 100 MB limit, but packed about 1000 to 1.
    message = _refused(client, base, "skema.docx", files.docx_bomb(20 * MB))

    assert message == (
        "„skema.docx“ pakker sig ud til mere end 100 gange sin egen størrelse. Det gør et "
        "almindeligt dokument ikke, så vi kan ikke tage imod filen. " + RETRY
    )


def test_a_bomb_whose_directory_says_it_is_small_is_found_when_unpacked(client, base, db):
    bomb = files.docx_with_lying_directory(200 * MB, declared=1000)

    message = _refused(client, base, "plan.docx", bomb)

    assert message.startswith("„plan.docx“ er ikke et helt dokument.")


def test_a_word_file_of_thousands_of_parts_is_refused(client, base, db):
    message = _refused(client, base, "mange.docx", files.docx_of_many_parts(5001))

    assert message == (
        "„mange.docx“ består af mere end 5.000 dele. Det gør et almindeligt dokument ikke, så "
        "vi kan ikke tage imod filen. " + RETRY
    )


def test_a_word_file_with_a_chart_workbook_inside_is_accepted(client, base, db):
    # Every chart in Word keeps its data as a workbook (a ZIP) inside the document.
    page = send(
        client, base + "bilag", [("diagram.docx", files.docx_bomb(0, embedded=files.xlsx()))]
    )

    assert page.error_summary() == {}
    assert listed(page) == ["diagram.docx"]


def test_a_bomb_inside_an_embedded_workbook_is_refused(client, base, db):
    inner = files.xlsx_with(zeros=200 * MB)

    message = _refused(client, base, "diagram.docx", files.docx_bomb(0, embedded=inner))

    assert message.startswith("„diagram.docx“ pakker sig ud til mere end 100 MB")


def test_archives_inside_an_embedded_workbook_are_refused(client, base, db):
    inner = files.xlsx_with([("xl/media/billeder.zip", files.zip_archive())])

    message = _refused(client, base, "diagram.docx", files.docx_bomb(0, embedded=inner))

    assert message == (
        "„diagram.docx“ indeholder pakkede filer inde i andre pakkede filer. Det gør et "
        "almindeligt dokument ikke, så vi kan ikke tage imod filen. " + RETRY
    )


def test_the_limit_on_unpacked_size_is_the_municipalitys_setting(
    client, base, db, app, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_UNPACKED_SIZE", 1 * MB)
    # 2 MB of text packs only a few times tighter, like a real document: only the size counts.
    text = bytes(range(256)) * (8 * 1024)
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", text)

    message = _refused(client, base, "lang.docx", content.getvalue())

    assert message.startswith("„lang.docx“ pakker sig ud til mere end 1 MB")


@pytest.mark.parametrize("make", [files.docx, files.xlsx, files.odt], ids=["docx", "xlsx", "odt"])
def test_ordinary_office_files_pass_the_check(make):
    archives.check(io.BytesIO(make()), unpacked_limit=100 * MB)


def test_a_pdf_that_is_also_a_web_page_is_kept_but_only_ever_handed_out_as_a_download(
    client, base, db
):
    """Decision: a PDF's body is not searched for HTML (real PDFs carry any bytes in their
    streams); the file is harmless because no browser is ever let to show it as a page."""
    polyglot = files.pdf_html_polyglot()
    assert files.HTML_PAYLOAD.encode() in polyglot

    page = send(client, base + "bilag", [("brev.pdf", polyglot)])
    assert listed(page) == ["brev.pdf"]

    link = page.soup.select_one("#bilag-liste .attachment-name a")["href"]
    response = download(client, link)
    assert response.status_code == 200
    assert response.data == polyglot
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = [p.strip() for p in response.headers["Content-Security-Policy"].split(";")]
    assert "default-src 'none'" in policy
    assert "sandbox" in policy


def test_a_web_page_with_a_pdf_after_it_is_refused(client, base, db):
    message = _refused(client, base, "brev.pdf", files.html_then_pdf())

    assert message.startswith("„brev.pdf“ hedder .pdf, men indholdet er ikke PDF.")
