"""The family's receipt to keep: after sending, a PDF of exactly what they sent, as "Tjek dine
svar" read it back, with the advice they saw then, the files with their SHA-256, the case
number, the time received and the date a decision can be expected. Read back as text, as a
person's PDF reader (or screen reader) would."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from portal.models import AccessLog, Case
from portal.rules import formatting
from portal.rules.case_types import WIZARD_CASE_TYPES
from portal.services import training
from portal.timeutil import now_utc, today_local
from portal.wizard.steps import steps_for
from tests.support import files, journey, tracking
from tests.support.pages import assert_redirects, get
from tests.support.uploads import send

# A goal the rules give advice on (tests/apply/test_rules_in_wizard.py): sent all the same.
VAGUE = {
    "goals-0-indicator": "Han skal blive bedre og mere selvstændig",
    "goals-0-title": "Bedre påklædning",
}


def words(text: str) -> str:
    """Text with every run of white space as one space: a PDF breaks lines where it likes."""
    return " ".join(text.split())


def read_pdf(response) -> tuple[PdfReader, str]:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(response.data))
    return reader, words(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def sent(client, esbjerg, db):
    """Mette has sent an application with advice on a goal and a doctor's statement; the
    receipt page she lands on, the advice she saw, the statement and the case."""
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    goal = journey.valid_answers()["maal"] | VAGUE
    assert journey.save_step(client, base, "maal", goal).status == 200  # the advice, once
    journey.save_step(client, base, "maal", goal)  # and on without changing it
    statement = files.pdf(2)
    send(client, base + "bilag", [("Udtalelse fra lægen.pdf", statement)])
    check = get(client, base + "tjek")
    advice = [
        words(a.get_text(" ", strip=True))
        for a in check.soup.select("#section-maal .section-advice a")
    ]
    assert advice, "the vague goal gets advice on the check page"
    receipt = get(client, assert_redirects(journey.submit(client, base), base + "kvittering"))
    case = db.session.execute(select(Case)).scalar_one()
    return receipt, advice, statement, case


def test_the_receipt_keeps_what_the_family_sent_with_the_advice_files_and_dates(client, sent):
    receipt, advice, statement, case = sent
    link = receipt.soup.select_one(".receipt-pdf a")
    assert words(link.get_text()) == "Hent en kopi af det, I har sendt (PDF)"

    response = client.get(link["href"])
    reader, text = read_pdf(response)

    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=kvittering-{case.number}.pdf"
    )
    assert case.number in text
    assert "Anders Hansen" in text
    assert "Bedre påklædning" in text  # an answer, as typed
    assert "Forældre og andre voksne i hjemmet" in text  # a question, as on the check page
    for found in advice:
        assert found in text
    assert "Udtalelse fra lægen.pdf" in text
    assert hashlib.sha256(statement).hexdigest() in text
    received = formatting.long_date(case.received_at)
    assert re.search(r"kl\. \d\d:\d\d$", received)
    assert f"Modtaget {received}" in text
    assert f"Forventet afgørelse {formatting.long_date(case.due_date)}" in text
    # Every page says whose it is and where in the receipt it stands.
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        assert f"Sag {case.number}" in words(page.extract_text())
        assert f"Side {number} af {pages}" in words(page.extract_text())


def test_the_receipt_is_a_tagged_pdf_with_a_title_and_its_language(client, sent):
    receipt, _advice, _statement, case = sent
    reader, _text = read_pdf(client.get(receipt.soup.select_one(".receipt-pdf a")["href"]))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == f"Kvittering for sag {case.number}"
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    # It says it follows PDF/UA-1, the standard for accessible PDF (ISO 14289-1).
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in metadata


def test_the_receipt_is_in_the_language_of_the_familys_page(client, esbjerg):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    sent = journey.submit(client, base)
    receipt = get(client, assert_redirects(sent, base + "kvittering"))
    number = receipt.soup.select_one(".case-number").get_text(strip=True)
    client.post("/sprog", data={"lang": "en", "next": "/"})
    link = receipt.soup.select_one(".receipt-pdf a")["href"]
    reader, text = read_pdf(client.get(link))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == f"Receipt for case {number}"
    assert f"Case number {number}" in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_the_case_page_and_the_receipt_email_lead_to_the_receipt(
    mailbox, client, sent, make_client
):
    _receipt, _advice, _statement, case = sent
    address = f"/ansoegning/sager/{case.public_id}/kvittering.pdf"
    case_page = get(client, f"/sager/{case.public_id}")
    assert case_page.soup.select_one(".receipt-pdf a")["href"] == address

    (message,) = mailbox.to("mette@example.dk")
    body = mailbox.body(message)
    assert "Hent en kopi af det, I har sendt (PDF), når I er logget ind:" in body
    link = next(line for line in body.splitlines() if line.endswith(address))
    # The link from the e-mail asks who it is first, then gives the PDF.
    stranger = make_client()
    login = stranger.get(link)
    assert link.startswith("http") and link.endswith(address)
    assert_redirects(login, f"/log-ind?next={address}?")


def test_only_the_family_of_the_case_gets_its_receipt(client, sent, make_client):
    _receipt, _advice, _statement, case = sent
    address = f"/ansoegning/sager/{case.public_id}/kvittering.pdf"
    other = make_client()
    journey.login_parent(other, "Jonas Jensen")
    assert other.get(address).status_code == 404
    assert_redirects(make_client().get(address), f"/log-ind?next={address}?")


def test_a_caseworker_of_the_municipality_downloads_the_receipt_and_it_is_logged(
    client, sent, make_client, db, other_municipality
):
    _receipt, _advice, statement, case = sent
    browser, worker = tracking.caseworker(make_client, case.municipality)
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    link = page.soup.find("a", string="Hent familiens kvittering (PDF)")["href"]
    response = browser.get(link)
    _reader, text = read_pdf(response)
    assert hashlib.sha256(statement).hexdigest() in text
    logged = db.session.execute(select(AccessLog).where(AccessLog.case_id == case.id)).scalars()
    assert "downloaded_receipt" in [entry.action for entry in logged]

    stranger, _ = tracking.caseworker(make_client, other_municipality)
    assert stranger.get(link).status_code == 404


def test_a_request_about_an_approved_training_has_its_receipt_too(make_client, db, approved_family):
    mette = approved_family()
    browser = tracking.family(make_client, mette.parent, mette.cpr)
    page = get(browser, "/ansoegning/")
    data = {
        **page.form_values(),
        "case_type": "supplement_method",
        "municipality": "561",
        "related_case": mette.training.public_id,
    }
    base = journey.new_draft(browser.post("/ansoegning/", data=data), "metoder")
    answers = tracking.request_answers("supplement_method")
    answers["metoder"]["methods-0-name"] = "Balancetræning"
    journey.fill_application(browser, base, answers, case_type="supplement_method")
    receipt = get(browser, assert_redirects(journey.submit(browser, base), base + "kvittering"))

    _reader, text = read_pdf(browser.get(receipt.soup.select_one(".receipt-pdf a")["href"]))
    case = db.session.execute(
        select(Case).where(Case.case_type == "supplement_method")
    ).scalar_one()
    assert case.number in text
    assert "Balancetræning" in text
    assert words(answers["supplere"]["reason"]) in text


def test_a_case_the_family_did_not_send_with_the_wizard_has_no_receipt(
    make_client, db, approved_family
):
    mette = approved_family()
    change = training.end_by_family(
        mette.training,
        mette.parent,
        last_day=today_local() + timedelta(days=30),
        reason="Anders begynder i specialskole.",
        needs_instead=None,
        now=now_utc(),
    )
    db.session.commit()
    browser = tracking.family(make_client, mette.parent, mette.cpr)
    assert get(browser, f"/sager/{change.case.public_id}").soup.select(".receipt-pdf") == []
    assert (
        browser.get(f"/ansoegning/sager/{change.case.public_id}/kvittering.pdf").status_code == 404
    )
    # The application itself, sent with the wizard, has its receipt.
    response = browser.get(f"/ansoegning/sager/{mette.training.public_id}/kvittering.pdf")
    assert response.status_code == 200


@pytest.mark.parametrize("case_type", [t for t in WIZARD_CASE_TYPES if t != "new_application"])
def test_every_request_sent_with_a_wizard_has_its_receipt(case_type, make_client, approved_family):
    mette = approved_family()
    case = tracking.submitted_case(
        mette.parent,
        mette.municipality,
        received=today_local() - timedelta(days=1),
        case_type=case_type,
        related=mette.training,
    )
    browser = tracking.family(make_client, mette.parent, mette.cpr)
    case_page = get(browser, f"/sager/{case.public_id}")
    _reader, text = read_pdf(browser.get(case_page.soup.select_one(".receipt-pdf a")["href"]))
    assert f"Sagsnummer {case.number}" in text
    # Every section the family checked before sending, by its title.
    for step in steps_for(case_type):
        assert words(str(step.title)) in text, step.slug
