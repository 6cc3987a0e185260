"""What the caseworker does to a case: take it, change its status, ask the family, give
notice of a delay and take a change during the year to note (the decision has a page of its
own, portal.staff.decisions). Each view loads the case within the caseworker's own
municipality (404 otherwise) and locks it, refuses a closed case, validates its form, calls one
operation of portal.services, writes the access log ("changed") and commits once.
"""

from __future__ import annotations

from flask import flash, redirect, url_for

from portal.extensions import db
from portal.forms.base import BaseForm, error_targets
from portal.forms.cases import DelayForm, NoteForm, QuestionForm, StatusForm
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Case
from portal.services import cases, changes
from portal.services.access_log import log_access
from portal.staff.case_page import (
    action_forms,
    closed_refusal,
    municipality_case,
    refused,
    render_case,
)
from portal.timeutil import now_utc


def _load(public_id: str) -> Case:
    case = municipality_case(public_id)
    return cases.lock_case(case.id)


def _done(case: Case, message: str, detail: str):
    log_access(case, current_staff(), "changed", detail)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.case", public_id=case.public_id))


def _invalid(case: Case, name: str, form: BaseForm):
    return render_case(case, forms=action_forms(case, {name: form}), errors=error_targets(form))


@staff_required
def take(public_id: str):
    case = _load(public_id)
    try:
        cases.take_case(case, current_staff(), now=now_utc())
    except cases.CaseActionRefused as refusal:
        return refused(case, refusal, "action-take")
    return _done(case, _("Du har taget sagen."), "taken")


@staff_required
def change_status(public_id: str):
    case = _load(public_id)
    if refusal := closed_refusal(case):
        return refused(case, refusal, "action-status")
    form = action_forms(case, {"status": StatusForm(prefix="status")})["status"]
    if not form.validate():
        return _invalid(case, "status", form)
    try:
        cases.change_status(
            case, form.to_status.data, current_staff(), reason=form.reason.data, now=now_utc()
        )
    except cases.CaseActionRefused as refusal:
        return refused(case, refusal, "action-status")
    return _done(case, _("Status er ændret. Familien har fået besked."), f"status:{case.status}")


@staff_required
def ask(public_id: str):
    case = _load(public_id)
    if refusal := closed_refusal(case):
        return refused(case, refusal, "action-question")
    form = QuestionForm(prefix="question")
    if not form.validate():
        return _invalid(case, "question", form)
    try:
        cases.ask_for_information(
            case, current_staff(), form.question.data, answer_by=form.answer_by.data, now=now_utc()
        )
    except cases.CaseActionRefused as refusal:
        return refused(case, refusal, "action-question")
    return _done(case, _("Spørgsmålet er sendt til familien."), "information_requested")


@staff_required
def delay(public_id: str):
    case = _load(public_id)
    if refusal := closed_refusal(case):
        return refused(case, refusal, "action-delay")
    form = DelayForm(prefix="delay")
    form.due = case.due_date
    if not form.validate():
        return _invalid(case, "delay", form)
    try:
        cases.record_delay_notice(
            case, current_staff(), form.new_date.data, form.reason.data, now=now_utc()
        )
    except cases.CaseActionRefused as refusal:
        return refused(case, refusal, "action-delay")
    return _done(case, _("Familien har fået besked om den nye dato."), "delay_notice")


@staff_required
def take_note(public_id: str):
    """A change the municipality only needs to know of, closed as "Taget til efterretning";
    a change that alters the grant is decided on the decision page instead."""
    case = _load(public_id)
    if refusal := closed_refusal(case):
        return refused(case, refusal, "action-note")
    form = NoteForm(prefix="note")
    if not form.validate():
        return _invalid(case, "note", form)
    try:
        changes.take_note(case, current_staff(), form.text.data, now=now_utc())
    except cases.CaseActionRefused as refusal:
        return refused(case, refusal, "action-note")
    return _done(case, _("Ændringen er taget til efterretning. Familien har fået besked."), "noted")
