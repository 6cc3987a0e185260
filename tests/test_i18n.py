"""Everything a user reads is marked for translation, so that English can follow."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "N_", "-o", str(pot), "."],
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
