"""A person who uses no mouse: Tab and Shift+Tab to move, Enter and Space to press, arrow keys
in radio groups and lists, typing into fields.

`KeyboardOnly.install` turns Playwright's pointer actions on a locator (click, fill, check,
select_option, set_input_files) into those key presses for the rest of the test, so the same
steps the other journeys take (tests/browser/parent.py) are walked with the keyboard alone;
the mouse itself refuses to move. Every element the keyboard stops at must show where the
focus is (a focus style other than none); the ones that do not are listed at the end.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from playwright.sync_api import ElementHandle, Locator, Mouse, Page

# Enough to cross the longest page (the budget step with its lines) forth and back.
MAX_PRESSES = 400

# Where the focus is, whether a person can see it, and which way the target lies. A checkbox
# or radio button of the design system is drawn by its label: the label's ::before shows the
# focus (".form-checkbox:focus + label::before").
_WHERE = """(target) => {
  const active = document.activeElement;
  const shows = (node, pseudo) => {
    const s = getComputedStyle(node, pseudo);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
      (s.boxShadow !== 'none' && s.boxShadow !== '');
  };
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '') + ' ' +
    (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  let focus = null;
  if (active && active !== document.body) {
    let seen = shows(active);
    const label = active.labels && active.labels[0];
    if (!seen && label && (active.type === 'checkbox' || active.type === 'radio')) {
      seen = shows(label, '::before') || shows(label);
    }
    focus = {name: describe(active), seen};
  }
  const reached = active === target;
  const sameGroup = !reached && !!active && !!target && target.type === 'radio' &&
    active.type === 'radio' && active.name === target.name && active.form === target.form;
  let forward = true;
  if (focus && target && !reached) {
    forward = !!(active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
  }
  return {reached, sameGroup, forward, focus};
}"""

# The order the browser's date field asks for day, month and year in the page's language.
_DATE_ORDER = """() => new Intl.DateTimeFormat(navigator.language).formatToParts(
  new Date(2026, 11, 24)).map(p => p.type).filter(t => ['day', 'month', 'year'].includes(t))"""


class KeyboardOnly:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.presses = 0
        # Elements the focus stopped at without showing it.
        self.unseen: list[str] = []

    @classmethod
    def install(cls, monkeypatch: pytest.MonkeyPatch, page: Page) -> KeyboardOnly:
        keys = cls(page)

        def refuse(*_args: Any, **_kwargs: Any) -> None:
            raise AssertionError("a keyboard user has no mouse")

        for name in ("click", "dblclick", "down", "up", "move", "wheel"):
            monkeypatch.setattr(Mouse, name, refuse)
        for name in ("hover", "dblclick", "tap", "drag_to"):
            monkeypatch.setattr(Locator, name, refuse)
        monkeypatch.setattr(Locator, "click", lambda loc, **_: keys.activate(loc))
        monkeypatch.setattr(Locator, "fill", lambda loc, text, **_: keys.type_into(loc, text))
        monkeypatch.setattr(Locator, "check", lambda loc, **_: keys.tick(loc))
        monkeypatch.setattr(
            Locator, "select_option", lambda loc, value=None, **kw: keys.choose(loc, value, **kw)
        )
        monkeypatch.setattr(
            Locator, "set_input_files", lambda loc, files, **_: keys.choose_files(loc, files)
        )
        return keys

    # Keys ---------------------------------------------------------------------------------

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)

    def focused(self) -> dict | None:
        """Where the focus is now: its element, and whether it shows."""
        return self.page.evaluate(_WHERE, None)["focus"]

    def focus(self, locator: Locator) -> ElementHandle:
        """Tab (or Shift+Tab) to the element, and arrow keys within its radio group."""
        locator.wait_for(state="attached")
        element = locator.element_handle()
        for presses in range(MAX_PRESSES):
            where = element.evaluate(_WHERE)
            # Where a key moved the focus (the first look is where the last one left it, or
            # where the page put it: the error summary, the main content).
            stop = where["focus"]
            if presses and stop and not stop["seen"] and stop["name"] not in self.unseen:
                self.unseen.append(stop["name"])
            if where["reached"]:
                return element
            if where["sameGroup"]:
                self.press("ArrowDown")
            else:
                self.press("Tab" if where["forward"] else "Shift+Tab")
        raise AssertionError(f"{MAX_PRESSES} presses of Tab never reached {locator}")

    # What the pointer actions become -------------------------------------------------------

    def activate(self, locator: Locator) -> None:
        element = self.focus(locator)
        kind = element.evaluate("el => el.type || ''")
        self.press("Space" if kind in ("checkbox", "radio") else "Enter")

    def tick(self, locator: Locator) -> None:
        element = self.focus(locator)
        if not element.evaluate("el => el.checked"):
            self.press("Space")
        assert element.evaluate("el => el.checked"), f"Space did not tick {locator}"

    def type_into(self, locator: Locator, text: str) -> None:
        element = self.focus(locator)
        kind = element.evaluate("el => el.type || ''")
        if kind == "date" and text:
            self._type_date(element, date.fromisoformat(text))
        elif kind == "time" and text:
            self._type_time(element, time.fromisoformat(text))
        else:
            self.press("Control+A")
            if text:
                self.page.keyboard.type(text)
            else:
                self.press("Delete")
        value = element.evaluate("el => el.value")
        assert value == text, f"typing gave {value!r}, not {text!r}, in {locator}"

    def _first_part(self, element: ElementHandle) -> None:
        """Into a date or time field at its first part: Tab and Shift+Tab also move between
        its parts, and typing fills the part that has the focus."""
        for _ in range(6):
            if not element.evaluate("el => el === document.activeElement"):
                break
            self.press("Shift+Tab")
        self.press("Tab")

    def _type_date(self, element: ElementHandle, day: date) -> None:
        """The parts in the order the field shows them. Chromium orders them by its own
        language, which may not be the page's: type again in the other orders until the
        field holds the day, as a person would correct it."""
        parts = {"day": f"{day.day:02d}", "month": f"{day.month:02d}", "year": f"{day.year}"}
        first = self.page.evaluate(_DATE_ORDER)
        for order in (first, ["month", "day", "year"], ["year", "month", "day"]):
            self._first_part(element)
            for part in order:
                self.page.keyboard.type(parts[part])
            if element.evaluate("el => el.value") == day.isoformat():
                return

    def _type_time(self, element: ElementHandle, at: time) -> None:
        """Hours and minutes; a browser that shows AM and PM asks for the half of the day."""
        self._first_part(element)
        self.page.keyboard.type(f"{at.hour:02d}{at.minute:02d}")
        if element.evaluate("el => el.value") == at.strftime("%H:%M"):
            return
        self._first_part(element)
        hour = at.hour % 12 or 12
        self.page.keyboard.type(f"{hour:02d}{at.minute:02d}{'P' if at.hour >= 12 else 'A'}")

    def choose(self, locator: Locator, value: Any = None, *, label: str | None = None) -> None:
        """A list (select): arrow keys down or up to the option."""
        element = self.focus(locator)
        wanted = element.evaluate(
            "(el, [value, label]) => [...el.options].findIndex(o => "
            "label !== null ? o.label.trim() === label : o.value === value)",
            [value, label],
        )
        assert wanted >= 0, f"no option {label or value!r} in {locator}"
        for _ in range(len(element.evaluate("el => [...el.options].map(o => o.value)"))):
            now = element.evaluate("el => el.selectedIndex")
            if now == wanted:
                return
            self.press("ArrowDown" if now < wanted else "ArrowUp")
        raise AssertionError(f"the arrow keys did not reach {label or value!r} in {locator}")

    def choose_files(self, locator: Locator, files: Any) -> None:
        """Space on the file field opens the system's file dialog, where the files are chosen."""
        self.focus(locator)
        with self.page.expect_file_chooser() as chooser:
            self.press("Space")
        chooser.value.set_files(files)
