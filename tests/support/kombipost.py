"""A loopback server that answers as KOMBIT's Serviceplatformen does for SF1601: the security
token service, AccessTokenService, PostForespoerg and KombiPostAfsend, including its errors.

Built on pytest-httpserver (a real HTTP server on 127.0.0.1). Recipients are set up by CPR:
registered for Digital Post, exempt (physical post), or unknown to the service (a 400 with a
fault body, as the service answers an invalid recipient). A letter on paper ("Fysisk Post")
is refused unless it carries what KombiPostAfsend prints from: a fjernprint ForsendelseI with
the kind of letter, the recipient's address and a PDF (portal.digital_post.physical)."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

MEMO = "{https://DigitalPost.dk/MeMo-1}"
FJERNPRINT = "{urn:oio:fjernprint:1.0.0}"
DKAL = "{urn:oio:dkal:1.0.0}"
DAGPENGE = "{urn:oio:adir:dagpenge:2009.07.01}"
SAGDOK = "{urn:oio:sagdok:3.0.0}"
ITST = "http://rep.oio.dk/itst.dk/xml/schemas/2006/01/17/"
DKCC_2005 = "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/"
DKCC_2003 = "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/"
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
        if choice not in ("Digital Post", "Fysisk Post", "Automatisk Valg"):
            return self._fault(400, "InvalidMessage", f"Ukendt KombiValgKode: {choice!r}")
        message = root.find(f"{MEMO}Message")
        paper = root.find(f"{FJERNPRINT}ForsendelseISamling/{FJERNPRINT}ForsendelseI")
        # What a choice needs: a MeMo message for Digital Post, a fjernprint ForsendelseI for
        # Fysisk Post, both for Automatisk Valg (the service chooses).
        if choice != "Fysisk Post" and message is None:
            return self._fault(400, "InvalidMessage", "kombi_request uden MeMo-besked")
        if choice != "Digital Post":
            refused = _refusal_of(paper)
            if refused:
                return self._fault(400, "InvalidMessage", refused)
        entry = {"choice": choice, "transaction": request.headers["X-TransaktionsId"]}
        if message is not None:
            entry |= {
                "recipient": message.findtext(f".//{MEMO}recipientID"),
                "label": message.findtext(f"{MEMO}MessageHeader/{MEMO}label"),
            }
        if paper is not None:
            address = paper.find(f".//{FJERNPRINT}ModtagerAdresse")
            entry |= {
                "recipient": paper.findtext(f".//{DAGPENGE}CPRnummerIdentifikator"),
                "address": [(child.tag.rpartition("}")[2], child.text) for child in address],
                "pdf": base64.b64decode(paper.findtext(f"{DKAL}MeddelelseIndholdData")),
                "label": paper.findtext(f".//{SAGDOK}TitelTekst"),
            }
        self.received.append(entry)
        return Response(status=200)


def _refusal_of(paper: ET.Element | None) -> str | None:
    """Why KombiPostAfsend refuses a letter on paper, or None: it must name its kind of letter,
    the recipient's name and address in Denmark, and carry a PDF, which is what is printed."""
    if paper is None:
        return "Fysisk Post uden ForsendelseI"
    if not (paper.findtext(f"{FJERNPRINT}ForsendelseTypeIdentifikator") or "").isdigit():
        return "ForsendelseTypeIdentifikator mangler"
    address = paper.find(f"{FJERNPRINT}ForsendelseModtager/{FJERNPRINT}ModtagerAdresse")
    if address is None:
        return "ModtagerAdresse mangler"
    for namespace, name in (
        (ITST, "PersonName"),
        (DKCC_2005, "StreetName"),
        (DKCC_2003, "StreetBuildingIdentifier"),
        (DKCC_2005, "PostCodeIdentifier"),
        (DKCC_2003, "CountryIdentificationCode"),
    ):
        if not (address.findtext(f"{{{namespace}}}{name}") or "").strip():
            return f"ModtagerAdresse uden {name}"
    if not re.fullmatch(r"\d{4}", address.findtext(f"{{{DKCC_2005}}}PostCodeIdentifier")):
        return "PostCodeIdentifier skal være 4 cifre"
    if (paper.findtext(f"{DKAL}FilformatNavn") or "").upper() != "PDF":
        return "FilformatNavn skal være PDF"
    try:
        content = base64.b64decode(paper.findtext(f"{DKAL}MeddelelseIndholdData") or "")
    except ValueError:
        return "MeddelelseIndholdData er ikke base64"
    if not content.startswith(b"%PDF-"):
        return "MeddelelseIndholdData er ikke en PDF"
    if paper.find(f"{FJERNPRINT}DokumentParametre") is None:
        return "DokumentParametre mangler"
    return None
