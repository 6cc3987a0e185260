"""No user ever reads "seed": the word is ours, for the source documents in ../shared/seeds.

Users read a source by its title (portal.rules.sources). Every page, e-mail and Word document
the suite makes, and every rule's finding, is read for the word here; the autouse fixture
`no_seed_shown` (tests/conftest.py) fails the test that produced one. A live server's thread
records into the same list as the test client's requests.
"""

from __future__ import annotations

import re
import threading
import zipfile
from io import BytesIO

import pytest
from flask import Flask, Response, request

from portal import mail
from portal.dossier.kit import WORD_TYPE
from portal.notify import outbox
from portal.rules.findings import Finding

# The word, not four letters inside another: a random case id such as "...KsEEdip..." is no
# word a user reads, and would fail one run in many.
SEED = re.compile(r"(?<![^\W\d_])seeds?(?![^\W\d_])", re.IGNORECASE)
_TEXT_TYPES = ("text/html", "text/plain")
_lock = threading.Lock()
# What was shown with the word, with where: emptied by the fixture before each test.
found: list[str] = []


def check(where: str, text: str) -> None:
    """Note `text` where it holds the word, with a little of what surrounds it."""
    for match in SEED.finditer(text):
        context = text[max(match.start() - 60, 0) : match.end() + 60]
        with _lock:
            found.append(f"{where}: …{' '.join(context.split())}…")


def docx_text(data: bytes) -> str:
    """The text of every XML part of a Word document, without the markup."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        parts = [
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith(".xml")
        ]
    return " ".join(re.sub(r"<[^>]+>", " ", part) for part in parts)


def check_response(response: Response) -> Response:
    """An after_request hook: reads pages, plain text and Word documents as they are sent."""
    if response.mimetype in _TEXT_TYPES:
        if response.direct_passthrough:
            return response
        check(f"{request.method} {request.full_path}", response.get_data(as_text=True))
    elif response.mimetype == WORD_TYPE:
        # A download is sent from a file object; read it here, then send what was read.
        response.direct_passthrough = False
        check(f"{request.method} {request.full_path}", docx_text(response.get_data()))
    return response


def install(app: Flask) -> None:
    app.after_request(check_response)


def guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """For one test: read every finding a rule makes, and every e-mail as it is rendered
    (queued) and as it is composed (sent)."""
    post_init = Finding.__post_init__

    def checked_finding(finding: Finding) -> None:
        post_init(finding)
        check(f"finding {finding.code}", f"{finding.message} {finding.msgid} {finding.source}")

    def checked_render(kind: str, language: str | None = None, **context) -> tuple[str, str]:
        subject, body = real_render(kind, language, **context)
        check(f"e-mail {kind}", f"{subject}\n{body}")
        return subject, body

    def checked_compose(recipient: str, subject: str, body: str):
        check(f"e-mail to {recipient}", f"{subject}\n{body}")
        return real_compose(recipient, subject, body)

    real_render, real_compose = outbox.render, mail.compose
    monkeypatch.setattr(Finding, "__post_init__", checked_finding)
    monkeypatch.setattr(outbox, "render", checked_render)
    monkeypatch.setattr(mail, "compose", checked_compose)
