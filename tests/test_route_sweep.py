"""Every page and file of a case answers 404 to anyone it is not for: another family, and a
caseworker of another municipality. The sweep walks the app's own routes, so a new page is
covered the day it is added: a route with a part the sweep cannot fill fails here until the
part is added to `tests.support.tracking.rich_case`."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.extensions import db
from tests.support import tracking
from tests.support.pages import get

# Routes whose parts are not a case's: a draft (tests/test_access.py), a consent link, the
# calendar feed's secret token (each has its own refusal tests), statistics and static files.
NOT_CASE_PARTS = frozenset({"draft_id", "token", "code", "filename", "path"})


@pytest.fixture
def victim(approved_family, db):
    """An approved family with a bit of everything on its case (tracking.rich_case)."""
    family = approved_family()
    return family, tracking.rich_case(family)


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
    assert "/sager/<public_id>/tilsyn/<visit_id>/plan/filer" in checked
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
    assert "/sagsbehandling/sager/<public_id>/tilsyn/<visit_id>/registrering" in checked
    assert len(checked) >= 10
    # Nothing the outsider did changed the case (in reconsideration after the complaint).
    db.session.expire_all()
    assert family.training.status == "reconsideration"
    assert not [a for a in family.training.events if a.actor_name == _worker.name]


def test_the_sweep_fails_on_a_part_it_cannot_fill():
    class Rule:
        rule = "/sager/<public_id>/nyt/<widget_id>"
        arguments = frozenset({"public_id", "widget_id"})

    with pytest.raises(AssertionError, match="widget_id"):
        _url(Rule, {"public_id": "x"})
