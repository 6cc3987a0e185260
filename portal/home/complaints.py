"""The family's complaints: about a decision (reasons and files in one form, a late complaint
received with advice, never refused), and about the handling time of a case not yet decided,
which goes to the municipality itself.

Only the parent whose case it is sees these pages (404 otherwise). A file that cannot be taken
is refused at the field while the reasons are kept; the complaint is recorded once.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from portal.extensions import csrf, db
from portal.forms.base import error_targets
from portal.forms.complaints import ComplaintForm, HandlingTimeComplaintForm
from portal.home.cases import own_case
from portal.i18n import gettext as _
from portal.identity.session import current_parent, parent_required
from portal.limits import upload_limit
from portal.models import Case
from portal.rules import complaints as rules
from portal.services import attachments, complaints, letters
from portal.services.cases import CaseActionRefused
from portal.timeutil import now_utc, today_local
from portal.uploads import web
from portal.wizard.checks import message


def _limits() -> dict:
    return {
        "document": web.size_text(current_app.config["UPLOAD_MAX_DOCUMENT_SIZE"]),
        "video": web.size_text(current_app.config["UPLOAD_MAX_VIDEO_SIZE"]),
    }


def _render(case: Case, form: ComplaintForm, errors=(), status: int = 200):
    advice = complaints.late_advice(case, today_local())
    return (
        render_template(
            "home/complaint.html",
            title=_("Klag over afgørelsen"),
            case=case,
            form=form,
            deadline=rules.complaint_deadline(letters.received_on(case.decision)),
            advice=message(advice) if advice else None,
            advice_source=advice.source if advice else None,
            errors=list(errors),
            limits=_limits(),
        ),
        status,
    )


def _closed(case: Case):
    flash(_("Der er ingen afgørelse at klage over på sagen nu."), "info")
    return redirect(url_for("home.case", public_id=case.public_id))


@upload_limit
@parent_required
@csrf.exempt
def complaint(public_id: str):
    case = own_case(public_id)
    if not complaints.can_complain(case):
        return _closed(case)
    if request.method == "GET":
        return _render(case, ComplaintForm(formdata=None))
    existing = attachments.for_case(case, removed=False)
    upload, unread = web.read_with_files(attachments.limits(len(existing)))
    if upload is None:
        text = (
            _(
                "Klagen er ikke sendt, fordi filerne tilsammen fylder mere end %(limit)s. Skriv "
                "klagen igen, og send færre eller mindre filer.",
                limit=web.size_text(current_app.config["UPLOAD_MAX_REQUEST_SIZE"]),
            )
            if unread == "too_large"
            else _("Klagen er ikke sendt, fordi siden var åben for længe. Skriv klagen igen.")
        )
        case = own_case(public_id)
        return _render(case, ComplaintForm(formdata=None), [("reasons", text)], 400)
    try:
        return _keep(public_id, upload)
    finally:
        upload.discard()


def _keep(public_id: str, upload):
    case = own_case(public_id, lock=True)
    if not complaints.can_complain(case):
        db.session.rollback()
        return _closed(case)
    form = ComplaintForm(formdata=upload.fields)
    form.validate()
    refused_files = [
        (web.FILE_FIELD, web.problem_message(item.name, item.problem))
        for item in upload.files
        if item.problem is not None
    ]
    if refused_files:
        refused_files.append((web.FILE_FIELD, _("Vælg de filer, I vil sende med klagen, igen.")))
    errors = error_targets(form) + refused_files
    if errors:
        # Nothing is kept before the complaint can be sent whole: the reasons stay in the form.
        return _render(case, form, errors, 400)
    parent = current_parent()
    kept = attachments.Kept()
    try:
        kept = attachments.keep(
            upload,
            attachments.for_case(case, removed=False),
            kind="other",
            note=_("Sendt med klagen over afgørelsen"),
            uploader=parent,
            case=case,
        )
        # A file the case already has (same content) goes with the complaint too, unless it
        # went with an earlier one.
        files = kept.attachments + [
            same for _item, same in kept.duplicates if same.complaint_id is None
        ]
        complaints.complain(case, parent, reasons=form.reasons.data, now=now_utc(), files=files)
        db.session.commit()
    except CaseActionRefused as refused:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        flash(_(refused.msgid) % refused.params, "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    except IntegrityError:
        # SQLite takes no row lock: the other parent's complaint at the same moment was
        # recorded first (one complaint per decision), and this one is not kept twice.
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        flash(_("Kommunen har allerede modtaget en klage over denne afgørelse."), "info")
        return redirect(url_for("home.case", public_id=public_id))
    except BaseException:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        raise
    flash(_("Tak. Kommunen har fået jeres klage og ser på afgørelsen igen."), "success")
    return redirect(url_for("home.case", public_id=case.public_id))


@parent_required
def handling_time_complaint(public_id: str):
    case = own_case(public_id, lock=request.method == "POST")
    if not complaints.can_complain_about_handling_time(case):
        flash(
            _("Sagen er ikke under behandling, så der er ingen sagsbehandlingstid at klage over."),
            "info",
        )
        return redirect(url_for("home.case", public_id=case.public_id))
    form = HandlingTimeComplaintForm()
    if request.method == "POST" and form.validate():
        complaints.complain_about_handling_time(
            case, current_parent(), text=form.text.data, now=now_utc()
        )
        db.session.commit()
        flash(_("Tak. Kommunen har fået jeres klage og svarer jer skriftligt."), "success")
        return redirect(url_for("home.case", public_id=case.public_id))
    errors = error_targets(form) if request.method == "POST" else []
    return render_template(
        "home/handling_time_complaint.html",
        title=_("Klag over sagsbehandlingstiden"),
        case=case,
        form=form,
        errors=errors,
    ), (400 if errors else 200)
