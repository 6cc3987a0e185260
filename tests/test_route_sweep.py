"""Every page and file of a case answers 404 to anyone it is not for: another family, and a
caseworker of another municipality. The sweep walks the app's own routes, so a new page is
covered the day it is added: a route with a part the sweep cannot fill fails here until the
part is added to the `victim` fixture."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from portal.extensions import db
from portal.models import InformationRequest
from portal.services import attachments, hearings
from portal.storage import storage
from portal.timeutil import now_utc
from portal.uploads.receive import Limits, Upload, receive
from tests.support import files, tracking
from tests.support.pages import get

# Routes whose parts are not a case's: a draft (tests/test_access.py), a consent link, the
# calendar feed's secret token (each has its own refusal tests), statistics and static files.
NOT_CASE_PARTS = frozenset({"draft_id", "token", "code", "filename", "path"})


@pytest.fixture
def victim(approved_family, db):
    """An approved family with a bit of everything on its case: a question, a hearing and a
    file."""
    family = approved_family()
    case = family.training
    question = InformationRequest(
        case=case,
        question="Hvordan går det?",
        asked_by_name=family.caseworker.name,
        answer_by=None,
    )
    db.session.add(question)
    hearing = hearings.open_hearing(
        case, kind="repayment", subject="Forslag", staff=family.caseworker, now=now_utc()
    )
    db.session.flush()
    staged = _staged_pdf()
    kept = attachments.keep(
        staged,
        [],
        kind="other",
        note=None,
        uploader=family.parent,
        case=case,
        hearing_id=hearing.id,
    )
    db.session.commit()
    parts = {
        "public_id": case.public_id,
        "case_id": case.public_id,
        "request_id": question.id,
        "hearing_id": hearing.public_id,
        "attachment_id": kept.attachments[0].public_id,
    }
    return family, parts


def _staged_pdf() -> Upload:
    """A PDF received as the upload code receives one, ready for attachments.keep."""
    body = files.pdf()
    boundary = b"sweep"
    stream = io.BytesIO(
        b'--sweep\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + body + b"\r\n--sweep--\r\n"
    )
    return receive(
        stream,
        boundary,
        staging_dir=storage().staging_dir,
        limits=Limits(document=10**7, video=10**7, files=10),
        verify=lambda fields: None,
        file_field="files",
    )


def _case_routes(app: Flask, prefix: str):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix) or not rule.arguments:
            continue
        if rule.arguments & NOT_CASE_PARTS:
            continue
        yield rule


def _url(rule, parts: dict) -> str:
    missing = rule.arguments - parts.keys()
    assert not missing, f"{rule.rule}: add {sorted(missing)} to the sweep's victim parts"
    url = rule.rule
    for name in rule.arguments:
        url = url.replace(f"<{name}>", str(parts[name])).replace(f"<int:{name}>", str(parts[name]))
    return url


def _sweep(app, browser, prefixes, parts, token) -> list[str]:
    checked = []
    for prefix in prefixes:
        for rule in _case_routes(app, prefix):
            url = _url(rule, parts)
            if "GET" in rule.methods:
                with browser.get(url) as response:
                    assert response.status_code == 404, f"GET {url}: {response.status_code}"
            if "POST" in rule.methods:
                with browser.post(url, data={"csrf_token": token}) as response:
                    assert response.status_code == 404, f"POST {url}: {response.status_code}"
            checked.append(rule.rule)
    return checked


def test_another_family_gets_404_on_every_page_and_file_of_a_case(
    app, make_client, approved_family, victim
):
    family, parts = victim
    other = approved_family(name="Anne Jensen", email="anne@example.dk")
    stranger = tracking.family(make_client, other.parent, other.cpr)
    token = get(stranger, "/ansoegning/").form_values()["csrf_token"]
    checked = _sweep(app, stranger, ("/sager/", "/ansoegning/"), parts, token)
    assert "/sager/<public_id>/hoering/<hearing_id>" in checked
    assert "/ansoegning/bilag/<attachment_id>" in checked
    # The family itself reads the same pages.
    owner = tracking.family(make_client, family.parent, family.cpr)
    get(owner, f"/sager/{parts['public_id']}/hoering/{parts['hearing_id']}")


def test_a_caseworker_of_another_municipality_gets_404_on_every_case_page_and_file(
    app, make_client, other_municipality, victim
):
    family, parts = victim
    outsider, _worker = tracking.caseworker(make_client, other_municipality)
    token = get(outsider, "/sagsbehandling/").form_values()["csrf_token"]
    checked = _sweep(app, outsider, ("/sagsbehandling/sager/",), parts, token)
    assert "/sagsbehandling/sager/<public_id>/bilag/<attachment_id>" in checked
    assert len(checked) >= 10
    # Nothing the outsider did changed the case.
    db.session.expire_all()
    assert family.training.status == "decided"
    assert not [a for a in family.training.events if a.actor_name == _worker.name]


def test_the_sweep_fails_on_a_part_it_cannot_fill():
    class Rule:
        rule = "/sager/<public_id>/nyt/<widget_id>"
        arguments = frozenset({"public_id", "widget_id"})

    with pytest.raises(AssertionError, match="widget_id"):
        _url(Rule, {"public_id": "x"})
