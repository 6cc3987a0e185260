"""A live portal and a real headless Chromium for the wizard's browser tests.

The server is the app of `tests.conftest.make_app` on its own fresh database, served by
werkzeug in a thread. Requests commit for real (no savepoint rollback), so each test logs in
as a parent of its own (`factories.parent_cpr()`).

The browser is Debian's chromium (or $CHROMIUM), driven with Playwright's sync API; nothing is
downloaded. The machine has no network, so every background service Chromium would call is
switched off.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask, got_request_exception
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from portal.extensions import db
from portal.models import Municipality
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.conftest import make_app
from tests.support import factories, tracking
from tests.support.databases import fresh_database

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a slow CI machine, short enough that a missing element fails in seconds.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            f"No Chromium at {path}: install Debian's chromium (apt-get install chromium) "
            "or set CHROMIUM=/path/to/chromium. The tests never download a browser."
        )
    return path


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request: failures show the test's own output, not 200 GETs."""

    def log_request(self, code="-", size="-") -> None:
        pass


@dataclass
class LiveServer:
    app: Flask
    url: str
    # Exceptions raised by views while a test ran; a test fails on any of them.
    errors: list[BaseException] = field(default_factory=list)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    with fresh_database(tmp_path_factory.mktemp("live-db")) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            factories.municipality("561", "Esbjerg Kommune")

        server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
        )
        live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")

        def record(_sender, exception, **_extra):
            live.errors.append(exception)

        got_request_exception.connect(record, app, weak=False)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield live
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            got_request_exception.disconnect(record, app)
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # launch() gives the browser a fresh temporary profile (user-data dir) and removes it after.
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Watch:
    """What a page said that a parent would not see: console errors, script errors, Content
    Security Policy violations, failed requests, server errors."""

    messages: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        # Chromium writes each violation to the console in its own words; this listener adds
        # one line in a fixed form (directive, what was blocked, where) that tests can search
        # for. Init scripts are injected by the browser and not subject to the page's policy.
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')"
            " + ' at ' + e.sourceFile + ':' + e.lineNumber));"
        )
        context.on("console", self._console)
        context.on("weberror", lambda error: self.messages.append(f"page error: {error.error}"))
        context.on("requestfailed", self._request_failed)
        context.on("response", self._response)

    def _console(self, message) -> None:
        # The browser asks for /favicon.ico on its own; the pages link no icon (yet).
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type in ("error", "warning"):
            self.messages.append(f"console {message.type}: {message.text} ({message.location})")

    def _request_failed(self, request) -> None:
        # A navigation replaced by the next one is not a failure a parent would notice.
        if request.failure != "net::ERR_ABORTED":
            self.messages.append(f"request failed: {request.url} {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.messages.append(f"server error {response.status}: {response.url}")

    def problems(self, kind: str | None = None) -> list[str]:
        return [m for m in self.messages if kind is None or kind in m]


def new_context(
    browser: Browser, live_server: LiveServer, watch: Watch | None = None, **options
) -> BrowserContext:
    context = browser.new_context(base_url=live_server.url, locale="da-DK", **options)
    context.set_default_timeout(TIMEOUT_MS)
    if watch is not None:
        watch.attach(context)
    return context


@pytest.fixture(autouse=True)
def _server_must_not_fail(live_server: LiveServer) -> Iterator[None]:
    """A view that raises shows the parent an error page; the test says which exception."""
    seen = len(live_server.errors)
    yield
    errors = live_server.errors[seen:]
    if errors:
        pytest.fail(f"the server raised during the test: {errors!r}", pytrace=False)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser: Browser, live_server: LiveServer, watch: Watch) -> Iterator[BrowserContext]:
    """A browser as a parent has it: JavaScript on, the page's Content-Security-Policy enforced."""
    context = new_context(browser, live_server, watch)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def no_js_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A browser with JavaScript switched off: every form must work without it."""
    context = new_context(browser, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A page on which axe-core may be injected: the CSP forbids our test script, so this
    context (and only this one) bypasses it."""
    context = new_context(browser, live_server, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def late_case(live_server, approved_family):
    """An application past its deadline without a notice of delay, with a question the family
    has not answered; the family's approved training beside it; and their caseworker."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        today = today_local()
        family = approved_family(
            received=today - timedelta(days=500),
            decided=today - timedelta(days=400),
            municipality=esbjerg,
        )
        late = tracking.submitted_case(family.parent, esbjerg, received=today - timedelta(days=140))
        cases.ask_for_information(
            late, family.caseworker, "Hvor mange timer træner I?", now=now_utc()
        )
        db.session.commit()
        return {
            "worker": family.caseworker.email,
            "case": late.public_id,
            "training": family.training.public_id,
        }
