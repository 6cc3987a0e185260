"""The check that no user reads "seed" really runs (tests.support.no_seed): a page, an e-mail,
a Word document and a finding that say the word are each caught and named, so that the
autouse fixture `no_seed_shown` fails the test that made them."""

from __future__ import annotations

import zipfile
from io import BytesIO

from portal import mail
from portal.dossier.kit import WORD_TYPE
from portal.downloads import send_download
from portal.rules.findings import WARNING, make_finding
from tests.support import tracking
from tests.support.pages import get


def caught(found: list[str]) -> list[str]:
    """What the check noted, emptied so that this test itself passes."""
    shown, found[:] = list(found), []
    return shown


def test_a_page_that_says_seed_is_caught(make_client, esbjerg, no_seed_shown):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    # The list of cases shows the search words back in the search field.
    get(browser, "/sagsbehandling/?soeg=Seed+001")
    shown = caught(no_seed_shown)
    assert shown and all(s.startswith("GET /sagsbehandling/?soeg=Seed+001: ") for s in shown)
    get(browser, "/sagsbehandling/?soeg=Anders")
    assert no_seed_shown == []


def _word_document(text: str) -> bytes:
    data = BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return data.getvalue()


def test_a_word_document_that_says_seed_is_caught_and_still_sent_whole(app, no_seed_shown):
    document = _word_document("Kilde: seed 004")
    with app.test_request_context("/sagsbehandling/sager/x/sagsakt"):
        response = app.process_response(
            send_download(document, name="Sag.docx", mimetype=WORD_TYPE)
        )
    assert response.get_data() == document
    (shown,) = caught(no_seed_shown)
    assert "Kilde: seed 004" in shown


def test_an_e_mail_and_a_finding_that_say_seed_are_caught(app, no_seed_shown):
    with app.app_context():
        mail.compose("mette@example.dk", "Om jeres sag", "Se seed 001, side 4.")
    make_finding("x.y", WARNING, "f", "Skriv noget.", "seed 001, bilag 9")
    shown = caught(no_seed_shown)
    assert [line.split(":")[0] for line in shown] == ["e-mail to mette@example.dk", "finding x.y"]
