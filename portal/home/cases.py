"""The family's own case: status, time, questions to answer, the decision, and the history.

Only the parent who sent the case sees it; anyone else gets 404, as if it did not exist.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import tracking
from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.cases import AnswerForm, WithdrawForm
from portal.i18n import gettext as _
from portal.identity.session import current_parent, parent_required
from portal.models import Case, InformationRequest
from portal.rules import case_status
from portal.rules.labels import label
from portal.services import (
    accounts,
    attachments,
    cases,
    complaints,
    hearings,
    supervision,
    training,
)
from portal.timeutil import now_utc, today_local


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
            can_complain_about_handling_time=complaints.can_complain_about_handling_time(case),
            visits=supervision.overview(case, today_local()),
            training=training.on_case(case, today_local()),
        ),
        status,
    )


@parent_required
def case(public_id: str):
    return render_case(own_case(public_id))


@parent_required
def answer(public_id: str, request_id: int):
    case = own_case(public_id, lock=True)
    req = next((r for r in case.information_requests if r.id == request_id), None)
    if req is None:
        abort(404)
    form = _answer_form(req, request.form)
    if not req.is_open:
        flash(_("I har allerede svaret på dette spørgsmål."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    if not form.validate():
        return render_case(case, forms={req.id: form}, errors=error_targets(form))
    try:
        cases.answer_information_request(
            case, current_parent(), req, form.answer.data, now=now_utc()
        )
    except cases.CaseActionRefused as refused:
        db.session.rollback()
        flash(_(refused.msgid) % _params(refused), "info")
        return redirect(url_for("home.case", public_id=public_id))
    db.session.commit()
    flash(_("Tak. Kommunen har fået jeres svar."), "success")
    return redirect(url_for("home.case", public_id=case.public_id))


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
