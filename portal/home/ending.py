"""The family ends their home training themselves: the last day, the reason and what the child
needs instead, with what follows explained before they send (portal.rules.training).

Only the parent of the approved training reaches the page; anyone else gets 404."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.training import EndTrainingForm
from portal.home.cases import own_case
from portal.i18n import gettext as _
from portal.identity.session import current_parent, parent_required
from portal.rules import training as rules
from portal.rules.formatting import long_date
from portal.services import cases, training
from portal.timeutil import local_date, now_utc, today_local
from portal.wizard.checks import message


def _training(public_id: str, *, lock: bool = False):
    case = own_case(public_id, lock=lock)
    if training.on_case(case, today_local()).end is None:
        abort(404)
    return case


def _possible(form: EndTrainingForm, approved_on: date) -> bool:
    problem = rules.last_day_problem(form.last_day.data, approved_on=approved_on)
    if problem:
        form.last_day.errors = [_(problem, day=long_date(approved_on))]
    return problem is None


@parent_required
def end_training(public_id: str):
    case = _training(public_id, lock=request.method == "POST")
    today = today_local()
    end = training.training_end(case, today)
    if end.state != "active":
        flash(_("Hjemmetræningen er allerede ved at slutte eller slut."), "info")
        return redirect(url_for("home.case", public_id=case.public_id))
    form = EndTrainingForm()
    advice = []
    approved_on = local_date(case.decision.decided_at)
    if request.method == "POST" and form.validate() and _possible(form, approved_on):
        found = rules.ending_findings(
            form.last_day.data,
            birth_date=case.child_birth_date,
            today=today,
        )
        advice = [message(f) for f in found]
        # Advice is shown once before sending; the family may send anyway: it is their choice.
        if not advice or request.form.get("advice_seen") == "1":
            try:
                training.end_by_family(
                    case,
                    current_parent(),
                    last_day=form.last_day.data,
                    reason=form.reason.data,
                    needs_instead=form.needs_instead.data or None,
                    now=now_utc(),
                )
            except cases.CaseActionRefused as refused:
                db.session.rollback()
                flash(_(refused.msgid), "info")
                return redirect(url_for("home.case", public_id=public_id))
            db.session.commit()
            flash(_("Kommunen har fået besked om, at I stopper hjemmetræningen."), "success")
            return redirect(url_for("home.case", public_id=case.public_id))
    errors = error_targets(form) if request.method == "POST" else []
    return render_template(
        "home/end_training.html",
        title=_("Stop hjemmetræningen"),
        case=case,
        form=form,
        errors=errors,
        advice=advice,
        end=end,
        accounts_after_weeks=rules.FINAL_ACCOUNTS_AFTER.days // 7,
    )
