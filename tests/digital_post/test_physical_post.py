"""A recipient exempt from Digital Post gets the letter on paper through SF1601 ("Fysisk
Post"): the loopback KombiPostAfsend gets a fjernprint ForsendelseI with the letter as a PDF
(made from the Word letter by LibreOffice) and the address from the CPR register, and refuses
what the real service refuses (no PDF, no address, no kind of letter). A holder with address
protection has no address in the portal: the letter fails and says what to do."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from portal import digital_post
from portal.digital_post import physical
from portal.digital_post.sf1601 import KOMBIPOST_ENTITY, PHYSICAL, kombi_request
from portal.services import letters
from tests.support.digital_post import FATHER_CPR, MOTHER_CPR
from tests.support.kombipost import _refusal_of

FJERNPRINT = "{urn:oio:fjernprint:1.0.0}"


def _father(db, case, address: str | None):
    row = letters.deliveries_for(case)[1]
    row.recipient_address = address
    db.session.commit()
    return row


def test_an_exempt_recipient_gets_the_letter_printed_from_a_pdf_at_their_address(
    decided, db, serviceplatformen
):
    _family, case = decided
    serviceplatformen.exempt.add(FATHER_CPR)
    row = _father(db, case, "Kirkegade 14, 1. tv., 6700 Esbjerg")

    letters.deliver(row)

    assert row.status == "delivered" and row.channel == "physical"
    (sent,) = serviceplatformen.received
    assert sent["choice"] == "Fysisk Post"
    # A person is addressed by the address; the number field holds the service's zeros.
    assert sent["recipient"] == "0000000000"
    assert sent["address"] == [
        ("PersonName", "Lars Hansen"),
        ("StreetName", "Kirkegade"),
        ("StreetBuildingIdentifier", "14"),
        ("FloorIdentifier", "1"),
        ("SuiteIdentifier", "tv"),
        ("PostCodeIdentifier", "6700"),
        ("DistrictSubdivisionIdentifier", "Esbjerg"),
        ("CountryIdentificationCode", "DK"),
    ]
    assert sent["label"] == f"Afgørelse i sag {case.number}"
    printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sent["pdf"])).pages)
    assert case.number in printed


def test_an_exempt_recipient_with_a_protected_address_is_a_failed_letter_saying_what_to_do(
    decided, db, serviceplatformen
):
    _family, case = decided
    serviceplatformen.exempt.add(FATHER_CPR)
    row = _father(db, case, None)

    with pytest.raises(digital_post.DeliveryFailed) as failure:
        letters.deliver(row)

    assert failure.value.permanent
    assert row.status == "failed"
    assert "Lars Hansen er fritaget for Digital Post" in row.error
    assert "adressebeskyttelse via CPR-kontoret" in row.error
    assert serviceplatformen.received == []


def test_without_the_kind_of_letter_from_kombit_no_letter_on_paper_goes(
    decided, db, serviceplatformen, app
):
    _family, case = decided
    serviceplatformen.exempt.add(FATHER_CPR)
    row = _father(db, case, "Strandvejen 88, 6710 Esbjerg V")
    app.config["DIGITAL_POST_FORSENDELSESTYPE"] = None
    app.extensions["digital_post"] = None

    with pytest.raises(digital_post.DeliveryFailed) as failure:
        letters.deliver(row)

    assert failure.value.permanent and "DIGITAL_POST_FORSENDELSESTYPE" in row.error
    assert serviceplatformen.received == []


def test_the_service_refuses_a_letter_on_paper_that_is_not_a_pdf(decided, db, serviceplatformen):
    _family, case = decided
    serviceplatformen.registered.add(MOTHER_CPR)
    row = _father(db, case, "Strandvejen 88, 6710 Esbjerg V")
    letter = letters.letter_of(row)
    transport = digital_post.transport()
    # The Word letter itself, as a request that skipped the PDF would send it.
    body = kombi_request(PHYSICAL, forsendelse=physical.forsendelse(letter, letter.document, "265"))

    response = transport._request(
        "POST",
        serviceplatformen.service_url + "KombiPostAfsend_1/kombi",
        data=body,
        headers={**transport._headers(KOMBIPOST_ENTITY, "t-1"), "content-type": "application/xml"},
    )

    assert response.status_code == 400
    with pytest.raises(digital_post.DeliveryFailed) as failure:
        transport._check(response, "KombiPostAfsend")
    assert failure.value.permanent and "ikke en PDF" in str(failure.value)
    assert serviceplatformen.received == []


def test_what_the_service_needs_of_a_letter_on_paper(decided, db):
    _family, case = decided
    row = _father(db, case, "Vestergade 3, 6700 Esbjerg")
    letter = letters.letter_of(row)
    pdf = b"%PDF-1.7 printed letter"

    def refusal(change=None) -> str | None:
        paper = physical.forsendelse(letter, pdf, "265")
        item = paper.find(f"{FJERNPRINT}ForsendelseI")
        if change:
            change(item)
        return _refusal_of(item)

    def without(name: str, under: str | None = None):
        def remove(item: ET.Element) -> None:
            parent = item.find(under) if under else item
            parent.remove(parent.find(name))

        return remove

    assert refusal() is None
    assert refusal(without(f"{FJERNPRINT}ForsendelseTypeIdentifikator")) == (
        "ForsendelseTypeIdentifikator mangler"
    )
    assert refusal(without(f"{FJERNPRINT}ModtagerAdresse", f"{FJERNPRINT}ForsendelseModtager")) == (
        "ModtagerAdresse mangler"
    )
    street = "{http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/}StreetName"
    address = f"{FJERNPRINT}ForsendelseModtager/{FJERNPRINT}ModtagerAdresse"
    assert refusal(without(street, address)) == "ModtagerAdresse uden StreetName"
    assert _refusal_of(None) == "Fysisk Post uden ForsendelseI"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kirkegade 14, 1. tv., 6700 Esbjerg",
            physical.PostalAddress("Kirkegade", "14", "1", "tv", "6700", "Esbjerg"),
        ),
        (
            "Strandvejen 88, 6710 Esbjerg V",
            physical.PostalAddress("Strandvejen", "88", None, None, "6710", "Esbjerg V"),
        ),
        (
            "Torvet 3B, st. th., 6700 Esbjerg",
            physical.PostalAddress("Torvet", "3B", "st", "th", "6700", "Esbjerg"),
        ),
        ("", None),
        ("Et sted i Esbjerg", None),
    ],
)
def test_an_address_from_the_register_is_read_into_its_parts(text, expected):
    assert physical.parse_address(text) == expected
