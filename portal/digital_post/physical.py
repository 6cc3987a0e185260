"""A letter on paper through SF1601 ("Fysisk Post"), for a recipient exempt from Digital Post.

KombiPostAfsend prints and posts a letter described as a fjernprint `ForsendelseI` (namespace
urn:oio:fjernprint:1.0.0), sent inside `ForsendelseISamling` in the kombi_request instead of
the MeMo message, as KOMBIT's field description of KombiPostAfsend and the public SF1601
clients (OS2forms' os2forms_digital_post, python-serviceplatformen) build it:

- AfsendelseIdentifikator: a UUID for this letter;
- ForsendelseTypeIdentifikator: the number KOMBIT gives the municipality for its kind of
  letter (DIGITAL_POST_FORSENDELSESTYPE);
- ForsendelseModtager: AfsendelseModtager/CPRnummerIdentifikator "0000000000" (a person is
  addressed by the address; the field description says so) and ModtagerAdresse: the name,
  street, house number, floor, door, postcode, town and country, in the schema's order;
- FilformatNavn "PDF" and MeddelelseIndholdData: the letter as a base64 PDF, which is what
  is printed (a Word letter cannot be);
- TransaktionsParametreI, DokumentParametre/TitelTekst (the letter's title) and
  PostParametre/PostKategoriKode "Prioritaire" (first-class post, as a decision with a
  complaint deadline needs).

A person with address protection has no address here (portal.registers), so no letter on
paper can be addressed by the portal: the letter fails and says what to do.
"""

from __future__ import annotations

import base64
import re
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from portal.digital_post.base import DeliveryFailed, Letter

FJERNPRINT = "urn:oio:fjernprint:1.0.0"
DKAL = "urn:oio:dkal:1.0.0"
DAGPENGE = "urn:oio:adir:dagpenge:2009.07.01"
SAGDOK = "urn:oio:sagdok:3.0.0"
ITST = "http://rep.oio.dk/itst.dk/xml/schemas/2006/01/17/"
DKCC_2005 = "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/"
DKCC_2003 = "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/"
# A person is addressed by name and address, not by number (KombiPostAfsend's field
# description; os2forms_digital_post and python-serviceplatformen send the same).
NO_CPR = "0000000000"

for _prefix, _namespace in (
    ("fjernprint", FJERNPRINT),
    ("dkal", DKAL),
    ("dagpenge", DAGPENGE),
    ("sagdok", SAGDOK),
    ("itst", ITST),
    ("dkcc", DKCC_2005),
    ("dkcc2", DKCC_2003),
):
    ET.register_namespace(_prefix, _namespace)


@dataclass(frozen=True)
class PostalAddress:
    street: str
    number: str
    floor: str | None
    door: str | None
    postcode: str
    town: str


# "Kirkegade 14, 1. tv., 6700 Esbjerg" or "Strandvejen 88, 6710 Esbjerg V", as the CPR
# register writes an address (portal.registers).
_ADDRESS = re.compile(
    r"^(?P<street>[^,\d]+?)\s+(?P<number>\d{1,3}\s?[A-Za-z]?)"
    r"(?:,\s*(?P<floor>st|kl|\d{1,2})\.?(?:\s+(?P<door>[^,]{1,4}?)\.?)?)?"
    r",\s*(?P<postcode>\d{4})\s+(?P<town>.+)$",
    re.IGNORECASE,
)


def parse_address(text: str | None) -> PostalAddress | None:
    found = _ADDRESS.match((text or "").strip())
    if found is None:
        return None
    return PostalAddress(
        street=found["street"].strip()[:40],
        number=found["number"].replace(" ", "").upper(),
        floor=found["floor"].lower() if found["floor"] else None,
        door=found["door"].strip() if found["door"] else None,
        postcode=found["postcode"],
        town=found["town"].strip()[:34],
    )


def to_pdf(document: bytes, soffice: str, *, timeout: float = 120) -> bytes:
    """The Word letter as a PDF, by LibreOffice without a window. A conversion that fails may
    pass (a busy machine): the letter is tried again."""
    with tempfile.TemporaryDirectory(prefix="fysisk-post-") as folder:
        source = Path(folder) / "brev.docx"
        source.write_bytes(document)
        try:
            subprocess.run(  # noqa: S603 (the configured LibreOffice, a file of our own)
                [
                    soffice,
                    # A profile of its own: two conversions at once do not share a lock.
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
            return (Path(folder) / "brev.pdf").read_bytes()
        except (OSError, subprocess.SubprocessError) as error:
            raise DeliveryFailed(f"Brevet kunne ikke laves som PDF til print: {error}") from error


def _sub(parent: ET.Element, namespace: str, name: str, value: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{name}")
    if value is not None:
        element.text = value
    return element


def forsendelse(letter: Letter, pdf: bytes, type_identifier: str) -> ET.Element:
    """`ForsendelseISamling` with the letter's `ForsendelseI`; DeliveryFailed (permanent) when
    the letter has no address a letter on paper can go to."""
    address = parse_address(letter.recipient_address)
    if address is None:
        raise DeliveryFailed(
            f"{letter.recipient_name} er fritaget for Digital Post og skal have brevet med "
            "posten, men portalen har ingen adresse, den kan bruge (fx ved navne- og "
            "adressebeskyttelse). Hent brevet på sagen og send det med almindelig post; ved "
            "adressebeskyttelse via CPR-kontoret.",
            permanent=True,
        )
    collection = ET.Element(f"{{{FJERNPRINT}}}ForsendelseISamling")
    item = _sub(collection, FJERNPRINT, "ForsendelseI")
    _sub(item, FJERNPRINT, "AfsendelseIdentifikator", str(uuid.uuid4()))
    _sub(item, FJERNPRINT, "ForsendelseTypeIdentifikator", type_identifier)
    recipient = _sub(item, FJERNPRINT, "ForsendelseModtager")
    who = _sub(recipient, DKAL, "AfsendelseModtager")
    _sub(who, DAGPENGE, "CPRnummerIdentifikator", NO_CPR)
    where = _sub(recipient, FJERNPRINT, "ModtagerAdresse")
    _sub(where, ITST, "PersonName", letter.recipient_name[:130])
    _sub(where, DKCC_2005, "StreetName", address.street)
    _sub(where, DKCC_2003, "StreetBuildingIdentifier", address.number)
    if address.floor:
        _sub(where, DKCC_2003, "FloorIdentifier", address.floor)
    if address.door:
        _sub(where, DKCC_2003, "SuiteIdentifier", address.door)
    _sub(where, DKCC_2005, "PostCodeIdentifier", address.postcode)
    _sub(where, DKCC_2005, "DistrictSubdivisionIdentifier", address.town)
    country = _sub(where, DKCC_2003, "CountryIdentificationCode", "DK")
    country.set("scheme", "iso3166-alpha2")
    _sub(item, DKAL, "FilformatNavn", "PDF")
    _sub(item, DKAL, "MeddelelseIndholdData", base64.b64encode(pdf).decode("ascii"))
    _sub(item, FJERNPRINT, "TransaktionsParametreI")
    parameters = _sub(item, FJERNPRINT, "DokumentParametre")
    _sub(parameters, SAGDOK, "TitelTekst", letter.title[:200])
    post = _sub(item, FJERNPRINT, "PostParametre")
    _sub(post, FJERNPRINT, "PostKategoriKode", "Prioritaire")
    return collection
