"""What the caseworker does to a case: take it, change its status, ask the family and give
notice of a delay (the decision has a page of its own, portal.staff.decisions). Routes on the
staff blueprint; each loads the case within the caseworker's own municipality (404 otherwise),
locks it, calls one operation of portal.services.cases, writes the access log ("changed") and
commits once.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from sqlalchemy.exc import IntegrityError

from portal.auth.session import current_staff, staff_required
from portal.extensions import db
from portal.forms.base import BaseForm
from portal.forms.cases import DelayForm, QuestionForm, StatusForm
from portal.i18n import gettext as _
from portal.models import Case
from portal.rules import case_status
from portal.services import cases
from portal.services.access_log import log_access
from portal.services.answers import error_targets
from portal.staff.views import bp, municipality_case, render_case
from portal.timeutil import now_utc

# Statuses with an action of their own: a question needs its text, a decision its reasons.
_OWN_ACTION = frozenset({"information_requested", "decided"})


def status_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (status, _(case_status.STATUS_LABELS[status]))
        for status in case_status.allowed_next(case.status, "staff")
        if status not in _OWN_ACTION
    ]


def action_forms(case: Case, submitted: dict[str, BaseForm] | None = None) -> dict[str, BaseForm]:
    """The forms on the case page, the submitted one as it was posted (with its errors)."""
    forms: dict[str, BaseForm] = {
        "status": StatusForm(formdata=None, prefix="status"),
        "question": QuestionForm(formdata=None, prefix="question"),
        "delay": DelayForm(formdata=None, prefix="delay"),
    }
    forms.update(submitted or {})
    forms["status"].to_status.choices = [("", _("Vælg"))] + status_choices(case)
    return forms


def _load(public_id: str) -> Case:
    case = municipality_case(public_id)
    return cases.lock_case(case.id)


def _done(case: Case, message: str, detail: str):
    log_access(case, current_staff(), "changed", detail)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.case", public_id=case.public_id))


def _refused(case: Case, refused: cases.CaseActionRefused, target: str):
    db.session.rollback()
    case = municipality_case(case.public_id)
    message = _(refused.msgid) % {key: _(value) for key, value in refused.params.items()}
    return render_case(case, errors=[(target, message)], status=409)


def _closed(case: Case, target: str):
    try:
        case_status.check_open(case.status)
    except case_status.TransitionRefused as refused:
        return _refused(case, cases.CaseActionRefused.from_rules(refused), target)
    return None


def _invalid(case: Case, name: str, form: BaseForm):
    return render_case(case, forms=action_forms(case, {name: form}), errors=error_targets(form))


@bp.post("/sager/<public_id>/tag")
@staff_required
def take(public_id: str):
    case = _load(public_id)
    try:
        cases.take_case(case, current_staff(), now=now_utc())
    except cases.CaseActionRefused as refused:
        return _refused(case, refused, "action-take")
    return _done(case, _("Du har taget sagen."), "taken")


def _form_action(public_id: str, name: str, make_form, operate, message: str, detail):
    """Load and lock the case, refuse if it is closed, validate the form, make the change.
    `operate(case, form)` calls the service; `detail(case, form)` is the access log's note."""
    case = _load(public_id)
    target = f"action-{name}"
    if closed := _closed(case, target):
        return closed
    form = make_form(case)
    if not form.validate():
        return _invalid(case, name, form)
    try:
        operate(case, form)
    except cases.CaseActionRefused as refused:
        return _refused(case, refused, target)
    except IntegrityError:
        # SQLite takes no row lock: a second caseworker deciding at the same moment lands
        # here (one decision per case), and is told what the first one did.
        db.session.rollback()
        case = municipality_case(public_id)
        if closed := _closed(case, target):
            return closed
        raise
    return _done(case, message, detail(case, form))


def _status_form(case: Case) -> StatusForm:
    return action_forms(case, {"status": StatusForm(prefix="status")})["status"]


def _delay_form(case: Case) -> DelayForm:
    form = DelayForm(prefix="delay")
    form.due = case.due_date
    return form


@bp.post("/sager/<public_id>/status")
@staff_required
def change_status(public_id: str):
    return _form_action(
        public_id,
        "status",
        _status_form,
        lambda case, form: cases.change_status(
            case, form.to_status.data, current_staff(), reason=form.reason.data, now=now_utc()
        ),
        _("Status er ændret. Familien har fået besked."),
        lambda case, form: f"status:{case.status}",
    )


@bp.post("/sager/<public_id>/spoergsmaal")
@staff_required
def ask(public_id: str):
    return _form_action(
        public_id,
        "question",
        lambda case: QuestionForm(prefix="question"),
        lambda case, form: cases.ask_for_information(
            case, current_staff(), form.question.data, answer_by=form.answer_by.data, now=now_utc()
        ),
        _("Spørgsmålet er sendt til familien."),
        lambda case, form: "information_requested",
    )


@bp.post("/sager/<public_id>/forsinkelse")
@staff_required
def delay(public_id: str):
    return _form_action(
        public_id,
        "delay",
        _delay_form,
        lambda case, form: cases.record_delay_notice(
            case, current_staff(), form.new_date.data, form.reason.data, now=now_utc()
        ),
        _("Familien har fået besked om den nye dato."),
        lambda case, form: "delay_notice",
    )
