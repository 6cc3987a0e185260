"""Serviceplatformen's SF1520 "PersonBaseDataExtended" (CPR replika opslag): one SOAP call per
person, over mutual TLS with the municipality's system certificate, under its service agreement
(the invocation context). The contract is the local copy in wsdl/ (see wsdl/README.md)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import requests
import zeep
from zeep.exceptions import Error as ZeepError
from zeep.transports import Transport

from portal.registers.base import CustodyHolder, Person, PersonRegister, RegisterUnavailable
from portal.timeutil import today_local

WSDL = Path(__file__).parent / "wsdl" / "PersonBaseDataExtendedService.wsdl"
BINDING = "{http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/}PersonBaseDataExtendedBinding"

# CPR's custody types: 3 the mother, 4 the father, 5 and 6 another holder.
_CUSTODY_RELATION = {3: "mor", 4: "far", 5: "anden", 6: "anden"}


class _Session(requests.Session):
    """A session whose own CA bundle (CPR_CA_BUNDLE) is used even where REQUESTS_CA_BUNDLE is
    set: requests lets the environment's bundle win over a session's `verify`
    (psf/requests#3829), which would silently ignore the configured one."""

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        settings = super().merge_environment_settings(url, proxies, stream, verify, cert)
        if verify is None and self.verify is not True:
            settings["verify"] = self.verify
        return settings


class SF1520Register(PersonRegister):
    def __init__(
        self,
        endpoint: str,
        invocation_context: Mapping[str, str],
        *,
        timeout: float,
        client_cert: str | tuple[str, str] | None = None,
        verify: bool | str = True,
        today: date | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.invocation_context = dict(invocation_context)
        self.timeout = timeout
        self.client_cert = client_cert
        self.verify = verify
        self._today = today
        self._local = threading.local()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SF1520Register:
        cert = config["CPR_CLIENT_CERT"]
        if config.get("CPR_CLIENT_KEY"):
            cert = (cert, config["CPR_CLIENT_KEY"])
        return cls(
            config["CPR_ENDPOINT"],
            {
                "ServiceAgreementUUID": config["CPR_SERVICE_AGREEMENT_UUID"],
                "UserSystemUUID": config["CPR_USER_SYSTEM_UUID"],
                "UserUUID": config["CPR_USER_UUID"],
                "ServiceUUID": config["CPR_SERVICE_UUID"],
            },
            timeout=float(config["CPR_TIMEOUT"]),
            client_cert=cert,
            verify=config.get("CPR_CA_BUNDLE") or True,
        )

    def _service(self):
        # A client per thread: a requests session is not meant to be shared between threads.
        service = getattr(self._local, "service", None)
        if service is None:
            session = _Session()
            session.cert = self.client_cert
            session.verify = self.verify
            transport = Transport(
                session=session, timeout=self.timeout, operation_timeout=self.timeout
            )
            # Not strict: the real answers hold more than the local contract describes.
            client = zeep.Client(
                str(WSDL), transport=transport, settings=zeep.Settings(strict=False)
            )
            service = self._local.service = client.create_service(BINDING, self.endpoint)
        return service

    def person(self, cpr: str) -> Person | None:
        try:
            answer = self._service().PersonLookup(
                InvocationContext=self.invocation_context, PNR=cpr
            )
        except zeep.exceptions.Fault as fault:
            # Serviceplatformen answers an unknown number with a fault too; the wizard cannot
            # tell the difference and need not: manual entry stays either way.
            raise RegisterUnavailable(f"SF1520 fault: {fault.message}") from None
        except (requests.RequestException, ZeepError, OSError) as error:
            raise RegisterUnavailable(f"SF1520 unavailable: {error!r}") from None
        if answer is None or answer.persondata is None:
            return None
        return _person(cpr, answer, self._today or today_local())


def _person(cpr: str, answer, today: date) -> Person:
    data = answer.persondata
    relations = answer.relationer
    parents = {
        "mor": _number(getattr(relations, "mor", None)),
        "far": _number(getattr(relations, "far", None)),
    }
    custody = []
    for entry in getattr(relations, "foraeldremyndighed", None) or ():
        ended = entry.foraeldremyndighedSletdato
        if ended is not None and ended <= today:
            continue
        relation = _CUSTODY_RELATION.get(int(entry.foraeldremyndighedtype), "anden")
        holder = entry.relationPersonnummer or parents.get(relation)
        if holder:
            custody.append(CustodyHolder(cpr=holder, relation=relation))
    return Person(
        cpr=cpr,
        name=_name(data.navn),
        address=_address(answer.adresse),
        address_protected=_protected(data.adressebeskyttelse, today),
        children=tuple(child.personnummer for child in getattr(relations, "barn", None) or ()),
        custody=tuple(custody),
    )


def _number(relation) -> str | None:
    return getattr(relation, "personnummer", None) if relation is not None else None


def _name(name) -> str:
    if name is None:
        return ""
    parts = [name.fornavn, name.mellemnavn, name.efternavn]
    full = " ".join(part for part in parts if part)
    return full or name.personadresseringsnavn or ""


def _address(address) -> str | None:
    current = getattr(address, "aktuelAdresse", None) if address is not None else None
    if current is None or not current.standardadresse:
        return None
    town = " ".join(part for part in (current.postnummer, current.postdistrikt) if part)
    return ", ".join(part for part in (current.standardadresse, town) if part)


def _protected(protection, today: date) -> bool:
    """Fail closed: a protection entry counts unless it says it is off or has ended."""
    if protection is None:
        return False
    if protection.beskyttet is False:
        return False
    return protection.slutdato is None or protection.slutdato > today
