"""A case's attachments for the caseworker: download (written to the case's access log) and
removal with a reason. Scoped like every staff view: another municipality's case is 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.attachments import RemoveAttachmentForm
from portal.forms.base import error_targets
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Attachment, Case
from portal.services import attachments
from portal.services.access_log import log_access
from portal.staff.case_page import municipality_case
from portal.timeutil import now_utc
from portal.uploads import web


def template_helpers():
    return {"case_attachments": attachments.for_case}


def _case_attachment(case: Case, attachment_id: str) -> Attachment:
    attachment = attachments.case_attachment(case, attachment_id)
    if attachment is None:
        abort(404)
    return attachment


@staff_required
def download_attachment(public_id: str, attachment_id: str):
    case = municipality_case(public_id)
    attachment = _case_attachment(case, attachment_id)
    staff = current_staff()
    # A removed file stays in the case's archive; only an administrator fetches it from there.
    if attachment.removed and staff.role != "admin":
        abort(404)
    log_access(
        case,
        staff,
        "downloaded_attachment",
        f"{attachment.original_name} (SHA-256 {attachment.sha256})",
    )
    db.session.commit()
    return web.send_attachment(attachment)


@staff_required
def remove_attachment(public_id: str, attachment_id: str):
    case = municipality_case(public_id)
    attachment = _case_attachment(case, attachment_id)
    if attachment.removed:
        return redirect(url_for("staff.case", public_id=case.public_id) + "#bilag")
    form = RemoveAttachmentForm()
    errors = []
    if request.method == "POST":
        if form.validate():
            attachments.remove_from_case(
                attachment, current_staff(), case, form.reason.data, now=now_utc()
            )
            db.session.commit()
            flash(_("„%(name)s“ er fjernet fra sagen.", name=attachment.original_name), "success")
            return redirect(url_for("staff.case", public_id=case.public_id) + "#bilag")
        errors = error_targets(form)
    return render_template(
        "staff/remove_attachment.html",
        title=_("Fjern bilag"),
        case=case,
        attachment=attachment,
        form=form,
        errors=errors,
    )
