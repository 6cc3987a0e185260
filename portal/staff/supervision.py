"""The caseworker's side of supervision: a visit's page (the family's plan, the record of the
visit and the report), moving a visit or adding one, sending the report for a hearing and the
follow-up. Every view loads the training within the caseworker's municipality and the visit
within the training (404 otherwise), writes the access log and commits once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.supervision import FollowUpForm, MoveVisitForm, VisitForm
from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.identity.session import current_staff, staff_required
from portal.models import Case, SupervisionVisit
from portal.rules import formatting
from portal.rules import supervision as rules
from portal.services import cases
from portal.services import supervision as service
from portal.services.access_log import log_access
from portal.staff.case_page import action_forms, municipality_case, render_case
from portal.timeutil import now_utc, today_local


def _load(public_id: str, visit_id: str) -> tuple[Case, SupervisionVisit]:
    case = municipality_case(public_id)
    visit = service.visit_of(case, visit_id)
    if visit is None:
        abort(404)
    return case, visit


def _visit_form(visit: SupervisionVisit) -> VisitForm:
    data = {}
    if visit.held_on is not None:
        data = {
            "held_on": visit.held_on,
            "participants": visit.participants or [],
            "participants_note": visit.participants_note or "",
            "child_heard": "ja" if visit.child_heard else "nej",
            "child_heard_how": visit.child_heard_how or "",
            "recommendation": visit.recommendation,
            "recommendation_reason": visit.recommendation_reason or "",
            **{f"report_{k}": v for k, v in (visit.report or {}).items()},
        }
    return VisitForm(formdata=None, prefix="besoeg", data=data)


def _render(case, visit, *, forms=None, errors=(), status: int = 200):
    forms = dict(forms or {})
    forms.setdefault("visit", _visit_form(visit))
    forms.setdefault("move", MoveVisitForm(formdata=None, prefix="flyt"))
    forms.setdefault("follow_up", FollowUpForm(formdata=None, prefix="opfoelgning"))
    today = today_local()
    return (
        render_template(
            "staff/supervision_visit.html",
            title=_("Tilsynsbesøg %(date)s", date=_long(visit.planned_on)),
            case=case,
            visit=visit,
            state=service.visit_state(visit, today),
            plan_due=rules.plan_due(visit.planned_on),
            plan=visit.plan,
            plan_files=service.plan_files(visit.plan),
            findings=service.visit_findings(visit),
            forms=forms,
            errors=list(errors),
            report_sections=rules.REPORT_SECTIONS,
            plan_sections=rules.PLAN_SECTIONS,
            next_step=service.follow_up_step(visit),
            change_basis=_change_basis(visit),
            hearings=service.report_hearings(visit),
        ),
        status,
    )


def _change_basis(visit) -> str:
    """What the municipality's change of the training rests on when the follow-up leads to
    one: the visit and its reasons, filled in on the change page (staff.change_training)."""
    reasons = visit.follow_up_note or visit.recommendation_reason or ""
    return _(
        "Tilsynsbesøg %(date)s: %(reasons)s",
        date=_long(visit.held_on or visit.planned_on),
        reasons=reasons,
    )


def _long(day) -> str:
    return formatting.long_date(day, locale_name())


@staff_required
def visit_page(public_id: str, visit_id: str):
    case, visit = _load(public_id, visit_id)
    log_access(case, current_staff(), "opened", f"supervision:{visit.public_id}")
    db.session.commit()
    return _render(case, visit)


def _done(case: Case, visit: SupervisionVisit, message: str, detail: str):
    log_access(case, current_staff(), "changed", f"{detail}:{visit.public_id}")
    db.session.commit()
    flash(message, "success")
    return redirect(
        url_for("staff.supervision_visit", public_id=case.public_id, visit_id=visit.public_id)
    )


def _refused(case, visit, refusal: cases.CaseActionRefused, target: str):
    db.session.rollback()
    case, visit = _load(case.public_id, visit.public_id)
    message = _(refusal.msgid) % {key: _(value) for key, value in refusal.params.items()}
    return _render(case, visit, errors=[(target, message)], status=409)


@staff_required
def record(public_id: str, visit_id: str):
    """Record the visit and keep the report; with "send", send it to the family too."""
    case, visit = _load(public_id, visit_id)
    cases.lock_case(case.id)
    form = VisitForm(prefix="besoeg")
    sending = request.form.get("_action") == "send"
    valid = form.validate()
    if valid and sending and form.missing_for_sending():
        valid = False
    if not valid:
        return _render(case, visit, forms={"visit": form}, errors=error_targets(form), status=400)
    data = service.ReportInput(
        held_on=form.held_on.data,
        participants=form.participants.data,
        participants_note=form.participants_note.data or "",
        child_heard=form.child_heard.data == "ja",
        child_heard_how=form.child_heard_how.data or "",
        sections=form.sections(),
        recommendation=form.recommendation.data or None,
        recommendation_reason=form.recommendation_reason.data or "",
    )
    now = now_utc()
    try:
        service.record_visit(visit, current_staff(), data, now=now)
        if sending:
            service.send_report(visit, current_staff(), now=now)
    except cases.CaseActionRefused as refusal:
        return _refused(case, visit, refusal, "besoeg-held_on")
    if sending:
        return _done(case, visit, _("Rapporten er sendt til familien i høring."), "report_sent")
    return _done(case, visit, _("Besøget og rapporten er gemt."), "visit_recorded")


@staff_required
def move(public_id: str, visit_id: str):
    case, visit = _load(public_id, visit_id)
    cases.lock_case(case.id)
    form = MoveVisitForm(prefix="flyt")
    if not form.validate():
        return _render(case, visit, forms={"move": form}, errors=error_targets(form), status=400)
    try:
        service.move_visit(visit, current_staff(), form.day.data, form.reason.data, now=now_utc())
    except cases.CaseActionRefused as refusal:
        return _refused(case, visit, refusal, "flyt-day")
    return _done(case, visit, _("Besøget er flyttet. Familien har fået besked."), "visit_moved")


@staff_required
def follow_up(public_id: str, visit_id: str):
    case, visit = _load(public_id, visit_id)
    cases.lock_case(case.id)
    form = FollowUpForm(prefix="opfoelgning")
    if not form.validate():
        return _render(
            case, visit, forms={"follow_up": form}, errors=error_targets(form), status=400
        )
    try:
        service.record_follow_up(
            visit, current_staff(), form.choice.data, form.note.data or "", now=now_utc()
        )
    except cases.CaseActionRefused as refusal:
        return _refused(case, visit, refusal, "opfoelgning-choice-0")
    return _done(
        case, visit, _("Opfølgningen er registreret. Familien har fået besked."), "follow_up"
    )


@staff_required
def add(public_id: str):
    """An extra visit (Bekendtgørelse § 4, stk. 6), from the case page."""
    case = municipality_case(public_id)
    cases.lock_case(case.id)
    form = MoveVisitForm(prefix="ekstra")
    if not service.is_training(case):
        abort(404)
    if not form.validate():
        return render_case(
            case,
            forms={**action_forms(case), "extra_visit": form},
            errors=error_targets(form),
            status=400,
        )
    visit = service.add_visit(case, current_staff(), form.day.data, form.reason.data, now=now_utc())
    return _done(
        case, visit, _("Det ekstra besøg er lagt ind. Familien har fået besked."), "visit_added"
    )
