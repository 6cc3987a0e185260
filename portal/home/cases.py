"""The family's own case: status, time, questions to answer, the decision, and the history.

Only the parent who sent the case sees it; anyone else gets 404, as if it did not exist.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import tracking
from portal.extensions import csrf, db
from portal.forms.base import error_targets
from portal.forms.cases import AnswerForm, WithdrawForm
from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.identity.session import current_parent, parent_required
from portal.limits import upload_limit
from portal.models import Case, InformationRequest
from portal.rules import case_status
from portal.rules.attachments import KINDS
from portal.rules.formatting import long_date
from portal.rules.labels import label
from portal.services import (
    accounts,
    attachments,
    cases,
    complaints,
    hearings,
    municipality_settings,
    supervision,
    training,
)
from portal.timeutil import local_date, now_utc, today_local
from portal.uploads import web
from portal.uploads.receive import Upload


def own_case(public_id: str, *, lock: bool = False) -> Case:
    query = select(Case).where(Case.public_id == public_id, Case.parent_id == current_parent().id)
    case = db.session.execute(
        query.options(
            selectinload(Case.decision),
            selectinload(Case.decisions),
            selectinload(Case.information_requests),
            selectinload(Case.delay_notices),
        )
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    g.page_municipality = case.municipality.settings
    return cases.lock_case(case.id) if lock else case


def _answer_form(req: InformationRequest, formdata=None) -> AnswerForm:
    return AnswerForm(formdata=formdata, prefix=f"svar-{req.id}")


def render_case(case: Case, *, forms: dict | None = None, errors=(), status: int = 200):
    forms = dict(forms or {})
    # A closed case takes no more answers; its unanswered questions are simply not shown.
    open_requests = cases.open_requests(case) if case_status.is_open(case.status) else []
    for req in open_requests:
        forms.setdefault(req.id, _answer_form(req))
    case_hearings = hearings.hearings_for(case)
    return (
        render_template(
            "home/case.html",
            title=_(label("case_type", case.case_type)),
            case=case,
            timeline=tracking.case_timeline(case),
            case_rules=municipality_settings.case_rules(case),
            history=tracking.history(case, for_parent=True),
            open_requests=open_requests,
            answered=[r for r in case.information_requests if not r.is_open],
            answer_forms=forms,
            question_files=attachments.by_question(case),
            open_hearings=[h for h in case_hearings if h.is_open],
            accounts=accounts.family_view(case),
            answered_hearings=[h for h in case_hearings if not h.is_open],
            errors=list(errors),
            status_explanation=case_status.STATUS_EXPLANATIONS[case.status],
            # The municipality's own case on the training is not the family's to withdraw.
            can_withdraw="withdrawn" in case_status.allowed_next(case.status, "parent")
            and case.case_type != "training_change",
            complaint_parts=complaints.complaint_parts(case, today_local()),
            can_complain=complaints.can_complain(case),
            complaint_deadline=complaints.deadline(case),
            can_complain_about_handling_time=complaints.can_complain_about_handling_time(case),
            visits=supervision.overview(case, today_local()),
            training=training.on_case(case, today_local()),
            limits=web.size_limits(),
        ),
        status,
    )


@parent_required
def case(public_id: str):
    return render_case(own_case(public_id))


@upload_limit
@parent_required
@csrf.exempt
def answer(public_id: str, request_id: int):
    """The answer to the caseworker's question: text and files in one post. A file that cannot
    be taken is refused at the field while the text and the good files are kept; a file
    already on the case is not stored again, and the family is told (as for a hearing,
    portal.home.hearings)."""
    case = own_case(public_id)
    req = _own_request(case, request_id)
    if not req.is_open:
        flash(_("I har allerede svaret på dette spørgsmål."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    upload, message = read_answer(case)
    if upload is None:
        form = _answer_form(req)
        form.answer.errors = [message]
        return render_case(case, forms={req.id: form}, errors=error_targets(form), status=400)
    try:
        return _keep_answer(case, req.id, upload)
    finally:
        upload.discard()


def read_answer(case: Case) -> tuple[Upload | None, str | None]:
    """The text and files of an answer (to a question or a hearing), read without holding a
    transaction (portal.uploads.web.read_with_files). When the post cannot be read: (None,
    what to tell the family, who must write the text again)."""
    existing = attachments.for_case(case, removed=False)
    upload, unread = web.read_with_files(attachments.limits(len(existing)))
    if upload is not None:
        return upload, None
    if unread == "too_large":
        return None, _(
            "Svaret er ikke sendt, fordi filerne tilsammen fylder mere end %(limit)s. Skriv "
            "svaret igen, og send filerne i flere omgange.",
            limit=web.size_text(current_app.config["UPLOAD_MAX_REQUEST_SIZE"]),
        )
    return None, _("Svaret er ikke sendt, fordi siden var åben for længe. Skriv svaret igen.")


def _own_request(case: Case, request_id: int) -> InformationRequest:
    req = next((r for r in case.information_requests if r.id == request_id), None)
    if req is None:
        abort(404)
    return req


def _keep_answer(case: Case, request_id: int, upload):
    parent = current_parent()
    # Read again under a lock: two tabs sending at once give one answer.
    case = own_case(case.public_id, lock=True)
    req = _own_request(case, request_id)
    # Answered in another tab, or the case closed since the page was opened: no file is kept
    # for a question that takes no answer.
    refusal = (
        _("I har allerede svaret på dette spørgsmål.")
        if not req.is_open
        else _("Sagen er lukket, så spørgsmålet tager ikke imod svar.")
        if not case_status.is_open(case.status)
        else None
    )
    if refusal:
        db.session.rollback()
        flash(refusal, "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    form = _answer_form(req, upload.fields)
    kind = form.kind.data if form.kind.data in KINDS else None
    kept = attachments.Kept()
    files_id = f"svar-{req.id}-files"
    try:
        kept = attachments.keep(
            upload,
            attachments.for_case(case, removed=False),
            kind=kind or "other",
            note=None,
            uploader=parent,
            case=case,
            info_request_id=req.id,
        )
        for resent in attachments.take_new_kind(kept, kind, parent, case, now=now_utc()):
            flash(resent_message(resent), "info")
        errors = [
            (files_id, web.problem_message(item.name, item.problem))
            for item in upload.files
            if item.problem is not None
        ]
        form.validate()
        errors = error_targets(form) + errors
        text = (form.answer.data or "").strip()
        with_files = bool(kept.attachments or kept.duplicates or _sent_with(case, req))
        if not errors and not text and not with_files:
            form.answer.errors = [_("Skriv jeres svar, eller vælg filer at sende med.")]
            errors = error_targets(form)
        if errors:
            # The good files are kept with the question; the text stays in the form.
            db.session.commit()
            return render_case(case, forms={req.id: form}, errors=errors, status=400)
        cases.answer_information_request(case, parent, req, text, now=now_utc())
        db.session.commit()
    except cases.CaseActionRefused as refused:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        flash(_(refused.msgid) % _params(refused), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    except BaseException:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        raise
    flash(_("Tak. Kommunen har fået jeres svar."), "success")
    return redirect(url_for("home.case", public_id=case.public_id))


def _sent_with(case: Case, req: InformationRequest) -> list:
    return attachments.by_question(case).get(req.id, [])


def resent_message(resent: attachments.Resent) -> str:
    """What became of a file the family sent again (attachments.take_new_kind)."""
    sent_on = long_date(local_date(resent.attachment.created_at), locale_name())
    if resent.earlier_kind is None:
        return _(
            "Filen %(name)s var allerede sendt den %(date)s; vi har ikke gemt den igen.",
            name=resent.name,
            date=sent_on,
        )
    return _(
        "Filen %(name)s var allerede sendt den %(date)s; vi har ikke gemt den igen. Den står "
        "nu som „%(kind)s“ i stedet for „%(earlier)s“.",
        name=resent.name,
        date=sent_on,
        kind=_(label("attachment", resent.attachment.kind)),
        earlier=_(label("attachment", resent.earlier_kind)),
    )


def _params(refused: cases.CaseActionRefused) -> dict:
    return {key: _(value) for key, value in refused.params.items()}


@parent_required
def withdraw(public_id: str):
    case = own_case(public_id, lock=request.method == "POST")
    form = WithdrawForm()
    if case.case_type == "training_change":
        flash(_("Kommunens egen sag kan ikke trækkes tilbage. Svar i høringen."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    if not case_status.is_open(case.status):
        flash(_("Sagen er lukket og kan ikke trækkes tilbage."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    if request.method == "POST" and form.validate():
        cases.withdraw(case, current_parent(), reason=form.reason.data or None, now=now_utc())
        db.session.commit()
        flash(_("I har trukket sagen tilbage. Kommunen har fået besked."), "success")
        return redirect(url_for("home.case", public_id=case.public_id))
    errors = error_targets(form) if request.method == "POST" else []
    return render_template(
        "home/withdraw.html",
        title=_("Vil I trække sagen tilbage?"),
        case=case,
        form=form,
        errors=errors,
    )
