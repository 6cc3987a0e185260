"""A loopback case system that speaks the REST contract of portal.case_system.rest: a real
HTTP server on 127.0.0.1 (pytest-httpserver) that keeps each package's files, checks each
against its SHA-256, and on the manifest answers with a receipt and its own case number, the
same answer again for a key it has received before. It can be made to fail as a real one
does: down (5xx), refusing the package (4xx with a problem body) or too slow to answer."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import time
from dataclasses import dataclass, field

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TOKEN = "esdh-test-token"


@dataclass
class CaseSystem:
    server: HTTPServer
    # Set to a status code to make every request answer with it (503: the system is down).
    down_with: int | None = None
    # A reason to refuse each manifest with 422 (the case system's own check failed).
    refuse: str | None = None
    # Seconds to wait before answering (longer than the portal's timeout: no answer).
    delay: float = 0.0
    files: dict[str, dict[int, bytes]] = field(default_factory=dict)
    # Every package received, by key: (manifest, files by path).
    packages: dict[str, tuple[dict, dict[str, bytes]]] = field(default_factory=dict)
    answers: dict[str, dict] = field(default_factory=dict)
    # The case system's case number for each of the portal's case numbers.
    case_numbers: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    # The headers each file came with (Content-Length, Transfer-Encoding ...).
    file_headers: list[dict[str, str]] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return self.server.url_for("/esdh/api/")

    def install(self) -> None:
        self.server.expect_request("/esdh/api/packages", method="POST").respond_with_handler(
            self._manifest
        )
        self.server.expect_request(
            re.compile(r"^/esdh/api/packages/[^/]+/files/\d+$"), method="PUT"
        ).respond_with_handler(self._file)

    @staticmethod
    def _problem(status: int, detail: str) -> Response:
        body = {"type": "about:blank", "title": "Fejl", "status": status, "detail": detail}
        return Response(json.dumps(body), status=status, content_type="application/problem+json")

    def _refused(self, request: Request) -> Response | None:
        self.requests.append((request.method, request.path))
        if self.delay:
            time.sleep(self.delay)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._problem(401, "Manglende eller forkert adgangstoken.")
        if self.down_with is not None:
            return self._problem(self.down_with, "Sagssystemet er lukket for vedligeholdelse.")
        return None

    def _file(self, request: Request) -> Response:
        if (refused := self._refused(request)) is not None:
            return refused
        parts = request.path.split("/")
        key, number = parts[-3], int(parts[-1])
        self.file_headers.append(dict(request.headers))
        body = request.get_data()
        if hashlib.sha256(body).hexdigest() != request.headers.get("X-Content-SHA256"):
            return self._problem(400, "Filens SHA-256 passer ikke.")
        self.files.setdefault(key, {})[number] = body
        return Response(status=204)

    def _manifest(self, request: Request) -> Response:
        if (refused := self._refused(request)) is not None:
            return refused
        key = request.headers.get("Idempotency-Key", "")
        if key in self.answers:
            return Response(
                json.dumps(self.answers[key]), status=200, content_type="application/json"
            )
        if self.refuse:
            return self._problem(422, self.refuse)
        manifest = request.get_json()
        received = self.files.get(key, {})
        by_path = {}
        for item in manifest["files"]:
            body = received.get(item["id"])
            if body is None or hashlib.sha256(body).hexdigest() != item["sha256"]:
                return self._problem(400, f"Filen {item['path']} mangler.")
            by_path[item["path"]] = body
        number = manifest["case"]["esdh_case_number"] or self.case_numbers.get(
            manifest["case"]["number"]
        )
        if number is None:
            number = f"27.24.00-G01-{next(self._numbers)}-26"
        self.case_numbers[manifest["case"]["number"]] = number
        answer = {"receipt": f"KVIT-{len(self.answers) + 1:05d}", "case_number": number}
        self.answers[key] = answer
        self.packages[key] = (manifest, by_path)
        return Response(json.dumps(answer), status=201, content_type="application/json")
