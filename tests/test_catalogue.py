"""The English catalogue is complete: every string the portal marks is translated, none is
fuzzy, and each translation keeps the placeholders of its Danish original.

New strings arrive with `scripts/translations.sh update`; this test names every one that is
still untranslated, so a page can never fall back to Danish in the middle of English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

CATALOGUE = Path("portal/translations/en/LC_MESSAGES/messages.po")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "N_": None,
    "N_plural": (1, 2),
}
METHODS = [
    ("portal/**.py", "python"),
    ("portal/templates/**.html", "jinja2"),
    ("portal/templates/**.txt", "jinja2"),
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]")


@pytest.fixture(scope="module")
def catalogue():
    with CATALOGUE.open("rb") as po:
        return read_po(po, locale="en")


@pytest.fixture(scope="module")
def marked() -> set[str]:
    """The msgids `pybabel extract -F babel.cfg` finds (the singular of a plural)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ".", METHODS, keywords=KEYWORDS, comment_tags=()
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def test_every_marked_string_is_in_the_catalogue(catalogue, marked):
    assert len(marked) > 1500
    missing = sorted(m for m in marked if catalogue.get(m) is None)
    assert missing == [], "run scripts/translations.sh update and translate:\n" + "\n".join(missing)


def test_every_string_is_translated_and_none_is_fuzzy(catalogue):
    untranslated = [m.id for m in catalogue if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.fuzzy, "the catalogue's header is marked fuzzy: it would not compile"


def test_the_catalogue_holds_no_string_the_portal_no_longer_uses(catalogue, marked):
    stale = sorted(
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in marked
    )
    assert stale == [], "run scripts/translations.sh update"


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in _strings(m):
            # An English singular may say "one" where the Danish says %(num)s.
            kept = set(PLACEHOLDER.findall(text))
            if not kept <= wanted or (len(ids) == 1 and kept != wanted):
                wrong.append((ids[0], text))
    assert wrong == []
