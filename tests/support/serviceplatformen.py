"""A loopback Serviceplatformen answering SF1520 PersonBaseDataExtended (PersonLookup) as the
real one does: SOAP 1.1 envelopes over HTTP, persons from a register file (the embedded
register's invented families unless told), a ServiceplatformFault as a SOAP fault, and a
delay to play a slow platform. A threaded werkzeug server, so a slow answer holds up no other.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from werkzeug import Request, Response
from werkzeug.serving import WSGIRequestHandler, make_server

from portal.registers.embedded import DEFAULT_FILE

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/"
PNR = "http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/"
INVOCATION = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
FAULT = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/"
ACTION = SERVICE + "PersonLookup"
CUSTODY_TYPES = {"mor": 3, "far": 4, "anden": 5}


@dataclass
class LoopbackServiceplatform:
    url: str
    persons: dict[str, dict]
    delay: float = 0.0
    fault: str | None = None  # an error text: every call answers with a SOAP fault
    requests: list[dict] = field(default_factory=list)

    def app(self, environ, start_response):
        request = Request(environ)
        envelope = etree.fromstring(request.get_data())
        number = envelope.findtext(f".//{{{PNR}}}PNR")
        context = envelope.find(f".//{{{INVOCATION}}}InvocationContext")
        self.requests.append(
            {
                "action": request.headers.get("SOAPAction", "").strip('"'),
                "pnr": number,
                "context": {etree.QName(e).localname: e.text for e in context}
                if context is not None
                else {},
            }
        )
        if self.delay:
            time.sleep(self.delay)
        if self.fault is not None:
            return _fault(self.fault)(environ, start_response)
        person = self.persons.get(number or "")
        if person is None:
            # Serviceplatformen answers an unknown number with its fault, as CPR does.
            return _fault("Personen findes ikke")(environ, start_response)
        return Response(_envelope(self._answer(person)), content_type="text/xml; charset=utf-8")(
            environ, start_response
        )

    def _answer(self, person: dict) -> str:
        names = person["name"].split(" ")
        first, last = " ".join(names[:-1]), names[-1]
        protected = (
            "<adressebeskyttelse><startdato>2020-01-01</startdato><beskyttet>true</beskyttet>"
            "</adressebeskyttelse>"
            if person.get("address_protected")
            else ""
        )
        street, _, town = person.get("address", "").rpartition(", ")
        postcode, _, district = town.partition(" ")
        relations = "".join(
            f"<barn><personnummer>{child}</personnummer></barn>"
            for child in person.get("children", ())
        )
        for holder in person.get("custody", ()):
            if holder["relation"] in ("mor", "far"):
                relations += (
                    f"<{holder['relation']}><personnummer>{holder['cpr']}</personnummer>"
                    f"</{holder['relation']}>"
                )
        for holder in person.get("custody", ()):
            # The mother and father are named by their own relation, another holder by number.
            number = (
                ""
                if holder["relation"] in ("mor", "far")
                else f"<relationPersonnummer>{holder['cpr']}</relationPersonnummer>"
            )
            relations += (
                "<foraeldremyndighed>"
                f"<foraeldremyndighedtype>{CUSTODY_TYPES[holder['relation']]}</foraeldremyndighedtype>"
                f"{number}</foraeldremyndighed>"
            )
        return (
            f'<PersonLookupResponse xmlns="{SERVICE}">'
            f"<persondata><personnummer>{person['cpr']}</personnummer>"
            f"<navn><personadresseringsnavn>{last},{first}</personadresseringsnavn>"
            f"<fornavn>{first}</fornavn><efternavn>{last}</efternavn></navn>"
            f"<antalBoernUnder18>{len(person.get('children', ()))}</antalBoernUnder18>"
            f"{protected}<tilmeldtDigitalpost>true</tilmeldtDigitalpost></persondata>"
            "<adresse><aktuelAdresse><kommunekode>561</kommunekode>"
            f"<postnummer>{postcode}</postnummer><postdistrikt>{district}</postdistrikt>"
            f"<standardadresse>{street}</standardadresse></aktuelAdresse></adresse>"
            f"<relationer>{relations}</relationer></PersonLookupResponse>"
        )


def _envelope(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="{SOAP}">'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    )


def _fault(text: str) -> Response:
    body = (
        "<soap:Fault><faultcode>soap:Server</faultcode>"
        f"<faultstring>{text}</faultstring><detail>"
        f'<ServiceplatformFault xmlns="{FAULT}"><ErrorList><Error>'
        f"<ErrorCode>CPR.0001</ErrorCode><ErrorText>{text}</ErrorText>"
        "</Error></ErrorList></ServiceplatformFault></detail></soap:Fault>"
    )
    return Response(_envelope(body), status=500, content_type="text/xml; charset=utf-8")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        pass


@contextlib.contextmanager
def loopback_serviceplatform(
    register_file: Path = DEFAULT_FILE, ssl_context: ssl.SSLContext | None = None
) -> Iterator[LoopbackServiceplatform]:
    """Serves on http://127.0.0.1, or https with `ssl_context` (mutual TLS when the context
    requires a client certificate, as Serviceplatformen does)."""
    with register_file.open(encoding="utf-8") as file:
        persons = {row["cpr"]: row for row in json.load(file)["persons"]}
    platform = LoopbackServiceplatform(url="", persons=persons)
    server = make_server(
        "127.0.0.1",
        0,
        platform.app,
        threaded=True,
        request_handler=_QuietHandler,
        ssl_context=ssl_context,
    )
    scheme = "https" if ssl_context is not None else "http"
    platform.url = f"{scheme}://127.0.0.1:{server.port}/service/CPR/PersonBaseDataExtended/4"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        thread.join()
