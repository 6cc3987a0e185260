"""Who may fetch a file: the parent who owns the case and that municipality's caseworkers.
Everyone else gets 404, as if the file did not exist; every staff download is in the case's
access log; the municipality removes a file with a reason, and the file stays in the archive."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.models import AccessLog, Attachment, Case
from portal.storage import storage
from tests.support import factories, files, journey
from tests.support.pages import Page, assert_redirects, get
from tests.support.uploads import download, listed, send

STATEMENT = files.pdf(2)


@dataclass
class Submitted:
    parent: FlaskClient
    base: str
    case: Case
    attachment: Attachment
    draft_attachment: Attachment


@pytest.fixture
def submitted(client, esbjerg, db) -> Submitted:
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    send(client, base + "bilag", [("Lægeudtalelse.pdf", STATEMENT)], kind="medical_statement")
    journey.submit(client, base)
    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()
    attachment = db.session.execute(
        select(Attachment).where(Attachment.case_id == case.id)
    ).scalar_one()
    # A second application, still a draft, with a file of its own.
    draft = journey.start_application(client)
    send(client, draft + "bilag", [("Kladde.pdf", files.pdf(3))])
    draft_attachment = db.session.execute(
        select(Attachment).where(Attachment.case_id.is_(None))
    ).scalar_one()
    return Submitted(client, draft, case, attachment, draft_attachment)


def _staff(make_client, municipality, role="caseworker"):
    worker = factories.staff(municipality, role=role)
    browser = make_client()
    journey.login_staff(browser, worker.email, factories.PASSWORD)
    return worker, browser


def _staff_url(s: Submitted, attachment: Attachment | None = None) -> str:
    a = attachment or s.attachment
    return f"/sagsbehandling/sager/{s.case.public_id}/bilag/{a.public_id}"


def _log(db, case) -> list[tuple[str, str]]:
    rows = db.session.execute(select(AccessLog).where(AccessLog.case_id == case.id)).scalars()
    return [(row.action, row.detail or "") for row in rows]


def test_another_parent_gets_404_for_every_file_and_page(submitted, make_client, db):
    s = submitted
    stranger = make_client()
    journey.login_parent(stranger, "Lars Jensen")
    for attachment in (s.attachment, s.draft_attachment):
        response = download(stranger, f"/ansoegning/bilag/{attachment.public_id}")
        assert response.status_code == 404
        assert response.data != STATEMENT
    for url in (
        s.base + "bilag",
        s.base + f"bilag/{s.draft_attachment.public_id}",
        f"/ansoegning/sager/{s.case.public_id}/bilag",
    ):
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert "Kladde.pdf" not in response.get_data(as_text=True)
    # Nor can they send a file into someone else's case or draft.
    own = journey.start_application(stranger)
    token = get(stranger, own + "bilag").form_values()["csrf_token"]
    for url in (f"/ansoegning/sager/{s.case.public_id}/bilag", s.base + "bilag"):
        response = stranger.post(
            url,
            data={"csrf_token": token, "files": [(io.BytesIO(files.pdf()), "x.pdf")]},
            content_type="multipart/form-data",
        )
        assert response.status_code == 404
    assert len(db.session.execute(select(Attachment)).scalars().all()) == 2


def test_the_owner_fetches_their_files(submitted):
    s = submitted
    response = download(s.parent, f"/ansoegning/bilag/{s.attachment.public_id}")
    assert response.status_code == 200 and response.data == STATEMENT


def test_nobody_logged_in_is_sent_to_log_in(submitted, make_client):
    anonymous = make_client()
    parents_url = f"/ansoegning/bilag/{submitted.attachment.public_id}"
    assert_redirects(anonymous.get(parents_url), f"/log-ind?next={parents_url}?")
    staff_url = _staff_url(submitted)
    assert_redirects(anonymous.get(staff_url), f"/medarbejder/log-ind?next={staff_url}?")


def test_another_municipality_gets_404_and_nothing_is_logged(
    submitted, make_client, other_municipality, db
):
    s = submitted
    _worker, aarhus = _staff(make_client, other_municipality)
    response = download(aarhus, _staff_url(s))
    assert response.status_code == 404
    assert response.data != STATEMENT
    assert aarhus.get(_staff_url(s) + "/fjern").status_code == 404
    token = get(aarhus, "/sagsbehandling/").soup.find("input", {"name": "csrf_token"})
    data = {"reason": "Forkert sag", "csrf_token": token["value"] if token else ""}
    assert aarhus.post(_staff_url(s) + "/fjern", data=data).status_code in (400, 404)
    # A file of a draft is nobody's at the municipality yet.
    assert aarhus.get(_staff_url(s, s.draft_attachment)).status_code == 404
    db.session.refresh(s.attachment)
    assert s.attachment.removed_at is None
    assert _log(db, s.case) == []


def test_the_caseworker_sees_and_fetches_the_files_and_each_download_is_logged(
    submitted, make_client, esbjerg, db
):
    s = submitted
    worker, browser = _staff(make_client, esbjerg)
    page = get(browser, f"/sagsbehandling/sager/{s.case.public_id}")
    table = page.soup.select_one(".attachment-table").get_text(" ", strip=True)
    assert "Lægeudtalelse.pdf" in table
    assert "Udtalelse fra læge eller sygehus" in table
    assert s.attachment.sha256 in table

    response = download(browser, page.soup.find("a", string="Lægeudtalelse.pdf")["href"])
    assert response.status_code == 200
    assert response.data == STATEMENT
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ("downloaded_attachment", f"Lægeudtalelse.pdf (SHA-256 {s.attachment.sha256})") in _log(
        db, s.case
    )
    # The draft's file is not the municipality's to see.
    assert browser.get(_staff_url(s, s.draft_attachment)).status_code == 404


def test_the_municipality_removes_a_file_with_a_reason_and_the_bytes_are_kept(
    submitted, make_client, esbjerg, db
):
    s = submitted
    worker, browser = _staff(make_client, esbjerg)
    form_page = get(browser, _staff_url(s) + "/fjern")
    token = form_page.form_values()["csrf_token"]
    refused = Page(browser.post(_staff_url(s) + "/fjern", data={"csrf_token": token, "reason": ""}))
    assert refused.error_summary() == {"reason": "Skriv hvorfor bilaget fjernes"}

    response = browser.post(
        _staff_url(s) + "/fjern",
        data={"csrf_token": token, "reason": "Udtalelsen gælder et andet barn"},
    )
    assert_redirects(response, f"/sagsbehandling/sager/{s.case.public_id}#bilag")
    db.session.refresh(s.attachment)
    assert s.attachment.removed_at is not None
    assert s.attachment.removed_by_name == worker.name
    assert s.attachment.removed_reason == "Udtalelsen gælder et andet barn"
    assert storage().exists(s.attachment.storage_key)
    db.session.refresh(s.case)
    event = s.case.events[-1]
    assert (event.kind, event.actor_name) == ("attachment_removed", worker.name)
    assert "Udtalelsen gælder et andet barn" in event.note
    assert ("changed", "Bilag fjernet: Lægeudtalelse.pdf") in _log(db, s.case)

    case_page = get(browser, f"/sagsbehandling/sager/{s.case.public_id}")
    assert "Fjernet" in case_page.soup.select_one(".attachment-removed").get_text()
    # Out of everyday reach: the caseworker and the parent no longer fetch it ...
    assert browser.get(_staff_url(s)).status_code == 404
    assert s.parent.get(f"/ansoegning/bilag/{s.attachment.public_id}").status_code == 404
    parent_page = get(s.parent, f"/ansoegning/sager/{s.case.public_id}/bilag")
    assert listed(parent_page) == []
    assert "Fjernet af kommunen" in parent_page.text()
    assert "Udtalelsen gælder et andet barn" in parent_page.text()
    # ... but the archive has it, for the municipality's administrator.
    _admin, admin_browser = _staff(make_client, esbjerg, role="admin")
    response = download(admin_browser, _staff_url(s))
    assert response.status_code == 200 and response.data == STATEMENT
