"""The daily reminders (`flask reminders`, run from cron). Each reminder's key names what it is
about and the date or year it concerns, so running twice a day, or catching up a missed day,
never sends the same reminder twice.

- To the caseworker (or the municipality's inbox when nobody has the case): a deadline within
  the municipality's warning window, and a passed deadline, again every week it stays passed.
- To the parents of an approved home training: the budget for the coming year, due 15
  November, and the accounts for the ended year, due 28 February (seed 001), from the warning
  window before the day until they are sent.
- To the caseworker (or the inbox): a reconsideration's deadline after a complaint, soon and
  passed.
- To the parents: the time-and-phase plan for a supervision visit, from the warning window
  before its due day (14 days before the visit, seed 001, Bilag 13) until it is sent; to the
  caseworker, a visit past its day without a record and a report past its due day.
- To the caseworker: the child turns 16. "Rådgiver vil allerede, når jeres barn fylder 16 år
  drøfte dette med jer" (seed 001), because home training ends at 18 (principafgørelse 45-14).
- To the parents: three months before the child turns 18, that the training ends then "uden
  yderligere varsling" (principafgørelse 45-14); and the final accounts of a training that ends,
  due 8 weeks after its last day (portal.rules.training).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    Case,
    Complaint,
    Decision,
    SupervisionPlan,
    SupervisionVisit,
    TrainingChange,
)
from portal.notify import supervision as supervision_mail
from portal.notify.links import public_url
from portal.notify.outbox import queue
from portal.rules.case_status import OPEN_STATUSES
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.rules.deadlines import (
    days_left,
    deadline_state,
    due_date,
    next_accounts_due,
    next_budget_due,
)
from portal.rules.decisions import plan_due
from portal.rules.training import (
    age_notice_day,
    eighteenth_birthday,
    final_accounts_due,
    last_day,
    set_end,
    training_ends_on,
)
from portal.timeutil import local_date

APPROVED = ("approved", "partly_approved")


def _queue(counts: Counter, key: str, kind: str, recipient: str | None, **context) -> None:
    if queue(key, kind, recipient, **context):
        counts[kind] += 1


def _caseworker_address(case: Case) -> str | None:
    worker = case.assigned_to
    if worker is not None and worker.active:
        return worker.email
    return case.municipality.inbox_email


def _deadlines(today: date, counts: Counter) -> None:
    cases = db.session.scalars(
        select(Case)
        .where(Case.status.in_(OPEN_STATUSES))
        .options(selectinload(Case.municipality), selectinload(Case.assigned_to))
        .order_by(Case.id)
    )
    for case in cases:
        target = case.expected_decision_date
        state = deadline_state(target, today, settings=case.settings)
        if state == "ok":
            continue
        if state == "soon":
            key, kind = f"reminder:due_soon:{case.id}:{target.isoformat()}", "reminder_due_soon"
        else:
            week = (today - target).days // 7
            key = f"reminder:overdue:{case.id}:{target.isoformat()}:{week}"
            kind = "reminder_overdue"
        _queue(
            counts,
            key,
            kind,
            _caseworker_address(case),
            case=case,
            case_type=CASE_TYPE_LABELS[case.case_type],
            target=target,
            days=abs(days_left(target, today)),
            link=public_url("staff.case", public_id=case.public_id),
        )


def _sent_years(case_type: str, step: str) -> set[tuple[int, int]]:
    """(home-training case, year) of the budgets or accounts already sent, not withdrawn."""
    rows = db.session.execute(
        select(Case.related_case_id, Case.application).where(
            Case.case_type == case_type,
            Case.related_case_id.is_not(None),
            Case.status != "withdrawn",
        )
    )
    return {(related, int(doc[step]["year"])) for related, doc in rows if doc.get(step)}


def _set_ends() -> dict[int, date]:
    """The first day without training set for each training that has one (by the family or by
    the municipality's decision): the earliest."""
    rows = db.session.execute(
        select(TrainingChange, Case.status).join(Case, Case.id == TrainingChange.case_id)
    )
    ends: dict[int, date] = {}
    for change, status in rows:
        day = set_end(
            kind=change.kind,
            initiated_by=change.initiated_by,
            withdrawn=status == "withdrawn",
            effective_on=change.effective_on,
            decided_effective_on=change.decided_effective_on,
        )
        if day is not None:
            ends[change.training_id] = min(day, ends.get(change.training_id, day))
    return ends


def _final_accounts_sent() -> set[tuple[int, date]]:
    """(home-training case, day received) of the accounts sent, not withdrawn."""
    rows = db.session.execute(
        select(Case.related_case_id, Case.received_at).where(
            Case.case_type == "accounts",
            Case.related_case_id.is_not(None),
            Case.status != "withdrawn",
        )
    )
    return {(related, local_date(received)) for related, received in rows}


def _ending(case: Case, ends_on: date, today: date, sent: set, counts: Counter) -> None:
    """The 18th birthday three months ahead, and the final accounts of a training that ends."""
    # The final accounts are a request still to come: today's rules, not the training's own.
    settings = case.municipality.settings
    eighteen = eighteenth_birthday(case.child_birth_date)
    if age_notice_day(case.child_birth_date) <= today < eighteen and ends_on == eighteen:
        _queue(
            counts,
            f"reminder:age18:{case.id}",
            "reminder_age18",
            case.parent.email,
            language=case.parent.language,
            case=case,
            parent=case.parent,
            municipality=case.municipality.name,
            eighteen=eighteen,
            last=last_day(eighteen),
            accounts_due=final_accounts_due(eighteen),
            link=public_url("home.case", public_id=case.public_id),
        )
    due = final_accounts_due(ends_on)
    sent_after_end = any(
        related == case.id and received >= last_day(ends_on) for related, received in sent
    )
    if 0 <= days_left(due, today) <= settings.soon_window_days and not sent_after_end:
        _queue(
            counts,
            f"reminder:final_accounts:{case.id}:{ends_on.isoformat()}",
            "reminder_final_accounts",
            case.parent.email,
            language=case.parent.language,
            case=case,
            parent=case.parent,
            municipality=case.municipality.name,
            due=due,
            last=last_day(ends_on),
            link=public_url("apply.start"),
        )


def _approved_trainings(today: date, counts: Counter) -> None:
    rows = db.session.execute(
        select(Case, Decision)
        .join(Decision, Decision.case_id == Case.id)
        .where(
            Case.case_type == "new_application",
            Decision.outcome.in_(APPROVED),
            Decision.superseded_at.is_(None),
        )
        .options(selectinload(Case.municipality), selectinload(Case.parent))
        .order_by(Case.id)
    )
    budgets = _sent_years("annual_budget", "budget")
    accounts = _sent_years("accounts", "regnskab")
    set_ends = _set_ends()
    final_sent = _final_accounts_sent()
    for case, decision in rows:
        # The budget and accounts reminded of are requests still to come, received under the
        # municipality's rules of today, not those the training was approved under.
        settings = case.municipality.settings
        window = settings.soon_window_days
        eighteen = case.child_birth_date + relativedelta(years=18)
        ends_on = training_ends_on(case.child_birth_date, set_ends.get(case.id))
        _ending(case, ends_on, today, final_sent, counts)
        if today >= ends_on:
            # Ended by the family, the municipality's decision, or at 18 without further
            # notice (principafgørelse 45-14): only the final accounts remain.
            continue
        start = public_url("apply.start")

        budget_due = next_budget_due(today, settings=settings)
        budget_year = budget_due.year + 1
        if (
            days_left(budget_due, today) <= window
            and date(budget_year, 1, 1) < ends_on
            and (case.id, budget_year) not in budgets
        ):
            key = f"reminder:budget:{case.id}:{budget_year}"
            _queue(
                counts,
                key,
                "reminder_budget",
                case.parent.email,
                language=case.parent.language,
                case=case,
                parent=case.parent,
                municipality=case.municipality.name,
                due=budget_due,
                decision_by=due_date("annual_budget", budget_due, settings=settings),
                year=budget_year,
                link=start,
            )

        accounts_due = next_accounts_due(today, settings=settings)
        ended_year = accounts_due.year - 1
        trained_that_year = local_date(decision.decided_at).year <= ended_year
        if (
            days_left(accounts_due, today) <= window
            and trained_that_year
            # The final accounts of a training that ends cover its last year.
            and accounts_due < final_accounts_due(ends_on)
            and (case.id, ended_year) not in accounts
        ):
            key = f"reminder:accounts:{case.id}:{ended_year}"
            _queue(
                counts,
                key,
                "reminder_accounts",
                case.parent.email,
                language=case.parent.language,
                case=case,
                parent=case.parent,
                municipality=case.municipality.name,
                due=accounts_due,
                decision_by=due_date("accounts", accounts_due, settings=settings),
                year=ended_year,
                link=start,
            )

        sixteen = case.child_birth_date + relativedelta(years=16)
        if days_left(sixteen, today) <= window:
            _queue(
                counts,
                f"reminder:age16:{case.id}",
                "reminder_age16",
                _caseworker_address(case),
                case=case,
                birthday=sixteen,
                eighteen=eighteen,
                link=public_url("staff.case", public_id=case.public_id),
            )


def _reconsiderations(today: date, counts: Counter) -> None:
    """A reconsideration's deadline within the warning window, and passed (again every week
    it stays passed): the complaint must go to Ankestyrelsen if the decision stands
    (Retssikkerhedsloven § 67, stk. 1)."""
    rows = db.session.execute(
        select(Case, Complaint)
        .join(Complaint, Complaint.case_id == Case.id)
        .where(
            Case.status == "reconsideration",
            Complaint.kind == "decision",
            Complaint.outcome.is_(None),
        )
        .options(selectinload(Case.municipality), selectinload(Case.assigned_to))
        .order_by(Case.id)
    )
    for case, complaint in rows:
        target = complaint.reconsider_by
        state = deadline_state(target, today, settings=case.settings)
        if state == "ok":
            continue
        key = f"reminder:reconsideration:{complaint.id}:{state}"
        if state == "overdue":
            key += f":{(today - target).days // 7}"
        _queue(
            counts,
            key,
            "reminder_reconsideration",
            _caseworker_address(case),
            case=case,
            target=target,
            overdue=state == "overdue",
            days=abs(days_left(target, today)),
            link=public_url("staff.complaints", public_id=case.public_id),
        )


def _supervision(today: date, counts: Counter) -> None:
    """The family's plan before a visit, from the warning window before its due day (001,
    Bilag 13: "senest 14 dage inden tilsynsbesøget"); to the caseworker, a visit past its day
    without a record and a report past its due day, once each."""
    ahead = db.session.scalars(
        select(SupervisionVisit)
        .outerjoin(SupervisionPlan, SupervisionPlan.visit_id == SupervisionVisit.id)
        .where(
            SupervisionVisit.replaced_at.is_(None),
            SupervisionVisit.held_on.is_(None),
            SupervisionVisit.planned_on >= today,
            SupervisionPlan.sent_at.is_(None),
        )
        .options(selectinload(SupervisionVisit.case))
        .order_by(SupervisionVisit.id)
    )
    for visit in ahead:
        case = visit.case
        due = plan_due(visit.planned_on)
        window = case.settings.soon_window_days
        if days_left(due, today) <= window and supervision_mail.plan_reminder(case, visit, due=due):
            counts["reminder_supervision_plan"] += 1
    late = db.session.scalars(
        select(SupervisionVisit)
        .where(SupervisionVisit.late(today))
        .options(selectinload(SupervisionVisit.case))
        .order_by(SupervisionVisit.id)
    )
    for visit in late:
        what, day = (
            ("visit", visit.planned_on) if visit.held_on is None else ("report", visit.report_due)
        )
        if supervision_mail.visit_missed(visit.case, visit, what=what, day=day):
            counts[f"reminder_supervision_{what}"] += 1


def queue_reminders(today: date) -> Counter:
    """Queue today's reminders; returns how many of each kind were new."""
    counts: Counter = Counter()
    _deadlines(today, counts)
    _reconsiderations(today, counts)
    _approved_trainings(today, counts)
    _supervision(today, counts)
    return counts
