"""Reflow at 320 CSS px (WCAG 2.1, 1.4.10: 1280 px at 400 % zoom): the page itself never
scrolls sideways. A data table may scroll inside its own container (the exception 1.4.10
makes for content that needs two dimensions); the page around it may not."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.axe import Audit

WIDTH = 320

# The elements that reach past the viewport's right edge, but for a table in a box that scrolls
# it: what a person at 400 % zoom would have to scroll sideways to read. Any other box that
# scrolls or clips (a fold's content has overflow: auto) does not excuse what is in it.
_OVERFLOWING = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const edge = root.clientWidth + 0.5;
  // A table (or what is in one) in a box that scrolls or clips it: the one exception.
  const clipped = el => {
    if (!el.closest('table')) return false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= edge || clipped(el)) continue;
    // The outermost element that overflows says where to look; its children follow it.
    if (found.some(f => f.el.contains(el))) continue;
    found.push({el, text: name(el) + ' (right edge ' + Math.round(box.right) + ' px): ' +
      (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80)});
  }
  return found.map(f => f.text);
}"""


def overflowing(page: Page) -> list[str]:
    """What makes the page wider than its viewport; empty when it reflows."""
    return page.evaluate(_OVERFLOWING)


class Reflow(Audit):
    """Checks page after page and reports every page that scrolls sideways at the end."""

    failing = f"the page scrolls sideways at {WIDTH} px"

    def problems(self, where: str) -> str | None:
        width = self.page.evaluate("document.documentElement.clientWidth")
        assert width == WIDTH, f"{where}: the viewport is {width} px, not {WIDTH}"
        found = overflowing(self.page)
        if not found:
            return None
        return f"{where} ({self.page.url}):\n" + "\n".join(f"      {text}" for text in found)
