"""axe-core (npm, node_modules/axe-core) on a page, with a report a developer can act on."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
}).then(result =>
  result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html}))
  })))"""


def violations(page: Page) -> list[dict]:
    """WCAG 2.1 A and AA violations on the page as it is now. The page's context must have
    been made with bypass_csp=True: the Content-Security-Policy refuses our script."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(_RUN, WCAG_21_AA)


def describe(where: str, found: list[dict]) -> str:
    lines = [f"{where}:"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        lines.extend(f"      {n['target']}  {n['html'][:160]}" for n in v["nodes"])
    return "\n".join(lines)


class Audit:
    """Runs axe on page after page and reports every page's violations at the end, so one
    run shows a developer everything there is to fix. Subclasses check something else."""

    # What the pages that failed have, for the report: "... on 2 of 40 pages".
    failing = "axe-core found WCAG 2.1 AA violations"

    def __init__(self, page: Page) -> None:
        self.page = page
        self.checked: list[str] = []
        self.failures: list[str] = []

    def problems(self, where: str) -> str | None:
        """The page's problems as a report, None when there are none."""
        found = violations(self.page)
        return describe(f"{where} ({self.page.url})", found) if found else None

    def check(self, where: str) -> None:
        # A click that navigates returns once the new page starts loading; audit all of it.
        self.page.wait_for_load_state()
        found = self.problems(where)
        self.checked.append(where)
        if found:
            self.failures.append(found)

    def assert_clean(self) -> None:
        assert not self.failures, (
            f"{self.failing} on {len(self.failures)} of {len(self.checked)} pages:\n"
            + "\n".join(self.failures)
        )
