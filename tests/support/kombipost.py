"""A loopback server that answers as KOMBIT's Serviceplatformen does for SF1601: the security
token service, AccessTokenService, PostForespoerg and KombiPostAfsend, including its errors.

Built on pytest-httpserver (a real HTTP server on 127.0.0.1). Recipients are set up by CPR:
registered for Digital Post, exempt (physical post), or unknown to the service (a 400 with a
fault body, as the service answers an invalid recipient)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

MEMO = "{https://DigitalPost.dk/MeMo-1}"
TOKEN = "1889e404-eada-4046-9283-73bda5a44e07"


@dataclass
class Serviceplatformen:
    server: HTTPServer
    registered: set[str] = field(default_factory=set)
    exempt: set[str] = field(default_factory=set)
    # Set to a status code to make KombiPostAfsend answer with it (503: the service is down).
    down_with: int | None = None
    received: list[dict] = field(default_factory=list)

    @property
    def service_url(self) -> str:
        return self.server.url_for("/service/")

    @property
    def sts_url(self) -> str:
        return self.server.url_for("/runtime/api/rest/wstrust/v1/issue")

    def install(self) -> None:
        self.server.expect_request(
            "/runtime/api/rest/wstrust/v1/issue", method="POST"
        ).respond_with_handler(self._sts)
        self.server.expect_request(
            "/service/AccessTokenService_1/token", method="POST"
        ).respond_with_handler(self._token)
        self.server.expect_request(
            "/service/PostForespoerg_1/digitalpost", method="GET"
        ).respond_with_handler(self._forespoerg)
        self.server.expect_request(
            "/service/KombiPostAfsend_1/kombi", method="POST"
        ).respond_with_handler(self._kombi)

    @staticmethod
    def _fault(status: int, code: str, text: str) -> Response:
        # A problem body as the REST services answer it.
        body = {"type": "about:blank", "title": code, "status": status, "detail": text}
        return Response(json.dumps(body), status=status, content_type="application/problem+json")

    def _sts(self, request: Request) -> Response:
        data = request.get_json()
        if not data.get("AnvenderKontekst", {}).get("Cvr"):
            return self._fault(400, "InvalidRequest", "AnvenderKontekst.Cvr mangler")
        address = data["AppliesTo"]["EndpointReference"]["Address"]
        return Response(
            json.dumps({"RequestedSecurityToken": {"Assertion": f"<saml>{address}</saml>"}}),
            content_type="application/json",
        )

    def _token(self, request: Request) -> Response:
        if not request.form.get("saml-token", "").startswith("<saml>"):
            return self._fault(400, "invalid_grant", "SAML-token mangler")
        return Response(
            json.dumps({"access_token": TOKEN, "token_type": "Holder-of-key", "expires_in": 3600}),
            content_type="application/json",
        )

    def _authorised(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Holder-of-key {TOKEN}" and bool(
            request.headers.get("X-TransaktionsId")
        )

    def _forespoerg(self, request: Request) -> Response:
        if not self._authorised(request):
            return self._fault(401, "Unauthorized", "Ugyldigt adgangstoken")
        cpr = request.args.get("cprNumber", "")
        if cpr not in self.registered | self.exempt:
            return self._fault(400, "InvalidRecipient", f"Modtageren {cpr} findes ikke i CPR")
        return Response(
            json.dumps({"result": cpr in self.registered}), content_type="application/json"
        )

    def _kombi(self, request: Request) -> Response:
        if self.down_with is not None:
            return Response(
                "<html><body>Service Unavailable</body></html>",
                status=self.down_with,
                content_type="text/html",
            )
        if not self._authorised(request):
            return self._fault(401, "Unauthorized", "Ugyldigt adgangstoken")
        root = ET.fromstring(request.get_data())  # noqa: S314 (the portal's own request)
        choice = root.findtext("KombiValgKode")
        message = root.find(f"{MEMO}Message")
        if message is None or choice not in ("Digital Post", "Fysisk Post", "Automatisk Valg"):
            return self._fault(400, "InvalidMessage", "kombi_request uden MeMo-besked")
        self.received.append(
            {
                "choice": choice,
                "recipient": message.findtext(f".//{MEMO}recipientID"),
                "label": message.findtext(f"{MEMO}MessageHeader/{MEMO}label"),
                "transaction": request.headers["X-TransaktionsId"],
            }
        )
        return Response(status=200)
