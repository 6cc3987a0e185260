"""A case system reached over HTTPS (CASE_SYSTEM_BACKEND=rest): the package's files, then its
manifest, with the package's key as idempotency key.

The contract (README, "Hand-off to the case system"), JSON over HTTPS below CASE_SYSTEM_URL:

1. ``PUT packages/<key>/files/<id>`` for each file in the manifest's order (``id`` 1, 2 ...):
   the file's bytes as the body, streamed, with its ``Content-Type`` and
   ``X-Content-SHA256`` (hex). Sending the same file again replaces it: the case system keeps
   the files of a package until its manifest arrives.
2. ``POST packages`` with the manifest (base.Package.manifest) as the body and the header
   ``Idempotency-Key: <key>``. The answer, 201 (received now) or 200 (received before: the
   first answer again), is ``{"receipt": "...", "case_number": "..."}``: the case system's
   receipt and its own number for the case, which the portal sends back in the manifest of
   the case's later packages (``case.esdh_case_number``). A 409 with such a body means the
   same: received before.

Every request carries ``Authorization: Bearer <CASE_SYSTEM_TOKEN>`` when a token is set, and
the portal's certificate for mutual TLS when CASE_SYSTEM_CERT and CASE_SYSTEM_KEY are set.
An answer 5xx, 408 or 429, or none within CASE_SYSTEM_TIMEOUT, fails the hand-off so that it is
tried again later; any other 4xx refuses the package, and the hand-off is given up with the
case system's reason (``detail``, ``message`` or ``title`` of a JSON problem, or the text).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import quote, urljoin

import requests

from portal.case_system.base import CHUNK, Connector, HandoffFailed, Package, Receipt


class RestConnector(Connector):
    def __init__(
        self,
        *,
        url: str,
        token: str | None = None,
        cert: tuple[str, str] | None = None,
        verify: str | bool = True,
        timeout: float = 60.0,
    ) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self.token = token
        self.cert = cert
        self.verify = verify
        self.timeout = timeout

    @classmethod
    def from_config(cls, config) -> RestConnector:
        cert_file, key_file = config.get("CASE_SYSTEM_CERT"), config.get("CASE_SYSTEM_KEY")
        return cls(
            url=config["CASE_SYSTEM_URL"],
            token=config.get("CASE_SYSTEM_TOKEN"),
            cert=(cert_file, key_file) if cert_file and key_file else None,
            verify=config.get("CASE_SYSTEM_CA_BUNDLE") or True,
            timeout=float(config.get("CASE_SYSTEM_TIMEOUT") or 60),
        )

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            return requests.request(
                method,
                urljoin(self.url, path),
                headers=headers,
                cert=self.cert,
                verify=self.verify,
                timeout=self.timeout,
                **kwargs,
            )
        except requests.RequestException as error:
            raise HandoffFailed(f"Sagssystemet svarer ikke: {error}") from error

    def deliver(self, package: Package) -> Receipt:
        if not self.url.startswith(("http://", "https://")):
            raise HandoffFailed("CASE_SYSTEM_URL er ikke sat.", permanent=True)
        key = quote(package.key, safe="")
        for number, file in enumerate(package.files, start=1):
            with contextlib.closing(file.open()) as body:
                response = self._request(
                    "PUT",
                    f"packages/{key}/files/{number}",
                    data=_Sized(body, file.size),
                    headers={"Content-Type": file.media_type, "X-Content-SHA256": file.sha256},
                )
            _check(response, file.path)
        response = self._request(
            "POST",
            "packages",
            json=package.manifest(),
            headers={"Idempotency-Key": package.key},
        )
        if response.status_code != 409:
            _check(response, "manifest.json")
        try:
            answer = response.json()
            receipt = str(answer["receipt"]).strip()
            number = answer.get("case_number")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            _check(response, "manifest.json")
            raise HandoffFailed("Sagssystemet svarede uden kvittering.") from error
        if not receipt:
            raise HandoffFailed("Sagssystemet svarede uden kvittering.")
        return Receipt(
            receipt=receipt[:300], esdh_case_number=str(number)[:100] if number else None
        )


class _Sized:
    """A stored file as a request body of known length: sent in chunks as it is read (an S3
    stream cannot tell its length, and requests would send it chunked, which a case system
    need not accept)."""

    def __init__(self, source: BinaryIO, size: int) -> None:
        self._source = source
        self._size = size

    def __len__(self) -> int:
        return self._size

    def read(self, amount: int = CHUNK) -> bytes:
        return self._source.read(amount)

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self._source.read(CHUNK):
            yield chunk


def _check(response: requests.Response, what: str) -> None:
    if response.status_code < 400:
        return
    # 4xx: the package itself is refused; handing it over again gives the same answer.
    # 5xx, 408, 429: the case system is down or busy; try again later.
    permanent = response.status_code < 500 and response.status_code not in (408, 429)
    raise HandoffFailed(
        f"Sagssystemet afviste {what} (HTTP {response.status_code}): {_reason(response)}",
        permanent=permanent,
    )


def _reason(response: requests.Response) -> str:
    body = response.text.strip()
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("detail", "message", "title", "error"):
            if isinstance(data.get(key), str) and data[key].strip():
                return data[key].strip()[:500]
    return body[:500] or response.reason or ""
