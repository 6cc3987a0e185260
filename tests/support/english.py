"""Is a page English? A page in English says so in `<html lang="en">` and shows no Danish
word of the portal's own outside an element marked `lang="da"` (a Danish source title, a
document name, the "Dansk" of the language switch). WCAG 2.1 3.1.1 and 3.1.2: the language of
the page and of its parts is what a screen reader speaks them in.

What the user typed is theirs and stays as typed: the values of fields are not read, and the
tests type their free-text answers in English where the Danish would hold such a word
(`typed_in_english`)."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup, Tag

# Danish words of the portal's own interface that an English page must not show. Capitalised
# words are matched only as written ("Ret" is Danish for "Edit"; "ret" is not looked for);
# lower-case words in any case ("ikke" and "Ikke").
DANISH_UI_WORDS = (
    "Gem",
    "Fejl",
    "Skriv",
    "Vælg",
    "Tilføj",
    "Ansøgning",
    "Ansøg",
    "Fortsæt",
    "Tilbage",
    "Trin",
    "Slet",
    "Kladde",
    "Sagen",
    "Frist",
    "Bilag",
    "Barnet",
    "Barnets",
    "Hjemmetræning",
    "Ikke besvaret",
    "Ret",
    "Send filerne",
    "Afgørelse",
    "Kvittering",
    "Familien",
    "Kommunen",
    "jeres",
    "ikke",
    "eller",
)

_PATTERN = re.compile(
    "|".join(
        rf"(?<!\w){re.escape(word)}(?!\w)" if word[0].isupper() else rf"(?i:(?<!\w){word}(?!\w))"
        for word in DANISH_UI_WORDS
    )
)
# Read by nobody: scripts, styles; and the user's own values of fields.
_NOT_READ = ("script", "style", "template", "textarea", "noscript")
# Attributes a screen reader speaks.
_SPOKEN = ("aria-label", "title", "alt", "placeholder")


def danish_words(text: str) -> list[str]:
    """The Danish interface words in `text`, in order."""
    return _PATTERN.findall(text)


def _language(element: Tag) -> str | None:
    for node in [element, *element.parents]:
        if isinstance(node, Tag) and node.has_attr("lang"):
            return node["lang"]
    return None


def danish_on_page(html: str) -> list[str]:
    """Each Danish interface word outside `lang="da"`, with the words around it, so a failure
    says where it is: ["Gem: 'Gem og fortsæt'", ...]."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_NOT_READ):
        element.decompose()
    found: list[str] = []
    for string in soup.find_all(string=True):
        parent = string.parent
        if not isinstance(parent, Tag) or _language(parent) == "da":
            continue
        text = " ".join(string.split())
        found += [f"{word}: {text[:120]!r}" for word in danish_words(text)]
    for element in soup.find_all(True):
        if _language(element) == "da":
            continue
        for attribute in _SPOKEN:
            value = element.get(attribute)
            if isinstance(value, str):
                found += [f"{word}: {attribute}={value[:120]!r}" for word in danish_words(value)]
    return found


def page_language(html: str) -> str | None:
    root = BeautifulSoup(html, "html.parser").find("html")
    return root.get("lang") if root is not None else None


def english_problems(html: str) -> list[str]:
    """Why this page is not English; empty when it is."""
    problems = danish_on_page(html)
    language = page_language(html)
    if language != "en":
        problems.insert(0, f'<html lang="{language}">, not "en"')
    return problems


# What the example family types, in English where their Danish would contain a word of the
# interface ("ikke"), by the field's own name (goals-0-indicator: "indicator").
_TYPED_IN_ENGLISH = {
    "current_status": (
        "Anders can turn his trousers the right way round with help, but cannot yet get his "
        "legs into the trouser legs himself."
    ),
    "indicator": (
        "Anders puts on his jogging trousers himself in the morning at home. The trousers are "
        "loose. He may be guided by words."
    ),
    "long_term": (
        "Anders puts on his jogging trousers himself in the morning at home, guided by words. "
        "After a night with seizures he may need help."
    ),
    "equipment": "Loose jogging trousers and a chair",
    "reason": "Anders has grown, and the old frame cannot be adjusted any further.",
}


def typed_in_english(answers: dict[str, Any]) -> dict[str, Any]:
    """`answers` (step -> field -> value) with each free-text answer that holds a Danish
    interface word typed in English instead, so that a page showing the family's answers
    back can be read for the portal's own Danish."""
    typed: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, dict):
            typed[key] = typed_in_english(value)
        elif isinstance(value, str) and danish_words(value):
            name = key.rsplit("-", 1)[-1]
            assert name in _TYPED_IN_ENGLISH, (
                f"{key}: say {value!r} in English in _TYPED_IN_ENGLISH"
            )
            typed[key] = _TYPED_IN_ENGLISH[name]
        else:
            typed[key] = value
    return typed


def typed_danish(answers: Any) -> list[str]:
    """The interface words in answers a test types (step -> field -> value), so that a test
    can be sure that whatever Danish it finds on a page is the portal's, not its own."""
    if isinstance(answers, dict):
        return [word for value in answers.values() for word in typed_danish(value)]
    if isinstance(answers, list):
        return [word for value in answers for word in typed_danish(value)]
    return danish_words(answers) if isinstance(answers, str) else []
