"""SF1601 "KombiPostAfsend" on KOMBIT's Serviceplatformen (REST, mutual TLS).

The call goes as KOMBIT's programmer's guide for SF1601 describes it (three plain HTTP
requests, all with the organisation's certificate for mutual TLS):

1. a SAML token from the security token service (STS), for the service's entity id;
2. the SAML token exchanged for an access token (AccessTokenService_1/token);
3. the service itself with ``authorization: Holder-of-key <token>``,
   ``X-TransaktionsId`` and ``X-TransaktionsTid``.

Before sending, PostForespoerg_1 answers whether the recipient can receive Digital Post. A
recipient who is exempt gets the letter on paper through the same service: the request's
KombiValgKode is "Fysisk Post" instead of "Digital Post", and instead of the MeMo message it
carries a fjernprint ForsendelseI with the letter as a PDF and the recipient's address
(portal.digital_post.physical); the delivery records which way it went.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

import requests

from portal.digital_post import physical
from portal.digital_post.base import DeliveryFailed, Letter, Sent, Transport

KOMBIPOST_ENTITY = "http://entityid.kombit.dk/service/kombipostafsend/1"
POSTFORESPOERG_ENTITY = "http://entityid.kombit.dk/service/postforespoerg/1"
DIGITAL = "Digital Post"
PHYSICAL = "Fysisk Post"


@dataclass
class _Token:
    header: str
    expires: float


def _certificate_line(pem: str) -> str:
    """The public certificate on one line without its BEGIN/END lines: the STS's "UseKey"."""
    lines = [line.strip() for line in pem.strip().splitlines()]
    return "".join(line for line in lines if line and not line.startswith("-----"))


def fault_text(response: requests.Response) -> str:
    """What the service said was wrong, from a JSON problem, an XML fault or plain text."""
    body = response.text.strip()
    if not body:
        return f"HTTP {response.status_code}"
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("detail", "message", "title", "error_description", "error"):
            if isinstance(data.get(key), str) and data[key].strip():
                return data[key].strip()
    try:
        root = ET.fromstring(body)  # noqa: S314 (the answer of the configured service)
    except ET.ParseError:
        return body[:500]
    for element in root.iter():
        local = element.tag.rpartition("}")[2]
        if (
            local in ("faultstring", "FejlTekst", "ErrorText", "Text", "message")
            and (element.text or "").strip()
        ):
            return element.text.strip()
    return body[:500]


class KombiPostTransport(Transport):
    def __init__(
        self,
        *,
        service_url: str,
        sts_url: str,
        cvr: str,
        cert: tuple[str, str] | None,
        verify: str | bool = True,
        timeout: float = 30.0,
        forsendelsestype: str | None = None,
        soffice: str = "soffice",
    ) -> None:
        self.service_url = service_url if service_url.endswith("/") else service_url + "/"
        self.sts_url = sts_url
        self.cvr = cvr
        self.cert = cert
        self.verify = verify
        self.timeout = timeout
        self.forsendelsestype = forsendelsestype
        self.soffice = soffice
        self._tokens: dict[str, _Token] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config) -> KombiPostTransport:
        cert_file = config.get("DIGITAL_POST_CERT")
        key_file = config.get("DIGITAL_POST_KEY")
        return cls(
            service_url=config["DIGITAL_POST_SERVICE_URL"],
            sts_url=config["DIGITAL_POST_STS_URL"],
            cvr=config["DIGITAL_POST_SENDER_CVR"],
            cert=(cert_file, key_file) if cert_file and key_file else None,
            verify=config.get("DIGITAL_POST_CA_BUNDLE") or True,
            timeout=float(config.get("DIGITAL_POST_TIMEOUT") or 30),
            forsendelsestype=config.get("DIGITAL_POST_FORSENDELSESTYPE") or None,
            soffice=config.get("DIGITAL_POST_SOFFICE") or "soffice",
        )

    # --- the three requests -------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            return requests.request(
                method, url, cert=self.cert, verify=self.verify, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as error:
            raise DeliveryFailed(f"Serviceplatformen svarer ikke: {error}") from error

    def _use_key(self) -> str:
        if self.cert is None:
            return ""
        with open(self.cert[0], encoding="ascii") as pem:
            return _certificate_line(pem.read())

    def _token(self, entity_id: str) -> str:
        with self._lock:
            token = self._tokens.get(entity_id)
            if token is not None and token.expires > time.monotonic() + 60:
                return token.header
        saml = self._request(
            "POST",
            self.sts_url,
            json={
                "TokenType": "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1"
                "#SAMLV2.0",
                "RequestType": "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue",
                "KeyType": "http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey",
                "AnvenderKontekst": {"Cvr": self.cvr},
                "UseKey": self._use_key(),
                "AppliesTo": {"EndpointReference": {"Address": entity_id}},
                "OnBehalfOf": None,
            },
        )
        self._check(saml, "adgangsstyringen (STS)")
        try:
            assertion = saml.json()["RequestedSecurityToken"]["Assertion"]
        except (ValueError, KeyError, TypeError) as error:
            raise DeliveryFailed("Adgangsstyringen svarede uden SAML-token.") from error
        access = self._request(
            "POST",
            urljoin(self.service_url, "AccessTokenService_1/token"),
            data={"saml-token": assertion},
        )
        self._check(access, "AccessTokenService")
        try:
            answer = access.json()
            header = f"{answer['token_type']} {answer['access_token']}"
            expires = time.monotonic() + float(answer.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError) as error:
            raise DeliveryFailed("AccessTokenService svarede uden adgangstoken.") from error
        with self._lock:
            self._tokens[entity_id] = _Token(header, expires)
        return header

    def _headers(self, entity_id: str, transaction_id: str) -> dict[str, str]:
        return {
            "authorization": self._token(entity_id),
            "X-TransaktionsId": transaction_id,
            "X-TransaktionsTid": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    @staticmethod
    def _check(response: requests.Response, what: str) -> None:
        if response.status_code < 400:
            return
        text = fault_text(response)
        # 4xx: the request itself is wrong (an invalid recipient, a refused message); sending
        # it again gives the same answer. 5xx: the service is down or overloaded; try later.
        permanent = response.status_code < 500 and response.status_code not in (408, 429)
        raise DeliveryFailed(
            f"{what} afviste brevet (HTTP {response.status_code}): {text}", permanent=permanent
        )

    # --- the transport ------------------------------------------------------------------

    def can_receive_digital_post(self, cpr: str) -> bool:
        response = self._request(
            "GET",
            urljoin(self.service_url, "PostForespoerg_1/digitalpost"),
            params={"cprNumber": cpr},
            headers=self._headers(POSTFORESPOERG_ENTITY, str(uuid.uuid4())),
        )
        self._check(response, "PostForespoerg")
        try:
            return bool(response.json()["result"])
        except (ValueError, KeyError, TypeError) as error:
            raise DeliveryFailed("PostForespoerg svarede uden resultat.") from error

    def send(self, letter: Letter, memo_xml: bytes) -> Sent:
        if not letter.recipient_cpr:
            raise DeliveryFailed("Modtagerens CPR-nummer kendes ikke.", permanent=True)
        if self.can_receive_digital_post(letter.recipient_cpr):
            choice, body = DIGITAL, kombi_request(DIGITAL, memo_xml=memo_xml)
        else:
            choice, body = PHYSICAL, kombi_request(PHYSICAL, forsendelse=self._on_paper(letter))
        transaction_id = str(uuid.uuid4())
        response = self._request(
            "POST",
            urljoin(self.service_url, "KombiPostAfsend_1/kombi"),
            data=body,
            headers={
                **self._headers(KOMBIPOST_ENTITY, transaction_id),
                "content-type": "application/xml",
                "accept": "application/xml",
            },
        )
        self._check(response, "KombiPostAfsend")
        return Sent(
            channel="digital" if choice == DIGITAL else "physical", reference=transaction_id
        )

    def _on_paper(self, letter: Letter) -> ET.Element:
        if not self.forsendelsestype:
            raise DeliveryFailed(
                f"{letter.recipient_name} er fritaget for Digital Post og skal have brevet med "
                "posten, men portalen har ingen forsendelsestype til fysisk post "
                "(DIGITAL_POST_FORSENDELSESTYPE, som KOMBIT giver kommunen). Hent brevet på "
                "sagen og send det med almindelig post.",
                permanent=True,
            )
        # The address first: no PDF is made for a letter that cannot be addressed.
        physical.forsendelse(letter, b"", self.forsendelsestype)
        pdf = physical.to_pdf(letter.document, self.soffice)
        return physical.forsendelse(letter, pdf, self.forsendelsestype)


def kombi_request(
    choice: str, *, memo_xml: bytes | None = None, forsendelse: ET.Element | None = None
) -> bytes:
    """<kombi_request><KombiValgKode>…</KombiValgKode> and the MeMo message (Digital Post) or
    the ForsendelseISamling (Fysisk Post)</kombi_request>."""
    root = ET.Element("kombi_request")
    ET.SubElement(root, "KombiValgKode").text = choice
    if memo_xml is not None:
        root.append(ET.fromstring(memo_xml))  # noqa: S314 (our own MeMo message)
    if forsendelse is not None:
        root.append(forsendelse)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def decode_main_document(memo_xml: bytes) -> bytes:
    """The letter inside a MeMo message (for the loopback service and the tests)."""
    root = ET.fromstring(memo_xml)  # noqa: S314
    content = root.find(".//{https://DigitalPost.dk/MeMo-1}content")
    return base64.b64decode(content.text if content is not None else "")
