"""What a family on a phone waits for: the front page, a wizard step and the family's case page,
in Chromium at 375 CSS px on a slow mobile network, first visit (empty cache) and repeat visit.

    .venv/bin/python bench/phone.py [--runs 3] [--workers 2]

One run (see bench/README.md):

1. makes a SQLite database in a temporary folder, runs the migrations and adds the demo
   municipality (bench/scratch.py's PREPARE_COMMANDS), and starts the portal under gunicorn
   (PORTAL_ENV=testing: production's pages and headers, with the development login) on a free
   loopback port;
2. sends one complete application as a parent (bench/wizard_load.py's journey), so that the
   parent has a case, and starts a second application to have a wizard step to open;
3. for each page, `--runs` times: a new browser context (empty cache) at 375 x 812 px with the
   parent's cookie (none for the front page), Chromium's network emulation at 1.6 Mbps down,
   750 kbps up and 150 ms round trip; opens the page (first visit) and opens it again in the
   same context (repeat visit);
4. prints per page and visit the median of: bytes on the wire (every response's encoded
   length: compressed bodies and headers), responses fetched over the network, largest
   contentful paint and the load event, against the targets (first visit at most 150 KiB and
   LCP at most 1.2 s, repeat visit at most 10 KiB). Targets are reported, not enforced.

Exit status 0 when every page loaded (whatever the figures), 1 when one did not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402
from wizard_load import (  # noqa: E402
    HOST,
    BenchError,
    Browser,
    Journey,
    apply_once,
    gunicorn,
    hidden_fields,
    parent_identity,
    portal_environment,
    prepare_database,
)

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402

# "Regular 3G"-like: what a phone gets on a weak mobile connection.
NETWORK = {
    "offline": False,
    "latency": 150,  # ms, round trip
    "downloadThroughput": 1_600_000 / 8,  # bytes/s
    "uploadThroughput": 750_000 / 8,
}
VIEWPORT = {"width": 375, "height": 812}
TARGET_FIRST_KIB = 150
TARGET_FIRST_LCP_S = 1.2
TARGET_REPEAT_KIB = 10

# The largest contentful paint as the browser reports it, kept where the bench can read it.
LCP_OBSERVER = """
window.__lcp = null;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { window.__lcp = entry.startTime; }
}).observe({type: "largest-contentful-paint", buffered: true});
"""


@dataclass
class Visit:
    wire_bytes: int = 0
    responses: int = 0
    lcp_ms: float | None = None
    load_ms: float | None = None
    urls: list[str] = field(default_factory=list)


def measure(context: BrowserContext, url: str) -> Visit:
    page = context.pages[0] if context.pages else context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    visit = Visit()
    from_network: set[str] = set()

    def received(event: dict) -> None:
        response = event["response"]
        if not response.get("fromDiskCache") and not response.get("fromServiceWorker"):
            from_network.add(event["requestId"])
            visit.urls.append(response["url"])

    def finished(event: dict) -> None:
        # A response from Chromium's memory cache finishes with nothing on the wire.
        if event["requestId"] in from_network and event["encodedDataLength"] > 0:
            visit.wire_bytes += int(event["encodedDataLength"])
            visit.responses += 1

    def cached(event: dict) -> None:
        from_network.discard(event["requestId"])

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.requestServedFromCache", cached)
    cdp.on("Network.loadingFinished", finished)
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        raise BenchError(f"{url}: {response.status if response else 'no response'}")
    # Let late responses (deferred scripts, fonts) finish before counting.
    page.wait_for_load_state("networkidle")
    visit.lcp_ms = page.evaluate("window.__lcp")
    visit.load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    cdp.detach()
    return visit


def prepare_parent(port: int) -> tuple[list[dict], str, str]:
    """A parent with a sent application and a second one started: their cookies, the case
    page's path and a wizard step's path."""
    name, cpr = parent_identity(1)
    browser = Browser(port, "phone", None)
    apply_once(browser, Journey.valid(), name, cpr)
    overview = browser.page("GET forside", "/")
    start = browser.page("GET ansoegning", "/ansoegning/")
    step = browser.post("POST ansoegning", "/ansoegning/", hidden_fields(start.body))
    case_path = _first_case_link(overview.body)
    cookies = [
        {"name": c.name, "value": c.value, "domain": HOST, "path": c.path or "/"}
        for c in browser.jar
    ]
    return cookies, case_path, step


def _first_case_link(body: str) -> str:
    marker = 'href="/sager/'
    start = body.find(marker)
    if start < 0:
        raise BenchError("the overview lists no case")
    start += len('href="')
    return body[start : body.index('"', start)]


def kib(value: float) -> str:
    return f"{value / 1024:7.1f} KiB"


def seconds(value: float | None) -> str:
    return "      –" if value is None else f"{value / 1000:6.2f} s"


def report(name: str, first: list[Visit], repeat: list[Visit]) -> None:
    def median(values):
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    for label, visits in (("first", first), ("repeat", repeat)):
        wire = median([v.wire_bytes for v in visits])
        lcp = median([v.lcp_ms for v in visits])
        load = median([v.load_ms for v in visits])
        responses = median([v.responses for v in visits])
        if label == "first":
            target = f"target ≤ {TARGET_FIRST_KIB} KiB, LCP ≤ {TARGET_FIRST_LCP_S} s"
            met = wire <= TARGET_FIRST_KIB * 1024 and lcp is not None
            met = met and lcp <= TARGET_FIRST_LCP_S * 1000
        else:
            target = f"target ≤ {TARGET_REPEAT_KIB} KiB"
            met = wire <= TARGET_REPEAT_KIB * 1024
        print(
            f"{name:<14} {label:<6} {kib(wire)} {responses:4.0f} resp  LCP {seconds(lcp)}"
            f"  load {seconds(load)}   {target}: {'met' if met else 'NOT met'}"
        )


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-phone-") as folder:
        workdir = Path(folder)
        env = portal_environment(
            f"sqlite:///{workdir / 'portal.sqlite'}", "testing", workdir / "outbox"
        )
        prepare_database(env)
        with gunicorn("portal", "portal:create_app()", args.workers, env, workdir, [], "/") as srv:
            cookies, case_path, step_path = prepare_parent(srv.port)
            base = f"http://{HOST}:{srv.port}"
            pages = (
                ("front page", "/", []),
                ("wizard step", step_path, cookies),
                ("case page", case_path, cookies),
            )
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS
                )
                print(
                    f"Chromium at {VIEWPORT['width']} px, 1.6 Mbps down / 750 kbps up, "
                    f"150 ms round trip; median of {args.runs} runs\n"
                )
                for name, path, jar in pages:
                    first, repeat = [], []
                    for _ in range(args.runs):
                        context = browser.new_context(viewport=VIEWPORT, is_mobile=True)
                        context.add_init_script(LCP_OBSERVER)
                        if jar:
                            context.add_cookies(jar)
                        first.append(measure(context, base + path))
                        repeat.append(measure(context, base + path))
                        context.close()
                    report(name, first, repeat)
                    if args.verbose:
                        for url in first[-1].urls:
                            print(f"    {url.removeprefix(base)}")
                browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--verbose", action="store_true", help="list each first visit's URLs")
    args = parser.parse_args()
    try:
        run(args)
    except BenchError as error:
        print(f"bench/phone.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
