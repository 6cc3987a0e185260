"""The decision on a request, budget line by budget line, and the decision letter's data.

`record` checks the caseworker's decision with portal.rules.decisions, makes the change of
status through portal.services.cases.record_decision (the case's history, the e-mail to the
family) and adds what the letter needs: each line's amount and reason, the cap used, the next
supervision visits. It flushes; the view commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import or_, select

from portal.dossier import decision_letter
from portal.dossier.decision_letter import LetterData, LetterGrant, LetterLine
from portal.extensions import db
from portal.i18n import in_danish
from portal.models import Case, Decision, DecisionLine, LostEarningsGrant, StaffUser
from portal.models.case import to_ore
from portal.rules import decisions as rules
from portal.rules.budget import CATEGORIES, BudgetCheck, BudgetLine, check_budget
from portal.rules.cap import ONE_OFF_CASE_TYPES, CapPosition, Grant, cap_position
from portal.rules.case_status import COMPLAINT_STATUSES, OUTCOMES
from portal.rules.findings import Finding, errors
from portal.rules.i18n import N_
from portal.rules.labels import label
from portal.rules.lost_earnings import FamilyEarnings, GrantDecision, check_grants
from portal.services import changes, complaints, figures, letters
from portal.services.cases import CaseActionRefused, record_decision
from portal.services.grants import lock_training, training_grants
from portal.services.supervision import visits_from_decision
from portal.timeutil import local_date
from portal.wizard.checks import document_lost_earnings, earning_parents

__all__ = [
    "DecisionInput",
    "DecisionRefused",
    "GrantInput",
    "RequestedLostEarnings",
    "LineInput",
    "cap_before_deciding",
    "check",
    "letter_data",
    "record",
    "requested_budget",
    "requested_lost_earnings",
]

# The largest amount the øre columns hold (BigInteger); no real budget line comes near it.
_MAX_ORE = 2**63 - 1

# The request types whose budget lines the municipality decides on, and where they are:
# the application's, a method change's and next year's budget (Bilag 11), and equipment
# outside the year's budget. Accounts are decided as a whole (repayment, seed 001).
_BUDGET_SECTIONS = ("budget", "udstyr")


@dataclass(frozen=True)
class LineInput:
    """The caseworker's answer for one budget line (``index`` as in the budget)."""

    index: int
    approved: Decimal | None
    refused: bool
    reason: str = ""


@dataclass(frozen=True)
class GrantInput:
    """The caseworker's answer on one parent's lost earnings (``index`` as in the request)."""

    index: int
    refused: bool
    monthly_amount: Decimal | None
    weekly_hours: Decimal | None
    start: date | None
    follow_up: date | None = None
    takes_effect: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    text: str
    complaint_guidance: str
    lines: Sequence[LineInput] = field(default_factory=tuple)
    next_supervision: date | None = None
    second_supervision: date | None = None
    lost_earnings: Sequence[GrantInput] = field(default_factory=tuple)


@dataclass(frozen=True)
class RequestedLostEarnings:
    """What the family asked for: each parent's name, the guiding estimate with the figures
    of the day the request was received, and the amount of a running grant to the same parent
    that the decision would change (None when there is none)."""

    family: FamilyEarnings
    names: list[str]
    running: list[Decimal | None]


class DecisionRefused(Exception):
    """The decision breaks a rule; `findings` say which and where."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = list(findings)


def requested_budget(case: Case) -> BudgetCheck | None:
    """The budget lines the family asked for, read by the same rules as in the wizard; None
    for a request without a budget."""
    document = case.application or {}
    section = next((document[key] for key in _BUDGET_SECTIONS if document.get(key)), None)
    if section is None:
        # Changed helper hours are decided on what they cost beyond their granted line.
        return changes.requested_helper_budget(case)
    lines = [line for line in section.get("lines") or [] if line.get("category") in CATEGORIES]
    year = section.get("year")
    if not isinstance(year, int):
        year = local_date(case.received_at).year
    return check_budget(lines, year=year, figures=figures.current(), settings=case.settings)


def requested_lost_earnings(case: Case) -> RequestedLostEarnings | None:
    """The lost earnings the family applied for, per parent; None when it did not apply."""
    document = case.application or {}
    family = document_lost_earnings(
        document, year=local_date(case.received_at).year, figures=figures.current()
    )
    if family is None or not family.estimates:
        return None
    names = earning_parents(document)
    return RequestedLostEarnings(family, names, [running_grant(case, name) for name in names])


def running_grant(case: Case, parent_name: str) -> Decimal | None:
    """The monthly lost earnings a parent of the same home training receives now: the latest
    decision on the training that answered for a parent of that name (None if none granted).
    A new application belongs to no training yet."""
    root_id = case.related_case_id
    if root_id is None:
        return None
    latest = db.session.execute(
        select(LostEarningsGrant)
        .join(Decision, Decision.id == LostEarningsGrant.decision_id)
        .join(Case, Case.id == Decision.case_id)
        .where(
            Case.municipality_id == case.municipality_id,
            or_(Case.id == root_id, Case.related_case_id == root_id),
            Case.id != case.id,
            Decision.superseded_at.is_(None),
        )
        .order_by(Decision.decided_at.desc(), LostEarningsGrant.id.desc())
    ).scalars()
    wanted = parent_name.strip().casefold()
    grant = next((g for g in latest if g.parent_name.strip().casefold() == wanted), None)
    if grant is None or grant.refused:
        return None
    return grant.monthly


def _minutes(hours: Decimal | None) -> int:
    return int((hours or Decimal(0)) * 60)


def _grant_decisions(
    requested: RequestedLostEarnings | None, given: Sequence[GrantInput]
) -> list[GrantDecision]:
    estimates = requested.family.estimates if requested else ()
    answered = {grant.index: grant for grant in given}
    if set(answered) != set(range(len(estimates))):
        raise ValueError("the decision must answer every parent's lost earnings, and only those")
    return [
        GrantDecision(
            index=index,
            requested_hours=estimate.requested_weekly_hours,
            refused=answered[index].refused,
            monthly_amount=answered[index].monthly_amount,
            weekly_hours=answered[index].weekly_hours,
            start=answered[index].start,
            follow_up=answered[index].follow_up,
            reason=answered[index].reason.strip(),
            previous_monthly=requested.running[index] if requested else None,
            takes_effect=answered[index].takes_effect,
        )
        for index, estimate in enumerate(estimates)
    ]


def cap_before_deciding(
    case: Case, budget: BudgetCheck | None, *, decided_on: date
) -> CapPosition | None:
    """What the child's home training is already granted, and where the request stands
    against the cap if it is granted in full: what the caseworker sees before deciding."""
    if budget is None or not budget.lines:
        return None
    asked = Grant(
        max(budget.total_training, Decimal("0.00")),
        budget.year,
        decided_on,
        one_off=case.case_type in ONE_OFF_CASE_TYPES,
    )
    return cap_position(
        training_grants(case, excluding=case),
        [asked],
        year=budget.year,
        figures=figures.current(),
    )


def _requested(line: BudgetLine) -> Decimal:
    return max(line.amount, Decimal("0.00"))


def _line_decision(budget_line: BudgetLine, given: LineInput) -> rules.LineDecision:
    requested = _requested(budget_line)
    approved = Decimal("0.00") if given.refused else (given.approved or Decimal("0.00"))
    # Nothing granted of something asked for is a refusal, whether or not it was ticked.
    refused = given.refused or (approved == 0 and requested > 0)
    return rules.LineDecision(
        index=budget_line.index,
        requested=requested,
        approved=approved,
        refused=refused,
        reason=given.reason.strip(),
        description=budget_line.description,
    )


def check(case: Case, data: DecisionInput, *, decided_on: date) -> rules.DecisionCheck:
    """The decision as the rules see it: its lines, totals against the cap, and findings."""
    if data.outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {data.outcome!r}")
    budget = requested_budget(case)
    budget_lines = list(budget.lines) if budget else []
    given = {line.index: line for line in data.lines}
    if set(given) != {line.index for line in budget_lines}:
        raise ValueError("the decision must answer every budget line, and only those")
    result = rules.check_decision(
        data.outcome,
        [_line_decision(line, given[line.index]) for line in budget_lines],
        case_type=case.case_type,
        budget_year=budget.year if budget else None,
        decided_on=decided_on,
        next_supervision=data.next_supervision,
        second_supervision=data.second_supervision,
        figures=figures.current(),
        # What the child's home training has already been granted counts towards the same cap.
        granted=training_grants(case, excluding=case) if budget_lines else (),
    )
    grants = _grant_decisions(requested_lost_earnings(case), data.lost_earnings)
    found = check_grants(data.outcome, grants, decided_on=decided_on)
    return replace(result, findings=result.findings + tuple(found))


def record(case: Case, staff: StaffUser, data: DecisionInput, *, now: datetime) -> Decision:
    """Record the decision. Raises DecisionRefused when a rule is broken, CaseActionRefused
    when the case cannot be decided (already decided, withdrawn)."""
    lock_training(case)
    result = check(case, data, decided_on=local_date(now))
    problems = errors(result.findings)
    if problems:
        raise DecisionRefused(problems)
    budget = requested_budget(case)
    described = {line.index: line for line in budget.lines} if budget else {}
    if any(to_ore(line.requested) > _MAX_ORE for line in result.lines):
        raise CaseActionRefused(
            N_("Et af de ansøgte beløb er for stort til, at portalen kan gemme afgørelsen.")
        )
    if case.status in COMPLAINT_STATUSES and not complaints.may_change_decision(case):
        raise CaseActionRefused(
            N_("Afgørelsen kan først ændres, når Ankestyrelsen har ændret den.")
        )
    decision = record_decision(
        case, staff, data.outcome, data.text, data.complaint_guidance, now=now
    )
    complaints.decision_made(case, decision, staff, now=now)
    decision.next_supervision = data.next_supervision
    decision.second_supervision = data.second_supervision
    if result.cap is not None:
        decision.budget_year = result.budget_year
        decision.cap_ore = to_ore(result.cap)
        decision.cap_year = result.cap_year
        decision.granted_before_ore = to_ore(result.granted_before)
    for line in result.lines:
        decision.lines.append(
            DecisionLine(
                line_index=line.index,
                category=described[line.index].category,
                description=described[line.index].description,
                requested_ore=to_ore(line.requested),
                approved_ore=to_ore(line.approved),
                refused=line.refused,
                reason=line.reason or None,
            )
        )
    _record_grants(decision, requested_lost_earnings(case), data.lost_earnings)
    db.session.flush()
    visits_from_decision(case, decision, now=now)
    archive_letter(case)
    letters.queue_decision(case, decision, now=now)
    return decision


def _record_grants(
    decision: Decision, requested: RequestedLostEarnings | None, given: Sequence[GrantInput]
) -> None:
    if requested is None:
        return
    for grant in _grant_decisions(requested, given):
        estimate = requested.family.estimates[grant.index]
        decision.lost_earnings.append(
            LostEarningsGrant(
                position=grant.index,
                parent_name=requested.names[grant.index],
                requested_minutes=_minutes(grant.requested_hours),
                granted_minutes=0 if grant.refused else _minutes(grant.weekly_hours),
                monthly_ore=to_ore(grant.granted),
                refused=grant.refused,
                start_date=None if grant.refused else grant.start,
                follow_up_date=None if grant.refused else grant.follow_up,
                previous_monthly_ore=None
                if grant.previous_monthly is None
                else to_ore(grant.previous_monthly),
                takes_effect=grant.takes_effect if grant.lowers_a_running_grant else None,
                reason=grant.reason or None,
                calculation=[
                    [row.text, str(row.amount), row.sign, row.subtotal] for row in estimate.rows
                ],
            )
        )


@in_danish
def archive_letter(case: Case) -> None:
    """Make the decision letter once, when the decision is recorded, and keep it with it."""
    content = decision_letter.build(letter_data(case))
    case.decision.letter = content
    case.decision.letter_sha256 = hashlib.sha256(content).hexdigest()


def letter_content(case: Case) -> bytes:
    """The decision letter as it was made when the decision was recorded."""
    return decision_letter_content(case, case.decision)


@in_danish
def decision_letter_content(case: Case, decision: Decision) -> bytes:
    """The letter of one of the case's decisions (the one in force or an earlier one), as it
    was made when that decision was recorded."""
    if decision.letter is not None:
        return decision.letter
    # A decision recorded before letters were kept: made from the stored decision, which
    # never changes.
    return decision_letter.build(letter_data(case, decision))


def _parents(case: Case) -> list[str]:
    """The family the letter is written to: the adults with custody named in the request,
    else the parent who sent it."""
    adults = ((case.application or {}).get("familien") or {}).get("adults") or []
    names = [
        a["name"].strip()
        for a in adults
        if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()
        if a.get("custody") in (None, "ja")
    ]
    return names or [case.parent.name]


@in_danish
def letter_data(case: Case, decision: Decision | None = None) -> LetterData:
    """What the decision letter says, from the stored decision (never recomputed): the one
    in force unless another of the case's decisions is given."""
    decision = decision or case.decision
    if decision is None:
        raise ValueError("the case has no decision")
    return LetterData(
        municipality=case.municipality.name,
        contact=case.municipality.settings.contact,
        number=case.number,
        case_type=case.case_type,
        received_at=case.received_at,
        child_name=case.child_name,
        child_cpr=case.child_cpr,
        family=_parents(case),
        outcome=decision.outcome,
        text=decision.text,
        decided_at=decision.decided_at,
        decided_by=decision.decided_by_name,
        lines=[
            LetterLine(
                number=line.line_index + 1,
                category=label("budget_category", line.category),
                description=line.description,
                requested=line.requested,
                approved=line.approved,
                refused=line.refused,
                reason=line.reason or "",
            )
            for line in decision.lines
        ],
        budget_year=decision.budget_year,
        cap=decision.cap,
        cap_year=decision.cap_year,
        granted_before=decision.granted_before,
        next_supervision=decision.next_supervision,
        second_supervision=decision.second_supervision,
        complaint_guidance=decision.complaint_guidance,
        lost_earnings=[
            LetterGrant(
                name=grant.parent_name,
                refused=grant.refused,
                monthly=grant.monthly,
                hours=grant.granted_hours,
                requested_hours=grant.requested_hours,
                start=grant.start_date,
                follow_up=grant.follow_up_date,
                previous_monthly=grant.previous_monthly,
                takes_effect=grant.takes_effect,
                reason=grant.reason or "",
                calculation=[
                    (text, Decimal(amount), sign, subtotal)
                    for text, amount, sign, subtotal in grant.calculation or []
                ],
            )
            for grant in decision.lost_earnings
        ],
    )
