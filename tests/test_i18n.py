"""Everything a user reads is marked for translation, so that English can follow."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import make_app
from tests.support.pages import get

TEMPLATES = Path("portal/templates")


def _bare_text(template: str) -> list[str]:
    text = re.sub(r"\{#.*?#\}", " ", template, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text, flags=re.S)
    # What is left between tags should be nothing a person reads (spaces, punctuation).
    return [word for word in re.findall(r"[A-Za-zÆØÅæøå]{2,}", text)]


def test_templates_have_no_text_outside_gettext():
    offenders = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        words = _bare_text(template.read_text())
        if words:
            offenders[str(template)] = words[:8]
    assert offenders == {}


def test_babel_extracts_the_portals_strings(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(pot),
            ".",
        ],
        check=True,
        capture_output=True,
    )
    catalog = pot.read_text()
    for message in (
        "Gem og fortsæt senere",  # a template
        "Skriv barnets fulde navn",  # a form
        "Hvordan kan I se, at målet er nået?",  # a form label
        "Datoen for det kortsigtede mål er passeret. Vælg en dato fra i dag.",  # a rule
    ):
        assert f'msgid "{message}"' in catalog, message


def test_each_request_is_answered_in_its_own_language(app):
    # The portal's own English catalogue (portal/translations). Flask-Babel keeps one cache of
    # catalogues per locale for every app, so a test app cannot bring a catalogue of its own.
    portal = make_app(app.config["SQLALCHEMY_DATABASE_URI"])
    # Plain clients: their requests share one thread's context, as a server worker's do.
    portal.test_client_class = FlaskClient
    english, danish = portal.test_client(), portal.test_client()
    token = get(english, "/log-ind/udvikling").form_values()["csrf_token"]
    english.post("/sprog", data={"lang": "en", "csrf_token": token})

    # Requests in the two languages, one after the other, each in its own.
    for _ in range(2):
        page = get(english, "/")
        assert page.h1 == "Home training for disabled children"
        assert page.title.startswith("Home training")
        page = get(danish, "/")
        assert page.h1 == "Hjemmetræning af børn med handicap"
        assert page.title.startswith("Hjemmetræning")
