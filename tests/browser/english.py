"""What a parent does in the browser, in any language: fields found by their `name` (the
names the wizard posts, as in `tests.support.journey.valid_answers`), buttons and headings by
their words in the English catalogue (`en`), so the walk follows the translation as it is."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from babel.support import Translations
from playwright.sync_api import Locator, Page, expect

from tests.support.english import english_problems

_CATALOGUE = Translations.load(str(Path("portal/translations")), ["en"])


def en(danish: str, **variables: Any) -> str:
    """The English of a Danish msgid, as the portal shows it."""
    text = _CATALOGUE.gettext(danish)
    assert text != danish or not variables, f"{danish!r} is not in the English catalogue"
    return text % variables if variables else text


def en_plural(singular: str, plural: str, num: int) -> str:
    return _CATALOGUE.ngettext(singular, plural, num) % {"num": num}


def assert_english(page: Page) -> None:
    """`<html lang="en">` and no Danish word of the interface outside `lang="da"`."""
    problems = english_problems(page.content())
    assert problems == [], f"{page.url} is not English:\n" + "\n".join(problems)


def by_name(page: Page, name: str) -> Locator:
    """The form controls posted under `name` (one field, or a group of radios/boxes)."""
    return page.locator(f'#step-form [name="{name}"]')


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


_ENTRY = re.compile(r"^(?P<list>\w+)-(?P<index>\d+)-")


def _control(page: Page, name: str) -> Locator:
    """The control, adding entries of its list ("adults-1-name") until it is there."""
    target = by_name(page, name)
    entry = _ENTRY.match(name)
    if entry and not target.count():
        page.locator(
            f'#step-form button[name="_action"][value="add:{entry.group("list")}"]'
        ).click()
        expect(target.first).to_be_attached()
    return target


def fill_by_name(page: Page, answers: dict[str, Any]) -> None:
    """Type and choose every answer of a step into the control of that name."""
    for name, value in answers.items():
        if value in (None, "", []):
            continue
        target = _control(page, name)
        if not target.count():
            raise AssertionError(f"{page.url}: no field named {name!r}")
        kind = target.first.evaluate("e => e.tagName === 'INPUT' ? e.type : e.tagName")
        if kind in ("radio", "checkbox"):
            for chosen in value if isinstance(value, list) else [value]:
                target.and_(page.locator(f'[value="{chosen}"]')).check()
        elif kind == "SELECT":
            target.select_option(value=_text(value))
        else:
            target.fill(_text(value))
