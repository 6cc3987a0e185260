"""A letter as a MeMo 1.2 message (Meddelelsesmodellen, version 1.2: the namespace
https://DigitalPost.dk/MeMo-1 with memoVersion="1.2"; memoSchVersion is gone in 1.2).

The letter is the main document; the child's case number goes in ContentData/CaseID so the
family and the municipality find the letter by case.
"""

from __future__ import annotations

import base64
from datetime import UTC
from xml.etree import ElementTree as ET

from portal.digital_post.base import DeliveryFailed, Letter

NAMESPACE = "https://DigitalPost.dk/MeMo-1"
MEMO_VERSION = "1.2"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# MeMo's text fields hold at most 256 characters (MeMo_dataTypes.xsd, memoTextType).
TEXT_MAX = 256
# Digital Post refuses these characters in file names (digitaliser.dk, "Øget validering i
# Digital Post", November 2024).
_BAD_IN_FILENAME = set('<>:"/\\|?*\r\n\u00a0\u2028\u205f\u2060\u3000') | {
    chr(c) for c in range(0x2000, 0x200B)
}

ET.register_namespace("memo", NAMESPACE)


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, _q(name))
    element.text = value[:TEXT_MAX]
    return element


def safe_filename(name: str) -> str:
    cleaned = "".join("-" if ch in _BAD_IN_FILENAME else ch for ch in name)
    return cleaned[:TEXT_MAX]


def build(letter: Letter) -> bytes:
    """The MeMo message for ``letter``; raises DeliveryFailed when it cannot be addressed."""
    if not letter.recipient_cpr:
        raise DeliveryFailed(
            "Modtagerens CPR-nummer kendes ikke, så brevet kan ikke sendes som Digital Post.",
            permanent=True,
        )
    message = ET.Element(_q("Message"), {"memoVersion": MEMO_VERSION})
    header = ET.SubElement(message, _q("MessageHeader"))
    _text(header, "messageType", "DIGITALPOST")
    _text(header, "messageUUID", letter.message_uuid)
    _text(header, "label", letter.title)
    # A decision is legally binding mail the family must be able to rely on having got.
    _text(header, "mandatory", "true")
    _text(header, "legalNotification", "true")
    sender = ET.SubElement(header, _q("Sender"))
    _text(sender, "senderID", letter.sender_cvr)
    _text(sender, "idType", "CVR")
    _text(sender, "label", letter.sender_name)
    recipient = ET.SubElement(header, _q("Recipient"))
    _text(recipient, "recipientID", letter.recipient_cpr)
    _text(recipient, "idType", "CPR")
    _text(recipient, "label", letter.recipient_name)
    content = ET.SubElement(header, _q("ContentData"))
    case = ET.SubElement(content, _q("CaseID"))
    _text(case, "caseID", letter.case_number)
    _text(case, "caseSystem", "Hjemmetræning")
    body = ET.SubElement(message, _q("MessageBody"))
    created = letter.created_at.astimezone(UTC).replace(microsecond=0)
    _text(body, "createdDateTime", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    main = ET.SubElement(body, _q("MainDocument"))
    _text(main, "label", letter.title)
    file = ET.SubElement(main, _q("File"))
    _text(file, "encodingFormat", DOCX)
    _text(file, "filename", safe_filename(letter.filename))
    # Letters are made in Danish (portal.i18n.in_danish).
    _text(file, "language", "da")
    ET.SubElement(file, _q("content")).text = base64.b64encode(letter.document).decode("ascii")
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)
