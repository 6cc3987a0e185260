"""The e-mails of supervision: to the family when a visit is moved or added and when the
municipality has followed up (the report's hearing sends its own, portal.services.hearings);
to the caseworker (or the municipality's inbox) when the family has sent its plan. Like every
e-mail of the portal they name the case number only, never the child or what the plan or
report says."""

from __future__ import annotations

from portal.models import Case, CaseEvent, SupervisionVisit
from portal.notify import handoffs
from portal.notify.links import public_url
from portal.notify.outbox import queue


def _caseworker_address(case: Case) -> str | None:
    worker = case.assigned_to
    if worker is not None and worker.active:
        return worker.email
    return case.municipality.inbox_email


def _for_parent(case: Case, event: CaseEvent, kind: str, **context) -> None:
    queue(
        f"case_event:{event.id}:parent",
        kind,
        case.parent.email,
        language=case.parent.language,
        case=case,
        parent=case.parent,
        municipality=case.municipality.name,
        link=public_url("home.case", public_id=case.public_id),
        **context,
    )


def report_sent(case: Case, event: CaseEvent) -> None:
    """The report is part of the training's case: the case system gets the case's package."""
    handoffs.queue(case, "supervision_report", event.id)


def visit_moved(case: Case, event: CaseEvent, visit: SupervisionVisit) -> None:
    _for_parent(case, event, "supervision_moved", visit=visit)


def plan_sent(case: Case, event: CaseEvent, visit: SupervisionVisit) -> None:
    queue(
        f"case_event:{event.id}:inbox",
        "supervision_plan_sent",
        _caseworker_address(case),
        case=case,
        visit=visit,
        link=public_url(
            "staff.supervision_visit", public_id=case.public_id, visit_id=visit.public_id
        ),
    )


def follow_up(case: Case, event: CaseEvent, visit: SupervisionVisit) -> None:
    _for_parent(case, event, "supervision_follow_up", visit=visit)


def plan_reminder(case: Case, visit: SupervisionVisit, *, due) -> bool:
    """The reminder of the plan before it is due, once per visit and day planned."""
    return (
        queue(
            f"reminder:supervision_plan:{visit.id}:{visit.planned_on.isoformat()}",
            "reminder_supervision_plan",
            case.parent.email,
            language=case.parent.language,
            case=case,
            parent=case.parent,
            municipality=case.municipality.name,
            visit=visit,
            due=due,
            link=public_url(
                "home.supervision_plan", public_id=case.public_id, visit_id=visit.public_id
            ),
        )
        is not None
    )


def visit_missed(case: Case, visit: SupervisionVisit, *, what: str, day) -> bool:
    """To the caseworker: a visit past its day without a record, or a report past its due
    day (`what`: "visit" or "report"), once per visit and kind."""
    return (
        queue(
            f"reminder:supervision_{what}:{visit.id}:{day.isoformat()}",
            f"reminder_supervision_{what}",
            _caseworker_address(case),
            case=case,
            visit=visit,
            day=day,
            link=public_url(
                "staff.supervision_visit", public_id=case.public_id, visit_id=visit.public_id
            ),
        )
        is not None
    )
