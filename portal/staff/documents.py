"""The case as documents for the caseworker: the dossier (.docx), the whole case as one ZIP
(the dossier, every attachment and a manifest of SHA-256 sums) and the decision letter.

Routes on the staff blueprint, scoped like every staff view: another municipality's case is
404. Every download is written to the case's access log before it is sent
(databeskyttelsesforordningen art. 32; portal.models.AccessLog).
"""

from __future__ import annotations

import hashlib

from flask import Response, abort, current_app, render_template

from portal import receipts
from portal.case_package import dossier as dossier_content
from portal.case_package import earlier_letters, zip_entries
from portal.dossier import decision_letter, kit
from portal.dossier.case_zip import CaseZipFailed, check_stored, stream_case_zip
from portal.downloads import download_headers, send_download
from portal.extensions import db
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Case
from portal.services.access_log import log_access
from portal.services.decisions import letter_content
from portal.staff.case_page import municipality_case
from portal.storage import storage
from portal.timeutil import now_utc


@staff_required
def dossier(public_id: str):
    case = municipality_case(public_id)
    content = dossier_content(case)
    log_access(
        case,
        current_staff(),
        "downloaded_dossier",
        f"SHA-256 {hashlib.sha256(content).hexdigest()}",
    )
    db.session.commit()
    return send_download(
        content, name=_("Sag %(number)s", number=case.number) + ".docx", mimetype=kit.WORD_TYPE
    )


@staff_required
def decision_letter_download(public_id: str):
    case = municipality_case(public_id)
    if case.decision is None:
        abort(404)
    content = letter_content(case)
    log_access(
        case,
        current_staff(),
        "downloaded_letter",
        f"SHA-256 {hashlib.sha256(content).hexdigest()}",
    )
    db.session.commit()
    return send_download(
        content, name=decision_letter.file_name(case.number), mimetype=kit.WORD_TYPE
    )


@staff_required
def receipt_pdf(public_id: str):
    """The family's receipt of what they sent, as they can download it themselves."""
    case = municipality_case(public_id)
    if not receipts.has_receipt(case):
        abort(404)
    content = receipts.receipt_pdf(case)
    log_access(
        case,
        current_staff(),
        "downloaded_receipt",
        f"SHA-256 {hashlib.sha256(content).hexdigest()}",
    )
    db.session.commit()
    return send_download(content, name=receipts.file_name(case), mimetype=receipts.PDF_TYPE)


def _zip_failed(case: Case, damaged=(), status: int = 500):
    return (
        render_template(
            "staff/zip_failed.html",
            title=_("Sagen kan ikke hentes som ZIP"),
            case=case,
            damaged=list(damaged),
        ),
        status,
    )


@staff_required
def case_zip(public_id: str):
    """The case as one ZIP, streamed as it is built: the download starts at once and the app
    server holds one chunk at a time, however large the case (portal.dossier.case_zip says
    how a damaged file is reported before and after the first byte)."""
    case = municipality_case(public_id)
    staff = current_staff()
    store = storage()
    entries = zip_entries(case)
    damaged = check_stored(entries, store.size)
    if damaged:
        current_app.logger.error(
            "case %s: the ZIP was not made; damaged attachments: %s",
            case.number,
            CaseZipFailed(damaged),
        )
        return _zip_failed(case, damaged)
    chunks = stream_case_zip(
        number=case.number,
        municipality=case.municipality.name,
        made_by=staff.name,
        made_at=now_utc(),
        dossier=dossier_content(case),
        entries=entries,
        open_file=store.open,
        letter=letter_content(case) if case.decision is not None else None,
        earlier_letters=earlier_letters(case),
    )
    # Logged before the first byte, as every download (a code, worded in the language of
    # whoever reads the log: portal.staff.access_log).
    log_access(case, staff, "downloaded_zip", f"files:{len(entries)}")
    db.session.commit()
    # The stream reads storage only, never the database: the request's session is done.
    response = Response(chunks, mimetype="application/zip", direct_passthrough=True)
    # A proxy passes it on as it comes (nginx would otherwise spool it to its own disk).
    response.headers["X-Accel-Buffering"] = "no"
    name = _("Sag %(number)s", number=case.number) + ".zip"
    return download_headers(response, name)
