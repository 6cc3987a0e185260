"""Supervision of an approved home training: the visits from the decisions, the family's plan
before each visit, the caseworker's record and report after it, the report's hearing and the
follow-up (Bekendtgørelse § 4; seed 001 »Tilsyn«, Bilag 13 and 14).

Operations record a CaseEvent on the training (the approved application), queue the e-mails
of portal.notify.supervision and flush; the view commits. A step that cannot be taken (a
report sent twice, a plan changed after it was sent) raises CaseActionRefused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    Attachment,
    Case,
    CaseEvent,
    Decision,
    Hearing,
    Parent,
    StaffUser,
    SupervisionPlan,
    SupervisionVisit,
)
from portal.notify import supervision as mail
from portal.rules import supervision as rules
from portal.rules.findings import Finding
from portal.rules.formatting import long_date
from portal.rules.i18n import N_
from portal.services import hearings
from portal.services.cases import CaseActionRefused
from portal.services.goal_plans import last_plan
from portal.timeutil import local_date

__all__ = [
    "APPROVED",
    "FollowUpStep",
    "ReportInput",
    "add_visit",
    "follow_up_step",
    "move_visit",
    "plan_files",
    "prefilled_plan",
    "record_follow_up",
    "record_visit",
    "save_plan",
    "send_plan",
    "send_report",
    "training_of",
    "visit_findings",
    "visit_of",
    "visit_state",
    "visits_for",
    "visits_from_decision",
]

APPROVED = ("approved", "partly_approved")


def training_of(case: Case) -> Case:
    """The approved home training a case belongs to: the application itself, or the case a
    later request relates to."""
    return case.related_case if case.related_case_id is not None else case


def _event(
    case: Case, kind: str, actor_kind: str, actor_name: str, *, now: datetime, note: str | None
) -> CaseEvent:
    event = CaseEvent(at=now, kind=kind, actor_kind=actor_kind, actor_name=actor_name, note=note)
    case.events.append(event)
    case.updated_at = now
    db.session.flush()
    return event


def is_training(case: Case) -> bool:
    """Whether the case is an approved home training, the case its visits belong to."""
    return (
        case.case_type == "new_application"
        and case.decision is not None
        and case.decision.outcome in APPROVED
    )


@dataclass(frozen=True)
class VisitRow:
    visit: SupervisionVisit
    state: str
    plan_due: date
    plan_sent: bool


def overview(case: Case, today: date) -> list[VisitRow] | None:
    """The training's visits as both case pages list them; None for a case that is not a
    training (a budget, accounts ...: their visits are the training's)."""
    if not is_training(case):
        return None
    return [
        VisitRow(
            visit,
            visit_state(visit, today),
            rules.plan_due(visit.planned_on),
            visit.plan is not None and visit.plan.is_sent,
        )
        for visit in visits_for(case)
    ]


def report_hearings(visit: SupervisionVisit) -> list[Hearing]:
    """The hearing of the visit's report, as the hearings partial lists them."""
    return [visit.hearing] if visit.hearing is not None else []


def visits_for(training: Case, *, replaced: bool = False) -> list[SupervisionVisit]:
    """The training's visits by day; those a later decision replaced only when asked."""
    query = (
        select(SupervisionVisit)
        .where(SupervisionVisit.case_id == training.id)
        .options(selectinload(SupervisionVisit.plan))
        .order_by(SupervisionVisit.planned_on, SupervisionVisit.id)
    )
    if not replaced:
        query = query.where(SupervisionVisit.replaced_at.is_(None))
    return list(db.session.scalars(query))


def visit_of(training: Case, public_id: str) -> SupervisionVisit | None:
    """The visit `public_id` if it is the training's; None otherwise (404 for the view)."""
    return db.session.execute(
        select(SupervisionVisit).where(
            SupervisionVisit.public_id == public_id, SupervisionVisit.case_id == training.id
        )
    ).scalar_one_or_none()


def visit_state(visit: SupervisionVisit, today: date) -> str:
    return rules.visit_state(
        rules.VisitFacts(
            planned_on=visit.planned_on,
            held_on=visit.held_on,
            report_sent_on=local_date(visit.report_sent_at) if visit.report_sent_at else None,
            replaced=visit.replaced_at is not None,
            report_due_on=visit.report_due,
        ),
        today,
    )


def visits_from_decision(
    case: Case, decision: Decision, *, now: datetime
) -> list[SupervisionVisit]:
    """The visits an approving decision names (001, »Tilsyn«: "Datoerne for kommende
    tilsynsbesøg vil fremgå af afgørelsen"). They replace the training's planned visits still
    ahead that are not held; a visit whose day has passed stays, held or missed."""
    if decision.outcome not in APPROVED or decision.next_supervision is None:
        return []
    training = training_of(case)
    decided_on = local_date(now)
    for old in visits_for(training):
        if old.held_on is None and old.planned_on >= decided_on:
            old.replaced_at = now
    visits = [
        SupervisionVisit(
            case_id=training.id, decision_id=decision.id, planned_on=day, created_at=now
        )
        for day in (decision.next_supervision, decision.second_supervision)
        if day is not None
    ]
    db.session.add_all(visits)
    db.session.flush()
    note = ", ".join(long_date(v.planned_on) for v in visits)
    # The family hears of the dates in the decision itself (its e-mail and letter).
    _event(training, "supervision_planned", "staff", decision.decided_by_name, now=now, note=note)
    return visits


def _require_planned(visit: SupervisionVisit) -> None:
    if visit.held_on is not None:
        raise CaseActionRefused(N_("Besøget er allerede registreret og kan ikke flyttes."))
    if visit.replaced_at is not None:
        raise CaseActionRefused(N_("Besøget er erstattet af en senere afgørelse."))


def move_visit(
    visit: SupervisionVisit, staff: StaffUser, day: date, reason: str, *, now: datetime
) -> CaseEvent:
    """The caseworker moves a planned visit, with the reason the family reads."""
    _require_planned(visit)
    visit.moved_from = visit.planned_on
    visit.planned_on = day
    visit.moved_reason = reason
    note = f"{long_date(visit.moved_from)} → {long_date(day)}: {reason}"
    event = _event(visit.case, "supervision_moved", "staff", staff.name, now=now, note=note)
    mail.visit_moved(visit.case, event, visit)
    return event


def add_visit(
    training: Case, staff: StaffUser, day: date, reason: str, *, now: datetime
) -> SupervisionVisit:
    """A visit beyond the two a year: "kan kommunalbestyrelsen vælge at gennemføre yderligere
    tilsyn" (Bekendtgørelse § 4, stk. 6)."""
    visit = SupervisionVisit(
        case_id=training.id, planned_on=day, extra=True, moved_reason=reason, created_at=now
    )
    db.session.add(visit)
    db.session.flush()
    note = f"{long_date(day)}: {reason}"
    event = _event(training, "supervision_added", "staff", staff.name, now=now, note=note)
    mail.visit_moved(training, event, visit)
    return visit


# The plan ----------------------------------------------------------------------------------


def prefilled_plan(visit: SupervisionVisit) -> list[dict[str, str]]:
    """The plan's goals as the family first sees them: each goal of the last approved
    time-and-phase plan with its method (Bilag 13: "Udvalgt mål", "Metode")."""
    goals = last_plan(visit.case)
    return [
        {
            "goal": _text(goal.get("title") or goal.get("short_term") or ""),
            "method": _text(goal.get("method") or ""),
            "achievement": "",
            "continue": "",
            "changes": "",
        }
        for goal in goals
    ]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else str(value)


def _require_open_plan(visit: SupervisionVisit) -> None:
    if visit.plan is not None and visit.plan.is_sent:
        raise CaseActionRefused(N_("Planen er sendt til kommunen og kan ikke ændres."))


def save_plan(
    visit: SupervisionVisit,
    *,
    goals: Sequence[Mapping[str, str]],
    sections: Mapping[str, str],
    now: datetime,
) -> SupervisionPlan:
    """Keep what the family has written so far; nothing is sent."""
    _require_open_plan(visit)
    plan = visit.plan
    if plan is None:
        plan = SupervisionPlan(visit=visit)
        db.session.add(plan)
    plan.goals = [dict(goal) for goal in goals]
    plan.sections = {key: sections.get(key, "") for key in rules.PLAN_SECTIONS}
    plan.updated_at = now
    db.session.flush()
    return plan


def send_plan(visit: SupervisionVisit, parent: Parent, *, now: datetime) -> list[Finding]:
    """Send the saved plan to the municipality. Late is received all the same; the findings
    say so."""
    _require_open_plan(visit)
    if visit.plan is None:
        raise ValueError("save the plan before sending it")
    visit.plan.sent_at = now
    visit.plan.sent_by_name = parent.name
    note = long_date(visit.planned_on)
    event = _event(visit.case, "supervision_plan_sent", "parent", parent.name, now=now, note=note)
    mail.plan_sent(visit.case, event, visit)
    return rules.plan_findings(visit.planned_on, local_date(now))


def plan_files(plan: SupervisionPlan | None) -> list[Attachment]:
    if plan is None:
        return []
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.supervision_plan_id == plan.id, Attachment.removed_at.is_(None))
            .order_by(Attachment.created_at, Attachment.id)
        )
    )


# The visit and the report -----------------------------------------------------------------


@dataclass(frozen=True)
class ReportInput:
    held_on: date
    participants: Sequence[str]
    participants_note: str
    child_heard: bool
    child_heard_how: str
    sections: Mapping[str, str]
    recommendation: str | None
    recommendation_reason: str


def _require_report_open(visit: SupervisionVisit) -> None:
    if visit.report_sent:
        raise CaseActionRefused(N_("Rapporten er sendt til familien og kan ikke ændres."))
    if visit.replaced_at is not None:
        raise CaseActionRefused(N_("Besøget er erstattet af en senere afgørelse."))


def record_visit(
    visit: SupervisionVisit, staff: StaffUser, data: ReportInput, *, now: datetime
) -> SupervisionVisit:
    """Record the visit as held and keep the report as written so far. The report's due day is
    fixed the first time, from the day held and the municipality's period."""
    _require_report_open(visit)
    if data.recommendation is not None and data.recommendation not in rules.RECOMMENDATIONS:
        raise ValueError(f"unknown recommendation {data.recommendation!r}")
    unknown = set(data.participants) - set(rules.PARTICIPANTS)
    if unknown:
        raise ValueError(f"unknown participants {sorted(unknown)}")
    first_time = visit.held_on is None
    if first_time or visit.held_on != data.held_on:
        settings = visit.case.settings
        visit.report_due = rules.report_due(data.held_on, settings)
    visit.held_on = data.held_on
    visit.participants = list(data.participants)
    visit.participants_note = data.participants_note or None
    visit.child_heard = data.child_heard
    visit.child_heard_how = data.child_heard_how or None
    visit.report = {key: data.sections.get(key, "") for key in rules.REPORT_SECTIONS}
    visit.recommendation = data.recommendation
    visit.recommendation_reason = data.recommendation_reason or None
    visit.recorded_by_name = staff.name
    visit.recorded_at = now
    if first_time:
        _event(
            visit.case,
            "supervision_held",
            "staff",
            staff.name,
            now=now,
            note=long_date(data.held_on),
        )
    db.session.flush()
    return visit


def visit_findings(visit: SupervisionVisit) -> list[Finding]:
    """Advice on the recorded visit: who took part, whether the child was heard."""
    if visit.held_on is None:
        return []
    earlier = [
        other.held_on
        for other in visits_for(visit.case)
        if other.id != visit.id
        and other.held_on is not None
        and "both_parents" in (other.participants or [])
    ]
    return rules.participation_findings(
        visit.participants or [],
        child_heard=bool(visit.child_heard),
        held_on=visit.held_on,
        earlier_with_both_parents=earlier,
    )


def report_missing(visit: SupervisionVisit) -> list[str]:
    """What the report must hold before it can be sent: the visit, the overall assessment
    and a reasoned recommendation (§ 4, stk. 4: "begrundet indstilling")."""
    missing = []
    if visit.held_on is None:
        missing.append("held_on")
    if not (visit.report or {}).get("purpose"):
        missing.append("purpose")
    if visit.recommendation is None:
        missing.append("recommendation")
    if not visit.recommendation_reason:
        missing.append("recommendation_reason")
    return missing


def report_subject(visit: SupervisionVisit) -> str:
    """What the family is heard on, as they read it (plain text)."""
    return (
        f"Tilsynsrapport fra tilsynsbesøget {long_date(visit.held_on)}. "
        f"Kommunens indstilling: {rules.RECOMMENDATION_LABELS[visit.recommendation]}."
    )


def send_report(visit: SupervisionVisit, staff: StaffUser, *, now: datetime) -> SupervisionVisit:
    """Send the report to the family: "Rapporten sendes i høring både hos forældrene og, hvor
    det er muligt og relevant, hos barnet" (Bekendtgørelse § 4, stk. 4)."""
    _require_report_open(visit)
    if report_missing(visit):
        raise CaseActionRefused(
            N_(
                "Udfyld den overordnede vurdering og en begrundet indstilling, før rapporten "
                "sendes."
            )
        )
    visit.report_sent_at = now
    visit.report_sent_by_name = staff.name
    event = _event(
        visit.case,
        "supervision_report_sent",
        "staff",
        staff.name,
        now=now,
        note=rules.RECOMMENDATION_LABELS[visit.recommendation],
    )
    # The hearing tells the family by e-mail, with its deadline (the municipality's hearing
    # period: "I vil efterfølgende have en høringsfrist på 2 uger", 001 »Tilsyn«).
    visit.hearing = hearings.open_hearing(
        visit.case,
        kind="supervision_report",
        subject=report_subject(visit),
        staff=staff,
        now=now,
    )
    db.session.flush()
    mail.report_sent(visit.case, event)
    return visit


# The follow-up ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpStep:
    """What comes after a follow-up that changes the training: a new decision, made where the
    portal makes it. `kind` names the step: "training_change" (the municipality changes the
    grant by a new decision) or "ending" (the ending after a hearing)."""

    kind: str
    text: str
    # The change it proposes on the municipality's change page (portal.rules.training).
    proposal: str


_NEXT_STEPS: Mapping[str, FollowUpStep] = {
    "adjust": FollowUpStep(
        "training_change",
        N_("En ændring af bevillingen kræver en ny afgørelse, som familien kan klage over."),
        "adjust",
    ),
    "stop": FollowUpStep(
        "ending",
        N_(
            "Kommunen kan kun stoppe hjemmetræningen efter en høring af familien og ved en "
            "afgørelse med begrundelse og klagevejledning."
        ),
        "end",
    ),
}


def follow_up_step(visit: SupervisionVisit) -> FollowUpStep | None:
    """The next step a follow-up leads to (a new decision), or None for "continue"."""
    return _NEXT_STEPS.get(visit.follow_up or "")


def record_follow_up(
    visit: SupervisionVisit, staff: StaffUser, choice: str, note: str, *, now: datetime
) -> CaseEvent:
    """§ 4, stk. 5: on the basis of the report and the family's remarks the municipality
    decides whether the training continues, is adjusted or is reconsidered."""
    if choice not in rules.RECOMMENDATIONS:
        raise ValueError(f"unknown follow-up {choice!r}")
    if not visit.report_sent:
        raise CaseActionRefused(N_("Send rapporten i høring, før I følger op på tilsynet."))
    if visit.follow_up is not None:
        raise CaseActionRefused(N_("Der er allerede fulgt op på dette tilsyn."))
    hearing = visit.hearing
    if hearing is not None and hearing.is_open and local_date(now) <= hearing.answer_by:
        # § 4, stk. 5: the follow-up rests on the report and the family's remarks.
        raise CaseActionRefused(
            N_("Familien kan svare på høringen til og med %(date)s. Følg op, når de har svaret."),
            date=long_date(hearing.answer_by),
        )
    visit.follow_up = choice
    visit.follow_up_note = note or None
    visit.follow_up_at = now
    visit.follow_up_by_name = staff.name
    event = _event(
        visit.case,
        "supervision_follow_up",
        "staff",
        staff.name,
        now=now,
        note=f"{rules.FOLLOW_UP_LABELS[choice]}" + (f": {note}" if note else ""),
    )
    mail.follow_up(visit.case, event, visit)
    return event
