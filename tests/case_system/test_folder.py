"""The case's package in the case system's drop folder (CASE_SYSTEM_BACKEND=folder, the
embedded default): one folder per hand-off named by its key, with the dossier, the
application as PDF/A, every attachment and a JSON manifest whose SHA-256 sums match the files;
written so that an import never sees half a package, handed over once however often it is
delivered, and a failure tried again and shown on the case page."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree

import pypdf
from sqlalchemy import select

from portal import outbox
from portal.models import CaseHandoff, Notification
from portal.timeutil import today_local
from tests.support import files, tracking
from tests.support.documents import headings, open_docx
from tests.support.pages import get
from tests.support.uploads import send

STATEMENT = files.pdf(2)
VIDEO = files.mp4(64 * 1024)
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def received_case(make_client, esbjerg):
    """A case sent by Mette Hansen yesterday, with two files sent after it."""
    person, cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=1))
    browser = tracking.family(make_client, person, cpr)
    page = f"/ansoegning/sager/{case.public_id}/bilag"
    send(browser, page, [("Lægeerklæring.pdf", STATEMENT)], kind="medical_statement")
    send(browser, page, [("Anders træner.mp4", VIDEO)], kind="video_picture")
    return case


def handoffs_of(db, case) -> list[CaseHandoff]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(CaseHandoff).where(CaseHandoff.case_id == case.id).order_by(CaseHandoff.id)
        )
    )


def pdfa_identification(reader: pypdf.PdfReader) -> tuple[str, str]:
    """The PDF/A part and conformance the document declares in its XMP metadata (pdfaid),
    written as elements or as attributes."""
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    root = ElementTree.fromstring(xmp)  # noqa: S314 (the portal's own PDF)
    found = {}
    for element in root.iter():
        for name in ("part", "conformance"):
            if element.tag == f"{{{PDFAID}}}{name}":
                found[name] = element.text
            if f"{{{PDFAID}}}{name}" in element.attrib:
                found[name] = element.attrib[f"{{{PDFAID}}}{name}"]
    return found.get("part"), found.get("conformance")


def package_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_the_package_holds_the_dossier_the_application_as_pdfa_and_every_file_with_its_sha256(
    app, db, esbjerg, make_client, drop
):
    case = received_case(make_client, esbjerg)
    assert not drop.exists()  # queued with the case, handed over by the worker

    outbox.deliver()

    assert [p.name for p in drop.iterdir()] == [f"{case.number}-received"]
    folder = drop / f"{case.number}-received"
    stored = package_files(folder)
    manifest = json.loads(stored.pop("manifest.json"))
    assert manifest["format"] == "hjemmetraening-sagspakke/1"
    assert manifest["key"] == f"{case.number}-received"
    assert manifest["event"] == {"code": "received", "label": "Sagen er modtaget"}
    assert manifest["municipality"] == {"code": "561", "name": "Esbjerg Kommune"}
    assert manifest["case"] == {
        "number": case.number,
        "type": "new_application",
        "title": "Ansøgning om hjemmetræning",
        "esdh_case_number": None,
        "related_case_number": None,
    }
    assert manifest["child"] == {"name": case.child_name, "cpr": case.child_cpr}
    # Every file in the folder is in the manifest, and its SHA-256 and size are the file's.
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == set(stored)
    for path, content in stored.items():
        assert listed[path]["sha256"] == hashlib.sha256(content).hexdigest(), path
        assert listed[path]["size"] == len(content), path
    assert [item["path"] for item in manifest["files"]] == [
        f"Sag {case.number}.docx",
        f"Ansøgning i sag {case.number}.pdf",
        "Bilag/01 Udtalelse fra læge eller sygehus - Lægeerklæring.pdf",
        "Bilag/02 Video eller billede - Anders træner.mp4",
    ]
    # The files as the family sent them.
    assert stored["Bilag/01 Udtalelse fra læge eller sygehus - Lægeerklæring.pdf"] == STATEMENT
    assert stored["Bilag/02 Video eller billede - Anders træner.mp4"] == VIDEO
    assert listed["Bilag/02 Video eller billede - Anders træner.mp4"]["media_type"] == "video/mp4"

    assert headings(open_docx(stored[f"Sag {case.number}.docx"]), 0) == [f"Sag {case.number}"]

    # The application as PDF/A-2a: archival, and tagged for screen readers.
    reader = pypdf.PdfReader(io.BytesIO(stored[f"Ansøgning i sag {case.number}.pdf"]))
    assert pdfa_identification(reader) == ("2", "A")
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True and "/StructTreeRoot" in catalog
    assert "/OutputIntents" in catalog
    text = "".join(page.extract_text() for page in reader.pages)
    assert case.number in text

    [handoff] = handoffs_of(db, case)
    assert handoff.status == "delivered" and handoff.delivered_at is not None
    assert handoff.receipt.startswith(f"{case.number}-received/manifest.json (SHA-256 ")
    manifest_sum = hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()
    assert manifest_sum[:16] in handoff.receipt
    # Nothing half-written is left beside it.
    assert [p.name for p in drop.iterdir() if p.name.startswith(".")] == []


def test_a_package_handed_over_before_is_not_written_again_and_half_a_package_is_replaced(
    app, db, esbjerg, make_client, drop
):
    case = received_case(make_client, esbjerg)
    key = f"{case.number}-received"
    # What a worker killed while writing left behind: half a package under its hidden name.
    partial = drop / f".{key}.3f2a.part"
    (partial / "Bilag").mkdir(parents=True)
    (partial / "Bilag" / "halv.pdf").write_bytes(b"%PDF-1.7 halv")

    outbox.deliver()
    folder = drop / key
    first = package_files(folder)
    assert "Bilag/halv.pdf" not in first and not partial.exists()
    [handoff] = handoffs_of(db, case)
    receipt = handoff.receipt

    # A worker that handed the package over and stopped before recording it: the message is
    # delivered again, and the folder there is the package handed over.
    message = db.session.scalar(select(Notification).where(Notification.key == key))
    message.sent_at = None
    handoff.status, handoff.receipt = "waiting", None
    db.session.commit()
    (folder / "kvitteret-af-importen.txt").write_text("ESDH har laest pakken")
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)

    assert [p.name for p in drop.iterdir()] == [key]
    assert package_files(folder) == {**first, "kvitteret-af-importen.txt": b"ESDH har laest pakken"}
    [handoff] = handoffs_of(db, case)
    assert (handoff.status, handoff.receipt) == ("delivered", receipt)


def test_a_handoff_that_fails_is_shown_on_the_case_page_and_handed_over_at_the_next_attempt(
    app, db, esbjerg, make_client, drop, later
):
    case = received_case(make_client, esbjerg)
    # The share the case system's import watches is not there: a file stands in its place.
    drop.parent.mkdir(parents=True, exist_ok=True)
    drop.write_text("ikke en mappe")

    assert outbox.deliver().failed == 1
    [handoff] = handoffs_of(db, case)
    assert handoff.status == "failed" and "Sagspakken kunne ikke gemmes" in handoff.error
    message = db.session.scalar(select(Notification).where(Notification.key == handoff.key))
    assert message.failed_at is None and message.next_attempt_at is not None

    browser, _staff = tracking.caseworker(make_client, esbjerg)
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    [row] = page.soup.select("table.handoffs-table tbody tr")
    text = " ".join(row.get_text(" ", strip=True).split())
    assert text.startswith("Sagen er modtaget Ikke afleveret Portalen prøver igen af sig selv.")
    assert "Sagspakken kunne ikke gemmes" in text

    # Not before its time; then handed over once the share is back.
    drop.unlink()
    assert outbox.deliver() == outbox.Delivery()
    later(outbox.FIRST_RETRY.total_seconds() + 1)
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    [handoff] = handoffs_of(db, case)
    assert handoff.status == "delivered" and handoff.error is None
    assert (drop / handoff.key / "manifest.json").is_file()
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    [row] = page.soup.select("table.handoffs-table tbody tr")
    assert row.select_one(".handoff-status").get_text(strip=True) == "Afleveret"
    assert row.select_one(".handoff-receipt").get_text(strip=True) == handoff.receipt
