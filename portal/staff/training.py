"""The caseworker's pages for the end or change of a training: "Kommunen ændrer eller stopper
hjemmetræningen" on an approved training (a proposal the family is heard on first), and the
decision on the family's notice or on the municipality's own proposal.

The training and the case are loaded within the caseworker's own municipality (404
otherwise); reading either is in the access log, and every request commits once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.training import ChangeDecisionForm, ChangeTrainingForm
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.rules import training as rules
from portal.services import cases, training
from portal.services.access_log import log_access
from portal.staff.case_page import municipality_case
from portal.timeutil import now_utc, today_local


def _refusal_text(refusal: cases.CaseActionRefused) -> str:
    return _(refusal.msgid) % {key: _(value) for key, value in refusal.params.items()}


@staff_required
def change_training(public_id: str):
    """Start here to adjust, reduce or stop an approved training; a supervision's follow-up
    links here with its recommendation as `grundlag` (the basis)."""
    case = municipality_case(public_id)
    today = today_local()
    end = training.on_case(case, today).end
    if end is None:
        abort(404)
    if request.method == "POST":
        case = cases.lock_case(case.id)
    staff = current_staff()
    if end.state == "ended":
        flash(_("Hjemmetræningen er slut. En ny hjemmetræning kræver en ny ansøgning."), "info")
        return redirect(url_for("staff.case", public_id=case.public_id))
    # A supervision's follow-up starts here with its recommendation and, when it has one, the
    # change it recommends ("forslag": adjust, reduce or end).
    basis = request.args.get("grundlag", "")[:8000]
    proposed = request.args.get("forslag")
    form = ChangeTrainingForm(
        data={
            "basis": basis,
            "kind": proposed if proposed in rules.CHANGE_KINDS else None,
            "effective_on": rules.earliest_effect("end", today),
        }
    )
    if request.method == "GET":
        log_access(case, staff, "opened", "ændring af hjemmetræningen")
        db.session.commit()
    elif form.validate():
        try:
            change = training.open_change(
                case,
                staff,
                kind=form.kind.data,
                proposal=form.proposal.data,
                effective_on=form.effective_on.data,
                by_agreement=bool(form.by_agreement.data),
                basis=form.basis.data or None,
                now=now_utc(),
            )
        except cases.CaseActionRefused as refusal:
            db.session.rollback()
            flash(_refusal_text(refusal), "info")
            return redirect(url_for("staff.case", public_id=public_id))
        log_access(case, staff, "changed", f"training_change:{change.kind}")
        log_access(change.case, staff, "changed", f"opened:{change.kind}")
        db.session.commit()
        flash(_("Sagen om ændringen er oprettet, og familien har fået besked."), "success")
        return redirect(url_for("staff.case", public_id=change.case.public_id))
    return render_template(
        "staff/change_training.html",
        title=_("Kommunen ændrer eller stopper hjemmetræningen"),
        case=case,
        end=end,
        form=form,
        errors=error_targets(form) if request.method == "POST" else [],
        notice_from=rules.earliest_effect("end", today),
    )


@staff_required
def decide_change(public_id: str):
    """The decision that confirms the family's end, or decides the municipality's change."""
    case = municipality_case(public_id)
    change = training.on_case(case, today_local()).change
    if change is None:
        abort(404)
    if request.method == "POST":
        case = cases.lock_case(case.id)
    staff = current_staff()
    if case.decision is not None:
        flash(_("Sagen er afgjort. Den kan ikke ændres."), "info")
        return redirect(url_for("staff.case", public_id=case.public_id))
    today = today_local()
    hearing = training.hearing_state(change)
    problem = training.decision_problem(change, hearing, today)
    earliest = training.earliest_effect(change, today)
    form = ChangeDecisionForm(data={"effective_on": max(earliest, change.effective_on)})
    errors = []
    if request.method == "GET":
        log_access(case, staff, "opened", "afgørelse")
        db.session.commit()
    elif form.validate():
        try:
            decision = training.decide_change(
                change,
                staff,
                effective_on=form.effective_on.data,
                text=form.text.data,
                complaint_guidance=form.complaint_guidance.data,
                hearing=hearing,
                now=now_utc(),
            )
        except cases.CaseActionRefused as refusal:
            db.session.rollback()
            case = municipality_case(public_id)
            change = training.change_of(case)
            form.effective_on.errors = [_refusal_text(refusal)]
            errors = error_targets(form)
        else:
            log_access(case, staff, "changed", f"decided:{decision.outcome}")
            db.session.commit()
            flash(_("Afgørelsen er sendt til familien."), "success")
            return redirect(url_for("staff.case", public_id=case.public_id))
    else:
        errors = error_targets(form)
    return render_template(
        "staff/decide_change.html",
        title=_("Træf afgørelse om hjemmetræningen"),
        case=case,
        change=change,
        form=form,
        errors=errors,
        problem=problem,
        earliest=earliest,
        hearing=hearing,
        hearings=[change.hearing] if change.hearing else [],
    )
