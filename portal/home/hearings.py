"""A hearing (partshøring) as the family reads and answers it: what the municipality proposes,
the last day to answer, and one form for their remarks and files.

Only the parent whose case it is sees it (404 otherwise). A file that cannot be taken is
refused at the field while the remarks and the good files are kept; the answer is recorded once.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import csrf, db
from portal.forms.base import error_targets
from portal.forms.hearings import HearingAnswerForm
from portal.home.cases import own_case, read_answer, resent_message
from portal.i18n import gettext as _
from portal.identity.session import current_parent, parent_required
from portal.limits import upload_limit
from portal.models import Case, Hearing
from portal.rules import hearings as rules
from portal.rules.labels import label
from portal.services import attachments, hearings
from portal.services.cases import CaseActionRefused
from portal.timeutil import now_utc, today_local
from portal.uploads import web


def _own_hearing(case: Case, hearing_id: str, *, lock: bool = False) -> Hearing:
    hearing = hearings.case_hearing(case, hearing_id, lock=lock)
    if hearing is None:
        abort(404)
    return hearing


def _render(case: Case, hearing: Hearing, form: HearingAnswerForm, errors=(), status: int = 200):
    return (
        render_template(
            "home/hearing.html",
            title=_(label("hearing", hearing.kind)),
            case=case,
            hearing=hearing,
            source=rules.KIND_SOURCES[hearing.kind],
            late=hearing.is_open and today_local() > hearing.answer_by,
            form=form,
            errors=list(errors),
            limits=web.size_limits(),
        ),
        status,
    )


@upload_limit
@parent_required
@csrf.exempt
def hearing(public_id: str, hearing_id: str):
    case = own_case(public_id)
    found = _own_hearing(case, hearing_id)
    if request.method == "POST":
        return _answer(case, found)
    return _render(case, found, HearingAnswerForm(formdata=None))


def _answer(case: Case, hearing: Hearing):
    if not hearing.is_open:
        flash(_("I har allerede svaret på denne høring."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    upload, message = read_answer(case)
    if upload is None:
        return _render(case, hearing, HearingAnswerForm(formdata=None), [("answer", message)], 400)
    try:
        return _keep_answer(case, hearing.public_id, upload)
    finally:
        upload.discard()


def _keep_answer(case: Case, hearing_id: str, upload):
    parent = current_parent()
    # Read again under a lock: two tabs sending at once give one answer.
    hearing = _own_hearing(case, hearing_id, lock=True)
    if not hearing.is_open:
        db.session.rollback()
        flash(_("I har allerede svaret på denne høring."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    form = HearingAnswerForm(formdata=upload.fields)
    kept = attachments.Kept()
    try:
        kept = attachments.keep(
            upload,
            attachments.for_case(case, removed=False),
            kind="other",
            note=_("Sendt med svaret på en høring"),
            uploader=parent,
            case=case,
            hearing_id=hearing.id,
        )
        for resent in attachments.take_new_kind(kept, None, parent, case, now=now_utc()):
            flash(resent_message(resent), "info")
        errors = [
            (web.FILE_FIELD, web.problem_message(item.name, item.problem))
            for item in upload.files
            if item.problem is not None
        ]
        form.validate()
        errors = error_targets(form) + errors
        with_files = bool(kept.attachments or kept.duplicates or hearing.attachments)
        if not errors and not (form.answer.data or "").strip() and not with_files:
            errors.append(
                ("answer", _("Skriv jeres bemærkninger, eller vælg filer at sende med svaret."))
            )
        if errors:
            # The good files are kept with the hearing; the remarks stay in the form.
            db.session.commit()
            db.session.refresh(hearing)
            return _render(case, hearing, form, errors, 400)
        hearings.answer_hearing(hearing, parent, text=form.answer.data or "", now=now_utc())
        db.session.commit()
    except CaseActionRefused as refused:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        flash(_(refused.msgid) % refused.params, "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    except BaseException:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        raise
    flash(_("Tak. Kommunen har fået jeres svar på høringen."), "success")
    return redirect(url_for("home.case", public_id=case.public_id))
