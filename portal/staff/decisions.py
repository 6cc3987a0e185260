"""The caseworker's decision page: every budget line with the amount granted or its refusal
and the reason, the overall outcome, the next supervision visits and the complaint guidance.

Routes on the staff blueprint. The case is loaded within the caseworker's own municipality
(404 otherwise) and locked while the decision is recorded; the rules' findings are shown on
the row or field they concern; the access log gets "changed" and the request commits once.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.decisions import CaseDecisionForm, line_position
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Case, Decision
from portal.rules import case_status
from portal.rules.budget import BudgetCheck
from portal.rules.case_types import OWN_PAGE_CASE_TYPES
from portal.rules.decisions import DecisionCheck, derived_outcome
from portal.rules.findings import Finding, errors, warnings
from portal.rules.lost_earnings import notice_date
from portal.services import accounts, cases, changes, complaints, decisions
from portal.services.access_log import log_access
from portal.staff.case_page import closed_refusal, municipality_case, refused
from portal.timeutil import now_utc, today_local
from portal.wizard.checks import message

# Where a finding without a row or field of its own is shown.
TOTALS_ID = "bevilget-i-alt"


def _fresh_form(
    budget: BudgetCheck | None,
    earnings: decisions.RequestedLostEarnings | None,
    replacing: Decision | None = None,
    text: str | None = None,
) -> CaseDecisionForm:
    """Every line starts at the amount asked for, every parent's lost earnings at the hours
    asked for and the family's estimate: the caseworker changes what is not granted. A change
    to a running grant starts at the earliest day it may take effect. A decision that replaces
    one after a complaint starts from its text and complaint guidance."""
    lines = [
        {"approved": max(line.amount, Decimal("0.00")), "refused": False, "reason": ""}
        for line in (budget.lines if budget else ())
    ]
    grants = [
        {
            "refused": False,
            "monthly_amount": estimate.gross_benefit or None,
            "weekly_hours": estimate.requested_weekly_hours,
            "takes_effect": notice_date(today_local()) if running is not None else None,
        }
        for estimate, running in zip(
            earnings.family.estimates if earnings else (),
            earnings.running if earnings else (),
            strict=True,
        )
    ]
    data = {"lines": lines, "lost_earnings": grants}
    if replacing is not None:
        data.update(text=replacing.text, complaint_guidance=replacing.complaint_guidance)
    elif text:
        data["text"] = text
    return CaseDecisionForm(formdata=None, data=data)


def _input(
    form: CaseDecisionForm, outcome: str, stand_in: dict[int, Decimal] | None = None
) -> decisions.DecisionInput:
    """The posted decision; a row in ``stand_in`` counts with that amount (a row whose amount
    cannot be read is checked as if granted in full, so the other rows still get checked)."""
    stand_in = stand_in or {}
    return decisions.DecisionInput(
        outcome=outcome,
        text=form.text.data or "",
        complaint_guidance=form.complaint_guidance.data or "",
        lines=[
            decisions.LineInput(
                index=line_position(entry),
                approved=stand_in.get(line_position(entry), entry.form.approved.data),
                refused=bool(entry.form.refused.data),
                reason=entry.form.reason.data or "",
            )
            for entry in form.lines
        ],
        next_supervision=form.next_supervision.data,
        second_supervision=form.second_supervision.data,
        lost_earnings=[
            decisions.GrantInput(
                index=line_position(entry),
                refused=bool(entry.form.refused.data),
                monthly_amount=entry.form.monthly_amount.data,
                weekly_hours=entry.form.weekly_hours.data,
                start=entry.form.start.data,
                follow_up=entry.form.follow_up.data,
                takes_effect=entry.form.takes_effect.data,
                reason=entry.form.reason.data or "",
            )
            for entry in form.lost_earnings
        ],
    )


def _rule_check(
    case: Case, form: CaseDecisionForm, budget: BudgetCheck | None
) -> tuple[DecisionCheck, bool]:
    """The rules' view of what was posted, also before an outcome is chosen or while a row
    cannot be read, so that every problem shows at once; and whether the totals are whole
    (False while a row's amount cannot be read)."""
    requested = (
        {line.index: max(line.amount, Decimal("0.00")) for line in budget.lines} if budget else {}
    )
    unreadable = {
        line_position(entry): requested[line_position(entry)]
        for entry in form.lines
        if entry.form.approved.errors and not entry.form.refused.data
    }
    chosen = form.outcome.data if form.outcome.data in case_status.OUTCOMES else None
    # Without a chosen outcome the lines, totals and dates are still checked; what depends on
    # the outcome waits until one is chosen.
    result = decisions.check(
        case, _input(form, chosen or "partly_approved", unreadable), decided_on=today_local()
    )
    kept = tuple(
        f
        for f in result.findings
        if not (chosen is None and f.code == "decision.supervision_missing")
        and f.field.partition(".")[0] not in {str(index) for index in unreadable}
    )
    return replace(result, findings=kept), not unreadable


def _place(form: CaseDecisionForm, found: list[Finding]) -> list[tuple[str, str]]:
    """Put each finding on its row or field; returns those shown by the totals."""
    rows = {line_position(entry): entry.form for entry in form.lines}
    parents = {line_position(entry): entry.form for entry in form.lost_earnings}
    elsewhere = []
    for finding in found:
        index, _dot, key = finding.field.partition(".")
        parent, _dot, parent_key = key.partition(".")
        if index.isdigit() and int(index) in rows and key in ("approved", "reason"):
            target = rows[int(index)][key]
        elif index == "lost_earnings" and parent.isdigit() and int(parent) in parents:
            target = parents[int(parent)][parent_key]
            if target.errors:
                continue  # the field already says what is wrong with it (it cannot be read)
        elif finding.field in ("outcome", "next_supervision", "second_supervision"):
            target = form[finding.field]
        else:
            elsewhere.append((TOTALS_ID, message(finding)))
            continue
        if message(finding) not in target.errors:
            target.errors = [*target.errors, message(finding)]
    return elsewhere


def _summary(form: CaseDecisionForm, elsewhere: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The error summary in the order of the page: the rows, the totals, the rest."""
    targets = error_targets(form)
    rows = [t for t in targets if t[0].startswith("lines-")]
    return rows + elsewhere + [t for t in targets if not t[0].startswith("lines-")]


def _page(
    case: Case,
    budget: BudgetCheck | None,
    form: CaseDecisionForm,
    *,
    result: DecisionCheck | None = None,
    errors_shown=(),
    status: int = 200,
):
    requested = [line for line in budget.lines] if budget else []
    rows = list(zip(requested, form.lines, strict=True))
    earnings = decisions.requested_lost_earnings(case)
    parents = (
        list(
            zip(
                earnings.family.estimates,
                earnings.names,
                earnings.running,
                form.lost_earnings,
                strict=True,
            )
        )
        if earnings
        else []
    )
    found = list(result.findings) if result else []
    return (
        render_template(
            "staff/decision.html",
            title=_("Træf afgørelse"),
            case=case,
            form=form,
            rows=rows,
            parents=parents,
            notice_from=notice_date(today_local()),
            budget=budget,
            result=result,
            suggested=derived_outcome(result.lines) if result else None,
            cap_warnings=[message(f) for f in warnings(found)],
            cap_position=result.position
            if result is not None and result.position is not None
            else decisions.cap_before_deciding(case, budget, decided_on=today_local()),
            totals_id=TOTALS_ID,
            errors=list(errors_shown),
        ),
        status,
    )


@staff_required
def decide(public_id: str):
    case = municipality_case(public_id)
    if accounts.kept_as_ledger(case):
        # Accounts are decided line by line after the review and any hearing on a claim.
        return redirect(url_for("staff.accounts", public_id=case.public_id))
    if case.case_type in OWN_PAGE_CASE_TYPES:
        # The end or change of a training has a decision page of its own.
        return redirect(url_for("staff.decide_change", public_id=case.public_id))
    if request.method == "POST":
        case = cases.lock_case(case.id)
    # A decided case gets a new decision only on reconsideration after a complaint, or when
    # Ankestyrelsen has changed it; the earlier decision stays on file.
    changing = complaints.may_change_decision(case)
    if not changing and (refusal := closed_refusal(case)):
        if request.method == "GET":
            flash(_(refusal.msgid), "info")
            return redirect(url_for("staff.case", public_id=case.public_id))
        return refused(case, refusal, "action-decision")
    budget = decisions.requested_budget(case)
    earnings = decisions.requested_lost_earnings(case)
    expected = [line.index for line in budget.lines] if budget else []
    expected_parents = list(range(len(earnings.names))) if earnings else []
    if request.method == "GET":
        # The page shows the case's personal data: it is in the access log like the case page.
        log_access(case, current_staff(), "opened", "afgørelse")
        db.session.commit()
        # A decision that replaces one after a complaint starts from it; a move between budget
        # lines starts from what the family asked to move.
        replacing = case.decision if changing else None
        text = None if changing else changes.requested_moves(case)
        return _page(case, budget, _fresh_form(budget, earnings, replacing, text))

    form = CaseDecisionForm()
    if [line_position(entry) for entry in form.lines] != expected or [
        line_position(entry) for entry in form.lost_earnings
    ] != expected_parents:
        # Rows that are not the request's: a tampered or outdated page.
        abort(400)
    form.validate()
    result, whole = _rule_check(case, form, budget)
    elsewhere = _place(form, errors(result.findings))
    sending = request.form.get("_action") == "send"
    if not sending:
        form.leave_unfilled()
    shown = _summary(form, elsewhere)
    if not sending or shown:
        return _page(case, budget, form, result=result if whole else None, errors_shown=shown)

    staff = current_staff()
    try:
        decision = decisions.record(case, staff, _input(form, form.outcome.data), now=now_utc())
    except cases.CaseActionRefused as refusal:
        return refused(case, refusal, "action-decision")
    except IntegrityError:
        # SQLite takes no row lock: a second caseworker deciding at the same moment lands
        # here (one decision per case), and is told what the first one did.
        db.session.rollback()
        case = municipality_case(public_id)
        if refusal := closed_refusal(case):
            return refused(case, refusal, "action-decision")
        raise
    log_access(case, staff, "changed", f"decided:{decision.outcome}")
    db.session.commit()
    flash(_("Afgørelsen er sendt til familien."), "success")
    return redirect(url_for("staff.case", public_id=case.public_id))
