"""The case system over HTTPS (CASE_SYSTEM_BACKEND=rest), against a case system on loopback
that speaks the contract of portal.case_system.rest: the worker hands each package over with
its key as idempotency key, records the receipt and the case system's case number and sends
that number with the case's later packages; a case system that is down or too slow is tried
again later, a refused package is given up with the reason and shown to the administrator,
who has it handed over again; another municipality sees none of it."""

from __future__ import annotations

import hashlib
import os
import threading
from datetime import timedelta

from sqlalchemy import select

from portal import outbox
from portal.case_system import Package, PackageFile
from portal.case_system import connector as case_system_connector
from portal.models import CaseHandoff, Notification
from portal.timeutil import now_utc, today_local
from portal.worker import Worker
from tests.support import files, tracking
from tests.support.pages import assert_redirects, get
from tests.support.uploads import send

STATEMENT = files.pdf(2)


def handoffs_of(db, case) -> list[CaseHandoff]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(CaseHandoff).where(CaseHandoff.case_id == case.id).order_by(CaseHandoff.id)
        )
    )


def message_of(db, handoff: CaseHandoff) -> Notification:
    return db.session.scalar(select(Notification).where(Notification.key == handoff.key))


def test_the_worker_hands_each_package_over_and_the_caseworker_sees_receipt_and_case_number(
    app, db, esbjerg, other_municipality, make_client, case_system
):
    person, cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=1))
    page = f"/ansoegning/sager/{case.public_id}/bilag"
    send(tracking.family(make_client, person, cpr), page, [("Læge.pdf", STATEMENT)])

    Worker().round()  # what `flask worker` does at each round

    key = f"{case.number}-received"
    manifest, received = case_system.packages[key]
    assert list(received) == [
        f"Sag {case.number}.docx",
        f"Ansøgning i sag {case.number}.pdf",
        "Bilag/01 Udtalelse fra læge eller sygehus - Læge.pdf",
    ]
    assert received["Bilag/01 Udtalelse fra læge eller sygehus - Læge.pdf"] == STATEMENT
    assert [item["sha256"] for item in manifest["files"]] == [
        hashlib.sha256(content).hexdigest() for content in received.values()
    ]
    assert manifest["case"]["esdh_case_number"] is None
    [handoff] = handoffs_of(db, case)
    assert (handoff.status, handoff.receipt, handoff.esdh_case_number) == (
        "delivered",
        "KVIT-00001",
        "27.24.00-G01-1-26",
    )

    # The decision's package carries the case system's number for the case.
    staff_browser, staff = tracking.caseworker(make_client, esbjerg)
    tracking.decide(case, staff, on=today_local())
    Worker().round()
    decided = handoffs_of(db, case)[1]
    manifest, received = case_system.packages[decided.key]
    assert manifest["case"]["esdh_case_number"] == "27.24.00-G01-1-26"
    assert f"Afgørelse i sag {case.number}.docx" in received
    assert (decided.receipt, decided.esdh_case_number) == ("KVIT-00002", "27.24.00-G01-1-26")

    page = get(staff_browser, f"/sagsbehandling/sager/{case.public_id}")
    rows = page.soup.select("table.handoffs-table tbody tr")
    texts = [" ".join(row.get_text(" ", strip=True).split()) for row in rows]
    assert texts[0].startswith("Sagen er modtaget Afleveret KVIT-00001 27.24.00-G01-1-26")
    assert texts[1].startswith("Afgørelse Afleveret KVIT-00002 27.24.00-G01-1-26")
    assert page.soup.find("caption", id="handoffs-caption").get_text(strip=True) == "Sagssystemet"

    # Another municipality's caseworker does not find the case, nor what went to its ESDH.
    aarhus, _user = tracking.caseworker(make_client, other_municipality)
    assert aarhus.get(f"/sagsbehandling/sager/{case.public_id}").status_code == 404


def test_a_case_system_that_is_down_or_does_not_answer_is_tried_again_later(
    app, db, esbjerg, make_client, case_system, later
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    case_system.down_with = 503
    assert outbox.deliver().failed == 1
    [handoff] = handoffs_of(db, case)
    assert handoff.status == "failed"
    assert "HTTP 503" in handoff.error and "lukket for vedligeholdelse" in handoff.error
    message = message_of(db, handoff)
    assert message.failed_at is None and message.attempts == 1

    # Up again but slower than CASE_SYSTEM_TIMEOUT: no answer is a failure too.
    case_system.down_with = None
    case_system.delay = 3
    later(outbox.FIRST_RETRY.total_seconds() + 1)
    assert outbox.deliver().failed == 1
    [handoff] = handoffs_of(db, case)
    assert "Sagssystemet svarer ikke" in handoff.error
    assert message_of(db, handoff).failed_at is None

    case_system.delay = 0
    later(2 * outbox.FIRST_RETRY.total_seconds() + 1)
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    [handoff] = handoffs_of(db, case)
    assert (handoff.status, handoff.receipt, handoff.error) == ("delivered", "KVIT-00001", None)
    assert list(case_system.packages) == [handoff.key]


def test_a_package_the_case_system_has_received_before_is_not_filed_twice(
    app, db, esbjerg, case_system
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    outbox.deliver()
    [handoff] = handoffs_of(db, case)
    # The worker stopped after the case system answered and before recording it.
    message = message_of(db, handoff)
    message.sent_at = None
    handoff.status, handoff.receipt = "waiting", None
    db.session.commit()

    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    [handoff] = handoffs_of(db, case)
    assert (handoff.status, handoff.receipt) == ("delivered", "KVIT-00001")
    assert list(case_system.packages) == [handoff.key]
    posted = [request for request in case_system.requests if request[0] == "POST"]
    assert len(posted) == 2  # asked twice, filed once


def test_a_refused_package_is_given_up_with_the_reason_and_the_administrator_sends_it_again(
    app, db, esbjerg, other_municipality, make_client, case_system
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    case_system.refuse = "Sagstypen er ikke oprettet i ESDH for Esbjerg Kommune."
    assert outbox.deliver().failed == 1
    [handoff] = handoffs_of(db, case)
    message = message_of(db, handoff)
    # A 4xx is the case system's answer to the package itself: given up at once.
    assert message.attempts == 1 and message.failed_at is not None
    assert "HTTP 422" in message.last_error and "Sagstypen er ikke oprettet" in message.last_error

    staff_browser, _staff = tracking.caseworker(make_client, esbjerg)
    page = get(staff_browser, f"/sagsbehandling/sager/{case.public_id}")
    status = page.soup.select_one("table.handoffs-table .handoff-status").get_text(" ", strip=True)
    assert status.startswith("Ikke afleveret Opgivet. En administrator kan sende den igen")
    assert "Sagstypen er ikke oprettet" in status

    # Another municipality's administrator sees nothing of it and cannot send it.
    aarhus, _user = tracking.caseworker(make_client, other_municipality, role="admin")
    other = get(aarhus, "/sagsbehandling/forsendelser")
    assert case.number not in other.text()
    token = (
        other.form_values().get("csrf_token")
        or get(aarhus, "/sagsbehandling/statistik").form_values()["csrf_token"]
    )
    url = f"/sagsbehandling/forsendelser/{message.id}/send-igen"
    assert aarhus.post(url, data={"csrf_token": token}).status_code == 404

    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    deliveries = get(admin, "/sagsbehandling/forsendelser")
    [row] = [
        " ".join(row.get_text(" ", strip=True).split())
        for row in deliveries.soup.select("table.failed-deliveries tbody tr")
        if case.number in row.get_text() and "Sagssystemet" in row.get_text()
    ]
    assert f"Sagssystemet: Sag {case.number}: Sagen er modtaget" in row
    assert "Sagssystemet, Esbjerg Kommune" in row and "Sagstypen er ikke oprettet" in row

    case_system.refuse = None
    answer = admin.post(url, data={"csrf_token": deliveries.form_values()["csrf_token"]})
    assert_redirects(answer, "/sagsbehandling/forsendelser")
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    [handoff] = handoffs_of(db, case)
    assert (handoff.status, handoff.receipt) == ("delivered", "KVIT-00001")
    after = get(admin, "/sagsbehandling/forsendelser")
    assert after.soup.select("table.failed-deliveries tbody tr") == []


def test_a_file_from_a_stream_that_cannot_tell_its_length_goes_with_its_length(app, case_system):
    """An attachment on S3 is read off the network and cannot say how long it is: the
    connector sends it in chunks as it reads, with the length it was received with (never
    chunked encoding, which a case system need not accept)."""
    content = files.mp4(3 * 1024 * 1024 + 17)
    read_end, write_end = os.pipe()

    def write() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(content)

    writer = threading.Thread(target=write)
    writer.start()
    package = Package(
        key="HT-2026-000999-received",
        event="received",
        event_label="Sagen er modtaget",
        case_number="HT-2026-000999",
        case_type="new_application",
        case_title="Ansøgning om hjemmetræning",
        child_name="Anders Hansen",
        child_cpr="1503184321",
        municipality_code="561",
        municipality_name="Esbjerg Kommune",
        esdh_case_number=None,
        created_at=now_utc(),
        files=[
            PackageFile(
                "Bilag/01 Video.mp4",
                len(content),
                hashlib.sha256(content).hexdigest(),
                "video/mp4",
                "Video",
                lambda: os.fdopen(read_end, "rb"),
            )
        ],
    )
    with app.app_context():
        receipt = case_system_connector().deliver(package)
    writer.join()
    assert receipt.receipt == "KVIT-00001"
    [headers] = case_system.file_headers
    assert headers["Content-Length"] == str(len(content))
    assert "Transfer-Encoding" not in headers
    assert case_system.packages[package.key][1] == {"Bilag/01 Video.mp4": content}
