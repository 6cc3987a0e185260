"""A parent downloads everything the portal holds about them as one ZIP (GDPR art. 15): an
overview, the same as JSON, and every document and file of their cases and drafts. Never
another family's data: the other holder of custody who consented to a case gets their own
consent and nothing of the case; a third family gets only their own."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from portal.extensions import db as _db
from portal.identity.providers import DevelopmentLogin
from portal.models import CaseEvent, Draft, DraftStep
from portal.services import custody_consent
from portal.services.drafts import own_draft
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.pages import get

URL = "/dine-oplysninger/kopi.zip"


def _copy(browser) -> zipfile.ZipFile:
    response = browser.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment")
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def _json(archive: zipfile.ZipFile) -> dict:
    (name,) = [n for n in archive.namelist() if n.endswith("/oplysninger.json")]
    return json.loads(archive.read(name))


def _everything(archive: zipfile.ZipFile) -> bytes:
    return b"".join(archive.read(name) for name in archive.namelist() if not name.endswith(".docx"))


@pytest.fixture
def families(db, approved_family, make_client):
    mette = approved_family()
    tracking.rich_case(mette)
    sara = approved_family(name="Sara Nielsen", email="sara@example.dk")
    # A caseworker opens Mette's case: the copy names who looked.
    browser, worker = tracking.caseworker(make_client, mette.municipality)
    get(browser, f"/sagsbehandling/sager/{mette.training.public_id}")
    # A draft Mette has not sent yet.
    draft = Draft(
        parent_id=mette.parent.id, municipality=mette.municipality, case_type="new_application"
    )
    _db.session.add(draft)
    _db.session.flush()
    _db.session.add(DraftStep(draft=draft, step="barnet", data={"child_name": ["Ida Hansen"]}))
    _db.session.commit()
    # Lars Hansen, the other holder of custody, consents to it through the portal's own
    # operations (issue 15).
    lars, lars_cpr = tracking.parent("Lars Hansen", "lars@example.dk")
    stored = own_draft(mette.parent.id, draft.public_id)
    custody_consent.invite(stored, "lars@example.dk", None, now=now_utc())
    custody_consent.answer(
        custody_consent.for_draft(draft.id),
        stored,
        lars,
        DevelopmentLogin.name,
        consented=True,
        reason="Vi er enige.",
        now=now_utc(),
    )
    _db.session.commit()
    return mette, sara, worker, (lars, lars_cpr)


def test_the_parent_gets_everything_of_their_own_and_the_copy_is_in_the_history(
    families, make_client
):
    mette, sara, worker, _lars = families
    case = mette.training
    browser = tracking.family(make_client, mette.parent, mette.cpr)
    front = get(browser, "/")
    link = front.soup.find("a", href="/dine-oplysninger")
    assert link.get_text() == "Dine oplysninger: hent en kopi af alt, portalen har om dig"
    page = get(browser, "/dine-oplysninger")
    assert page.h1 == "Dine oplysninger"
    assert page.soup.find("a", href=URL).get_text() == "Hent dine oplysninger (ZIP)"

    archive = _copy(browser)
    names = archive.namelist()
    root = names[0].split("/")[0]
    assert root == f"Dine oplysninger {today_local().isoformat()}"
    under = f"{root}/Sager/{case.number}"
    assert f"{root}/Oversigt.html" in names
    assert f"{under}/Sag {case.number}.docx" in names
    assert f"{under}/kvittering-{case.number}.pdf" in names
    assert f"{under}/Afgørelse i sag {case.number}.docx" in names
    assert archive.read(f"{under}/kvittering-{case.number}.pdf").startswith(b"%PDF")
    assert archive.read(f"{under}/Sag {case.number}.docx").startswith(b"PK")
    files = [n for n in names if n.startswith(f"{under}/Bilag/")]
    assert files and all(archive.read(n).startswith(b"%PDF") for n in files)

    data = _json(archive)
    assert data["parent"]["name"] == "Mette Hansen"
    assert data["parent"]["cpr_number"] is None
    assert "subject" not in data["parent"]
    (sent,) = data["cases"]
    assert sent["number"] == case.number
    assert sent["child_name"] == case.child_name
    assert sent["application"]["barnet"]["child_name"] == case.child_name
    assert [d["outcome"] for d in sent["decisions"]] == ["approved"]
    assert sent["information_requests"][0]["question"] == "Hvordan går det?"
    assert sent["hearings"] and sent["complaints"] and sent["supervision"]
    assert sent["complaints"][0]["reasons"] == "Uenige."
    assert worker.name in {entry["staff_name"] for entry in sent["access_log"]}
    assert "child_cpr_hash" not in sent and "storage_key" not in sent["files"][0]
    assert [d["answers"] for d in data["drafts"] if d["status"] == "draft"] == [
        {"barnet": {"child_name": ["Ida Hansen"]}}
    ]
    # The e-mails sent to Mette about her case; not those about Sara's case, although
    # Sara's application gave the same address.
    subjects = [message["subject"] for message in data["messages"]]
    assert f"Vi har modtaget jeres sag {case.number}" in subjects
    assert not [s for s in subjects if sara.training.number in s]
    # The hearing letter addressed to her, as sent.
    (letter,) = sent["letters"]
    assert letter["kind"] == "hearing" and letter["recipient_name"] == "Mette Hansen"
    letters = [n for n in names if n.startswith(f"{under}/Breve/")]
    assert [n.rsplit(" ", 1)[-1] for n in letters] == [f"{case.number}.docx"]
    assert archive.read(letters[0]).startswith(b"PK")
    overview = archive.read(f"{root}/Oversigt.html").decode()
    assert case.number in overview and worker.name in overview

    # Nothing of the other family.
    everything = _everything(archive)
    assert sara.training.number.encode() not in everything
    assert b"Sara Nielsen" not in everything

    # The copy is in the case's history, which the family reads too; not in Sara's.
    kinds = _db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert "own_data_copy" in kinds
    assert (
        "own_data_copy"
        not in _db.session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == sara.training.id)
        ).all()
    )
    case_page = get(browser, f"/sager/{case.public_id}")
    assert "Familien har hentet en kopi af alle sine oplysninger" in case_page.text()


def test_the_other_holder_of_custody_gets_their_consent_and_nothing_of_the_case(
    families, make_client
):
    mette, sara, _worker, (lars, cpr) = families
    browser = tracking.family(make_client, lars, cpr)
    archive = _copy(browser)
    data = _json(archive)
    assert data["parent"]["name"] == "Lars Hansen"
    assert data["cases"] == [] and data["drafts"] == []
    (consent,) = data["consents_given"]
    assert consent["answer"] == "consented"
    # Not the applicant's statement, nor the address the invitation went to.
    assert not {"statement", "email", "state_when_sent"} & set(consent)
    everything = _everything(archive)
    for other in (mette.training, sara.training):
        assert other.number.encode() not in everything
        assert other.child_name.encode() not in everything
    # Nor the draft Lars consented to: its answers are Mette's.
    assert b"Ida Hansen" not in everything
    assert not [n for n in archive.namelist() if "/Sager/" in n]


def test_only_a_logged_in_parent_gets_a_copy(db, esbjerg, client, make_client):
    response = client.get(URL)
    assert response.status_code == 302
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    assert browser.get(URL).status_code in (302, 403, 404)
