"""SF1520 PersonBaseDataExtended against a loopback Serviceplatformen: the same invented
families as the embedded register, asked over SOAP, read back as the same people."""

from __future__ import annotations

import ssl
import time
from datetime import date

import pytest
import trustme

from portal.registers import RegisterUnavailable
from portal.registers.custody import children_in_custody, within
from portal.registers.embedded import FileRegister
from portal.registers.serviceplatformen import SF1520Register
from tests.support.serviceplatformen import ACTION, loopback_serviceplatform

TODAY = date(2026, 12, 6)
CONTEXT = {
    "ServiceAgreementUUID": "42571b5d-6371-4edb-8729-1343a3f4c9b9",
    "UserSystemUUID": "99478e20-68e6-41ff-b822-681fb69b8ff2",
    "UserUUID": "e3108916-8ed9-4482-8045-57a5c2c6f4d3",
    "ServiceUUID": "e6be2436-bf35-4df2-83fe-925142825dc2",
}


@pytest.fixture
def platform():
    with loopback_serviceplatform() as platform:
        yield platform


def _register(platform, timeout: float = 3.0) -> SF1520Register:
    return SF1520Register(platform.url, CONTEXT, timeout=timeout, today=TODAY)


def test_a_lookup_sends_the_service_agreement_and_reads_the_person(platform):
    person = _register(platform).person("0203851236")

    assert person.name == "Mette Hansen"
    assert person.address == "Kirkegade 14, 1. tv., 6700 Esbjerg"
    assert person.children == ("1203184521", "1503064012")
    assert platform.requests == [{"action": ACTION, "pnr": "0203851236", "context": CONTEXT}]


def test_the_register_over_soap_gives_the_same_children_as_the_embedded_one(platform):
    over_soap = children_in_custody(_register(platform), "0203851236", TODAY)
    embedded = children_in_custody(FileRegister(), "0203851236", TODAY)

    assert over_soap == embedded
    [emma] = over_soap
    assert (emma.name, emma.cpr, emma.relation) == ("Emma Hansen", "1203184521", "mor")
    [jens] = emma.other_holders
    assert (jens.name, jens.relation, jens.address) == (
        "Jens Hansen",
        "far",
        "Strandvejen 88, 6710 Esbjerg V",
    )


def test_a_protected_address_is_not_read_from_the_answer(platform):
    peter = _register(platform).person("1910864342")

    assert peter.address_protected
    assert peter.address is None
    [noah] = children_in_custody(_register(platform), "0509874330", TODAY)
    assert [(h.name, h.address) for h in noah.other_holders] == [("Peter Nielsen", None)]


def test_a_parent_without_custody_and_a_child_over_18_are_not_offered(platform):
    assert children_in_custody(_register(platform), "0812804128", TODAY) == []
    offered = children_in_custody(_register(platform), "1107831234", TODAY)
    assert [child.name for child in offered] == ["Emma Hansen"]  # not Lukas, 20


def test_a_soap_fault_is_the_register_being_unavailable(platform):
    platform.fault = "Serviceaftalen er ikke gyldig"

    with pytest.raises(RegisterUnavailable, match="Serviceaftalen er ikke gyldig"):
        _register(platform).person("0203851236")


def test_an_unknown_number_is_unavailable_rather_than_a_crash(platform):
    with pytest.raises(RegisterUnavailable):
        _register(platform).person("0101901234")


def test_a_slow_platform_is_given_up_within_the_deadline(platform):
    platform.delay = 4
    started = time.monotonic()

    with pytest.raises(RegisterUnavailable):
        within(1.0, children_in_custody, _register(platform, timeout=1.0), "0203851236", TODAY)

    assert time.monotonic() - started < 1.5


def test_a_platform_that_is_not_there_is_unavailable():
    register = SF1520Register("http://127.0.0.1:9/service", CONTEXT, timeout=1, today=TODAY)

    with pytest.raises(RegisterUnavailable):
        register.person("0203851236")


@pytest.fixture
def mutual_tls(tmp_path):
    """Serviceplatformen's side of mutual TLS on loopback: a server certificate for 127.0.0.1
    and a demand for a client certificate from the same (test) CA; and the portal's system
    certificate and the CA as PEM files, as a municipality configures them."""
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    authority.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED
    system = authority.issue_cert("hjemmetraening-portal.kommune.example")
    files = {"ca": tmp_path / "ca.pem", "cert": tmp_path / "system.pem"}
    authority.cert_pem.write_to_path(str(files["ca"]))
    system.private_key_and_cert_chain_pem.write_to_path(str(files["cert"]))
    with loopback_serviceplatform(ssl_context=context) as platform:
        yield platform, files


def _configured(platform, files, with_cert: bool) -> SF1520Register:
    return SF1520Register.from_config(
        {
            "CPR_ENDPOINT": platform.url,
            "CPR_SERVICE_AGREEMENT_UUID": CONTEXT["ServiceAgreementUUID"],
            "CPR_USER_SYSTEM_UUID": CONTEXT["UserSystemUUID"],
            "CPR_USER_UUID": CONTEXT["UserUUID"],
            "CPR_SERVICE_UUID": CONTEXT["ServiceUUID"],
            "CPR_CLIENT_CERT": str(files["cert"]) if with_cert else None,
            "CPR_CLIENT_KEY": None,
            "CPR_CA_BUNDLE": str(files["ca"]),
            "CPR_TIMEOUT": 3,
        }
    )


def test_the_system_certificate_from_the_configuration_opens_mutual_tls(mutual_tls):
    platform, files = mutual_tls

    person = _configured(platform, files, with_cert=True).person("0203851236")

    assert person.name == "Mette Hansen"
    assert platform.requests[0]["context"] == CONTEXT


def test_without_the_system_certificate_the_platform_is_unavailable(mutual_tls):
    platform, files = mutual_tls

    with pytest.raises(RegisterUnavailable):
        _configured(platform, files, with_cert=False).person("0203851236")
    assert platform.requests == []
