"""The caseworker's page for a year's accounts: each granted line with the family's ledger and
receipts, the approved spending per line, the computed claim, the hearing on it and then the
decision with its letter (seed 001 "Regnskab", "Tilbagebetalingskrav").

Routes on the staff blueprint. The case is loaded within the caseworker's own municipality
(404 otherwise); reads are in the access log, and each change commits once.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.accounts import AccountsDecisionForm, AccountsReviewForm
from portal.forms.base import error_targets
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Case
from portal.rules.accounts import claim_total
from portal.services import accounts
from portal.services.access_log import log_access
from portal.services.cases import CaseActionRefused, lock_case
from portal.staff.case_page import municipality_case
from portal.timeutil import now_utc, today_local
from portal.wizard.checks import message


def _accounts_case(public_id: str) -> Case:
    case = municipality_case(public_id)
    if not accounts.kept_as_ledger(case):
        abort(404)
    return case


def _review_form(lines) -> AccountsReviewForm:
    # Each line starts at what the family documented: the caseworker lowers what is not.
    return AccountsReviewForm(
        formdata=None,
        data={
            "lines": [
                {
                    "approved": line.approved if line.approved is not None else line.spent,
                    "reason": line.reason or "",
                }
                for line in lines
            ]
        },
    )


def _page(case: Case, *, review_form=None, decision_form=None, errors=(), status=200):
    lines = accounts.lines_for(case)
    reviewed = accounts.reviews(lines)
    claim = accounts.claim_for(case)
    return (
        render_template(
            "staff/accounts.html",
            title=_("Regnskab i sag %(number)s", number=case.number),
            case=case,
            year=accounts.year_of(case),
            rows=list(
                zip(lines, reviewed, (review_form or _review_form(lines)).lines, strict=True)
            ),
            entries=accounts.entries_by_line(case),
            review_form=review_form or _review_form(lines),
            decision_form=decision_form or AccountsDecisionForm(formdata=None),
            is_reviewed=accounts.reviewed(lines),
            claim_amount=claim_total(reviewed) if accounts.reviewed(lines) else None,
            claim=claim,
            hearing=accounts.hearing_of(claim),
            waits=accounts.waiting_reason(case, today=today_local()),
            review_waits=accounts.review_waits(case, today=today_local()),
            errors=list(errors),
        ),
        status,
    )


@staff_required
def review(public_id: str):
    case = _accounts_case(public_id)
    staff = current_staff()
    if request.method == "GET":
        log_access(case, staff, "opened", "regnskab")
        db.session.commit()
        return _page(case)
    case = lock_case(case.id)
    action = request.form.get("_action", "")
    try:
        if action == "review":
            return _post_review(case, staff)
        if action == "propose":
            accounts.propose_claim(case, staff, now=now_utc())
            log_access(case, staff, "changed", "repayment_proposed")
            db.session.commit()
            flash(_("Forslaget om tilbagebetaling er sendt til familien i partshøring."), "success")
            return redirect(url_for("staff.accounts", public_id=case.public_id))
        if action == "decide":
            return _post_decision(case, staff)
    except CaseActionRefused as refusal:
        db.session.rollback()
        case = _accounts_case(public_id)
        text = _(refusal.msgid) % {k: _(v) for k, v in refusal.params.items()}
        return _page(case, errors=[("regnskab-handlinger", text)], status=409)
    abort(400)


def _post_review(case: Case, staff):
    form = AccountsReviewForm()
    lines = accounts.lines_for(case)
    if len(form.lines.entries) != len(lines):
        abort(400)  # rows that are not the accounts': a tampered or outdated page
    if not form.validate():
        return _page(case, review_form=form, errors=error_targets(form))
    given = [
        accounts.LineInput(entry.form.approved.data, entry.form.reason.data or "")
        for entry in form.lines
    ]
    try:
        accounts.review(case, staff, given, now=now_utc())
    except accounts.ReviewRefused as refused:
        db.session.rollback()
        case = _accounts_case(case.public_id)
        for finding in refused.findings:
            index, _dot, key = finding.field.partition(".")
            field = form.lines.entries[int(index)].form[key]
            field.errors = [*field.errors, message(finding)]
        return _page(case, review_form=form, errors=error_targets(form))
    log_access(case, staff, "changed", "accounts_reviewed")
    db.session.commit()
    flash(_("Gennemgangen af regnskabet er gemt."), "success")
    return redirect(url_for("staff.accounts", public_id=case.public_id))


def _post_decision(case: Case, staff):
    form = AccountsDecisionForm()
    if not form.validate():
        return _page(case, decision_form=form, errors=error_targets(form))
    decision = accounts.decide(case, staff, text=form.text.data, now=now_utc())
    log_access(case, staff, "changed", f"decided:{decision.outcome}")
    db.session.commit()
    flash(_("Afgørelsen er sendt til familien."), "success")
    return redirect(url_for("staff.case", public_id=case.public_id))
