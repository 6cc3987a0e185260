"""The MeMo 1.2 schema the Digital Post tests validate against refuses what Digital Post would
refuse: a message missing a required part, parts in the wrong order, a malformed UUID, time or
content, or an unknown kind of identifier. The portal's own letters pass it.

The refusals run against the configured schema (`memo_schema`: the repository's own, or the
published one when MEMO_XSD_DIR points at it), so the two can be shown to agree. The rules the
published XSD leaves to the specification's text run against the repository's schema only."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from portal.digital_post import memo
from portal.digital_post.base import Letter

NS = memo.NAMESPACE


def _letter(**changes) -> Letter:
    values = {
        "message_uuid": "6f1c2b9e-8d4a-4c7e-9a21-3b5d7e9f1a2c",
        "title": "Afgørelse i sag HT-2026-0042",
        "filename": "Afgørelse i sag HT-2026-0042.docx",
        "document": b"PK\x03\x04 a Word letter",
        "recipient_cpr": "0101801234",
        "recipient_name": "Mette Hansen",
        "sender_cvr": "29189803",
        "sender_name": "Esbjerg Kommune",
        "case_number": "HT-2026-0042",
        "created_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    }
    return Letter(**(values | changes))


def _tree() -> ET.Element:
    return ET.fromstring(memo.build(_letter()))  # noqa: S314 (the portal's own message)


def _find(root: ET.Element, path: str) -> ET.Element:
    found = root.find("/".join(f"{{{NS}}}{step}" for step in path.split("/")))
    assert found is not None, path
    return found


def _xml(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def _refused(schema: xmlschema.XMLSchema, root: ET.Element) -> str:
    with pytest.raises(xmlschema.XMLSchemaValidationError) as refusal:
        schema.validate(_xml(root))
    return str(refusal.value)


# --- the portal's own letters pass ----------------------------------------------------------


@pytest.mark.parametrize(
    "letter",
    [
        _letter(),
        _letter(
            title="Partshøring i sag HT-2026-0042",
            filename="Partshøring i sag HT-2026-0042.docx",
            recipient_name="Lars Hansen",
            recipient_cpr="0202791234",
        ),
        # Text longer than MeMo allows is cut at 256 characters; a file name is cleaned of
        # the characters Digital Post refuses.
        _letter(
            title="Afgørelse om hjemmetræning " + "æøå " * 100,
            filename='Brev: "Afgørelse"/sag?.docx',
            sender_name="Kommunen " * 40,
        ),
    ],
    ids=["decision", "hearing", "long texts"],
)
def test_the_portals_letters_pass_the_schema(letter, memo_schema, own_memo_schema):
    xml = memo.build(letter).decode("utf-8")
    memo_schema.validate(xml)
    own_memo_schema.validate(xml)


def test_a_nemsms_without_a_body_passes_as_the_model_allows(memo_schema):
    root = _tree()
    root.remove(_find(root, "MessageBody"))
    _find(root, "MessageHeader/messageType").text = "NEMSMS"
    memo_schema.validate(_xml(root))


# --- refusals the published schema makes too ------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        ("MessageHeader", "messageType"),
        ("MessageHeader", "messageUUID"),
        ("MessageHeader", "label"),
        ("MessageHeader", "Sender"),
        ("MessageHeader", "Recipient"),
        ("MessageHeader/Sender", "idType"),
        ("MessageHeader/Sender", "label"),
        ("MessageHeader/Recipient", "recipientID"),
        ("MessageBody", "createdDateTime"),
        ("MessageBody", "MainDocument"),
        ("MessageBody/MainDocument", "File"),
        ("MessageBody/MainDocument/File", "encodingFormat"),
        ("MessageBody/MainDocument/File", "language"),
        ("MessageBody/MainDocument/File", "content"),
        ("MessageHeader/ContentData/CaseID", "caseSystem"),
    ],
)
def test_a_message_missing_a_required_part_is_refused(parent, child, memo_schema):
    root = _tree()
    holder = _find(root, parent)
    holder.remove(_find(holder, child))
    _refused(memo_schema, root)


def test_a_message_without_its_header_is_refused(memo_schema):
    root = _tree()
    root.remove(_find(root, "MessageHeader"))
    _refused(memo_schema, root)


def test_a_message_without_memo_version_is_refused(memo_schema):
    root = _tree()
    del root.attrib["memoVersion"]
    _refused(memo_schema, root)


@pytest.mark.parametrize(
    ("parent", "first", "second"),
    [
        ("MessageHeader", "messageType", "messageUUID"),
        ("MessageHeader", "Sender", "Recipient"),
        ("MessageHeader", "label", "mandatory"),
        ("MessageHeader/Sender", "senderID", "idType"),
        ("MessageBody/MainDocument/File", "filename", "language"),
    ],
)
def test_parts_in_the_wrong_order_are_refused(parent, first, second, memo_schema):
    root = _tree()
    holder = _find(root, parent)
    moved = _find(holder, first)
    holder.remove(moved)
    holder.insert(list(holder).index(_find(holder, second)) + 1, moved)
    _refused(memo_schema, root)


def test_a_body_before_the_header_is_refused(memo_schema):
    root = _tree()
    header = _find(root, "MessageHeader")
    root.remove(header)
    root.append(header)
    _refused(memo_schema, root)


@pytest.mark.parametrize(
    "uuid",
    [
        "not-a-uuid",
        "6f1c2b9e8d4a4c7e9a213b5d7e9f1a2c",  # without hyphens
        "6f1c2b9e-8d4a-1c7e-9a21-3b5d7e9f1a2c",  # version 1, not a random UUID
        "6f1c2b9e-8d4a-4c7e-9a21-3b5d7e9f1a2",  # one digit short
        "{6f1c2b9e-8d4a-4c7e-9a21-3b5d7e9f1a2c}",
        "",
    ],
)
def test_a_bad_message_uuid_is_refused(uuid, memo_schema):
    root = _tree()
    _find(root, "MessageHeader/messageUUID").text = uuid
    assert "messageUUID" in _refused(memo_schema, root)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("MessageHeader/messageType", "BREV"),
        ("MessageHeader/label", "x" * 257),
        ("MessageHeader/mandatory", "ja"),
        ("MessageBody/createdDateTime", "2026-03-02T10:30:00+01:00"),  # not in UTC
        ("MessageBody/createdDateTime", "2. marts 2026"),
        ("MessageBody/MainDocument/File/language", "dansk"),
        ("MessageBody/MainDocument/File/language", "d1"),
        ("MessageBody/MainDocument/File/content", "not base64!"),
        ("MessageBody/MainDocument/File/filename", "f" * 257),
    ],
)
def test_a_malformed_value_is_refused(path, value, memo_schema):
    root = _tree()
    _find(root, path).text = value
    _refused(memo_schema, root)


def test_an_element_the_model_does_not_know_is_refused(memo_schema):
    root = _tree()
    ET.SubElement(_find(root, "MessageHeader/Recipient"), f"{{{NS}}}email").text = "m@example.dk"
    _refused(memo_schema, root)


def test_a_message_in_another_namespace_is_refused(memo_schema):
    xml = memo.build(_letter()).decode("utf-8").replace(NS, "https://DigitalPost.dk/MeMo-2")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        memo_schema.validate(xml)


# --- rules of the specification the published XSD leaves as free text ----------------------


@pytest.mark.parametrize("id_type", ["CPRNR", "MyndighedsID", "cpr", ""])
@pytest.mark.parametrize("party", ["Sender", "Recipient"])
def test_an_unknown_kind_of_identifier_is_refused(party, id_type, own_memo_schema):
    root = _tree()
    _find(root, f"MessageHeader/{party}/idType").text = id_type
    assert "idType" in _refused(own_memo_schema, root)


def test_a_company_recipient_by_cvr_number_passes(own_memo_schema):
    root = _tree()
    _find(root, "MessageHeader/Recipient/recipientID").text = "29189803"
    _find(root, "MessageHeader/Recipient/idType").text = "CVR"
    own_memo_schema.validate(_xml(root))


def test_post_type_is_post_from_an_authority_or_a_business(own_memo_schema):
    root = _tree()
    header = _find(root, "MessageHeader")
    post_type = ET.Element(f"{{{NS}}}postType")
    header.insert(list(header).index(_find(header, "Sender")), post_type)
    post_type.text = "MYNDIGHEDSPOST"
    own_memo_schema.validate(_xml(root))
    post_type.text = "BREV"
    assert "postType" in _refused(own_memo_schema, root)


@pytest.mark.parametrize("mime", ["docx", "application", "application/", "/pdf", "text plain"])
def test_an_encoding_format_that_is_not_a_mime_type_is_refused(mime, own_memo_schema):
    root = _tree()
    _find(root, "MessageBody/MainDocument/File/encodingFormat").text = mime
    assert "encodingFormat" in _refused(own_memo_schema, root)


def test_a_message_of_another_memo_version_is_refused(own_memo_schema):
    root = _tree()
    root.set("memoVersion", "1.1")
    _refused(own_memo_schema, root)


def test_an_attachment_follows_the_main_document(own_memo_schema):
    root = _tree()
    body = _find(root, "MessageBody")
    attachment = ET.SubElement(body, f"{{{NS}}}AdditionalDocument")
    ET.SubElement(attachment, f"{{{NS}}}label").text = "Bilag"
    file = ET.SubElement(attachment, f"{{{NS}}}File")
    for name, value in (
        ("encodingFormat", "application/pdf"),
        ("filename", "Bilag.pdf"),
        ("language", "da"),
        ("content", base64.b64encode(b"%PDF-1.7").decode("ascii")),
    ):
        ET.SubElement(file, f"{{{NS}}}{name}").text = value
    own_memo_schema.validate(_xml(root))
    body.remove(attachment)
    body.insert(1, attachment)  # before the main document
    _refused(own_memo_schema, root)
