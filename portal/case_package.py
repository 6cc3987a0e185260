"""The case as a package of files, one way for both who take it: the caseworker's ZIP
(portal.staff.documents) and the hand-off to the municipality's case system
(portal.case_system), which the worker delivers (portal.outbox, channel "case_system").

A package holds the dossier, the decision letters, the attachments as the dossier numbers
them, each with the SHA-256 taken when it was made or received (portal.dossier.case_zip), and
for the case system also the application as the family sent it, as PDF/A (portal.receipts),
and a JSON manifest. It is put together when it is delivered, from what the case holds then.
"""

from __future__ import annotations

import io
import logging

from sqlalchemy import select

from portal import case_system, outbox, receipts
from portal.case_system import HandoffFailed, Package, PackageFile
from portal.dossier import case_dossier
from portal.dossier.case_zip import CaseFile, ZipEntry, case_files
from portal.extensions import db
from portal.forms.steps import case_sections
from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.models import Case, CaseHandoff
from portal.notify import handoffs
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.rules.labels import label
from portal.services import attachments
from portal.services.decisions import decision_letter_content, letter_content
from portal.services.dossier import dossier_data
from portal.storage import storage
from portal.timeutil import now_utc
from portal.uploads.web import download_name

__all__ = ["deliver", "dossier", "earlier_letters", "package", "register", "zip_entries"]

log = logging.getLogger(__name__)


@in_danish
def dossier(case: Case) -> bytes:
    sections = case_sections(case.case_type, case.application or {})
    return case_dossier.build(dossier_data(case, sections))


def zip_entries(case: Case) -> list[ZipEntry]:
    """The case's attachments as the dossier lists them: the same files, the same numbers."""
    return [
        ZipEntry(
            number=number,
            kind=_(label("attachment", a.kind)),
            name=download_name(a),
            storage_key=a.storage_key,
            size=a.size,
            sha256=a.sha256,
            content_type=a.content_type,
            uploaded=a.created_at,
            uploaded_by=a.uploaded_by_name,
        )
        for number, a in enumerate(attachments.for_case(case, removed=False), start=1)
    ]


def earlier_letters(case: Case) -> list[tuple[int, bytes]]:
    """The letters of decisions replaced after a complaint: they stay part of the case."""
    return [
        (d.sequence, decision_letter_content(case, d))
        for d in case.decisions
        if d.superseded_at is not None
    ]


@in_danish
def package(case: Case, handoff: CaseHandoff, esdh_case_number: str | None) -> Package:
    """The case as it stands now, packed for the case system under the hand-off's key."""
    store = storage()

    def opener(file: CaseFile):
        if file.content is not None:
            content = file.content
            return lambda: io.BytesIO(content)
        key = file.entry.storage_key
        return lambda: store.open(key)

    files = case_files(
        number=case.number,
        dossier=dossier(case),
        entries=zip_entries(case),
        letter=letter_content(case) if case.decision is not None else None,
        earlier_letters=earlier_letters(case),
        application_pdf=(
            receipts.receipt_pdf(case, archival=True) if receipts.has_receipt(case) else None
        ),
    )
    return Package(
        key=handoff.key,
        event=handoff.event,
        event_label=_(label("handoff_event", handoff.event)),
        case_number=case.number,
        case_type=case.case_type,
        case_title=_(CASE_TYPE_LABELS[case.case_type]),
        child_name=case.child_name,
        child_cpr=case.child_cpr,
        municipality_code=case.municipality.code,
        municipality_name=case.municipality.name,
        esdh_case_number=esdh_case_number,
        related_case_number=case.related_case.number if case.related_case else None,
        created_at=handoff.created_at,
        files=[
            PackageFile(f.path, f.size, f.sha256, f.media_type, f.about, opener(f)) for f in files
        ],
    )


def _known_case_number(case_id: int) -> str | None:
    """The case system's number for the case, from the first hand-off that got one."""
    return db.session.scalar(
        select(CaseHandoff.esdh_case_number)
        .where(CaseHandoff.case_id == case_id, CaseHandoff.esdh_case_number.is_not(None))
        .order_by(CaseHandoff.delivered_at, CaseHandoff.id)
        .limit(1)
    )


def deliver(message: outbox.Outgoing) -> None:
    """The case system channel's handler: the package of one hand-off, put together now and
    handed over; the receipt and the case system's case number recorded on the hand-off.
    Raises (the outbox tries again later) or gives up at once when the case system refuses
    the package."""
    handoff = db.session.scalar(select(CaseHandoff).where(CaseHandoff.key == message.key))
    if handoff is None:
        # The case was deleted meanwhile (portal.services.retention): nothing to hand over.
        raise outbox.Undeliverable("Sagen findes ikke længere i portalen.")
    try:
        case = db.session.get(Case, handoff.case_id)
        receipt = case_system.connector().deliver(
            package(case, handoff, _known_case_number(case.id))
        )
    except Exception as error:
        # Recorded on the hand-off for the caseworker's case page; the outbox keeps the
        # message and tries it again (or gives it up, for the administrator's page).
        db.session.rollback()
        handoff = db.session.scalar(select(CaseHandoff).where(CaseHandoff.key == message.key))
        handoff.status = "failed"
        handoff.error = str(error)[:1000] or type(error).__name__
        db.session.commit()
        if isinstance(error, HandoffFailed) and error.permanent:
            raise outbox.Undeliverable(str(error)) from error
        raise
    handoff.status = "delivered"
    handoff.receipt = receipt.receipt
    handoff.esdh_case_number = receipt.esdh_case_number or _known_case_number(handoff.case_id)
    handoff.error = None
    handoff.delivered_at = now_utc()
    db.session.commit()


def register() -> None:
    outbox.register(handoffs.CHANNEL, deliver)
