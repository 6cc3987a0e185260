"""A decision letter as Digital Post: the MeMo 1.2 message of a real decision validates against
Digitaliseringsstyrelsen's schema, and the embedded default writes it to a folder."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from xml.etree import ElementTree as ET

from docx import Document
from sqlalchemy import select

from portal.digital_post import memo
from portal.models import LetterDelivery
from portal.rules.formatting import long_date
from portal.services import hearings, letters
from portal.timeutil import now_utc
from tests.support.digital_post import FATHER_CPR, MOTHER_CPR, deliver_letters

NS = {"memo": "https://DigitalPost.dk/MeMo-1"}


def _rows(case):
    return letters.deliveries_for(case)


def test_a_decision_waits_as_one_letter_per_holder_of_custody(decided, db):
    _family, case = decided
    rows = _rows(case)
    assert [(r.kind, r.recipient_name, r.recipient_cpr, r.status) for r in rows] == [
        ("decision", "Mette Hansen", MOTHER_CPR, "pending"),
        ("decision", "Lars Hansen", FATHER_CPR, "pending"),
    ]
    assert all(r.decision_id == case.decision.id for r in rows)
    assert rows[0].document == case.decision.letter


def test_the_memo_message_of_a_real_decision_validates_against_the_memo_schema(
    decided, db, memo_schema
):
    _family, case = decided
    row = _rows(case)[0]
    xml = memo.build(letters.letter_of(row))
    memo_schema.validate(xml.decode("utf-8"))
    root = ET.fromstring(xml)  # noqa: S314 (the portal's own message)
    assert root.get("memoVersion") == "1.2"
    assert root.findtext(".//memo:Recipient/memo:recipientID", namespaces=NS) == MOTHER_CPR
    assert root.findtext(".//memo:Sender/memo:label", namespaces=NS) == "Esbjerg Kommune"
    assert root.findtext(".//memo:CaseID/memo:caseID", namespaces=NS) == case.number
    main = root.find(".//memo:MainDocument/memo:File", NS)
    assert main.findtext("memo:filename", namespaces=NS) == f"Afgørelse i sag {case.number}.docx"
    content = base64.b64decode(main.findtext("memo:content", namespaces=NS))
    assert content == case.decision.letter


def test_the_folder_transport_writes_the_memo_file_and_the_letter_counts_as_delivered(
    decided, db, app, memo_schema
):
    _family, case = decided
    sent = deliver_letters()
    assert (sent.sent, sent.failed) == (len(_rows(case)), 0)
    outbox = Path(app.config["DIGITAL_POST_OUTBOX"])
    for row in _rows(case):
        assert row.status == "delivered" and row.channel == "digital"
        assert row.delivered_at is not None
        written = outbox / f"{row.message_uuid}.xml"
        memo_schema.validate(written.read_text(encoding="utf-8"))
    assert not list(outbox.glob(".*.part"))


def test_a_letter_to_someone_whose_cpr_is_unknown_fails_and_says_why(decided, db):
    _family, case = decided
    row = _rows(case)[0]
    row.recipient_cpr = None
    db.session.commit()
    assert deliver_letters().failed == 1
    db.session.refresh(row)
    assert row.status == "failed" and f"CPR-nummeret på {row.recipient_name}" in row.error
    assert (
        db.session.scalar(select(LetterDelivery.status).where(LetterDelivery.id == row.id))
        == "failed"
    )


def test_a_hearing_goes_to_the_family_as_a_letter_with_its_deadline(decided, db, memo_schema):
    family, _case = decided
    hearing = hearings.open_hearing(
        family.training,
        kind="ending",
        subject="Kommunen vil ændre tilsynet til ét besøg om året.",
        staff=family.caseworker,
        now=now_utc(),
    )
    db.session.commit()
    rows = [r for r in letters.deliveries_for(family.training) if r.kind == "hearing"]
    assert [(r.hearing_id, r.recipient_cpr) for r in rows] == [
        (hearing.id, MOTHER_CPR),
        (hearing.id, FATHER_CPR),
    ]
    assert rows[0].title == f"Partshøring i sag {family.training.number}"
    memo_schema.validate(memo.build(letters.letter_of(rows[0])).decode("utf-8"))
    text = "\n".join(p.text for p in Document(io.BytesIO(rows[0].document)).paragraphs)
    assert "Kommunen vil ændre tilsynet til ét besøg om året." in text
    assert long_date(hearing.answer_by) in text
