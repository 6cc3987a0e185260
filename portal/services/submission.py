"""Submitting a request: the draft becomes a case with a number and a deadline, exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from stdnum.dk import cpr

from portal.apply.steps import Step
from portal.extensions import db
from portal.models import Case, CaseEvent, Draft, Parent
from portal.rules.deadlines import due_date
from portal.services.answers import to_plain
from portal.services.case_numbers import next_case_number
from portal.services.drafts import check_all
from portal.timeutil import local_date


class Incomplete(Exception):
    def __init__(self, steps: list[Step]) -> None:
        super().__init__(", ".join(s.slug for s in steps))
        self.steps = steps


def existing_case(draft: Draft) -> Case | None:
    return db.session.execute(select(Case).where(Case.draft_id == draft.id)).scalar_one_or_none()


def application_document(draft: Draft) -> tuple[dict, list[Step]]:
    """The typed answers of every step, and the steps that do not validate."""
    document: dict = {}
    incomplete: list[Step] = []
    for checked in check_all(draft):
        if not checked.valid:
            incomplete.append(checked.step)
        document[checked.step.slug] = to_plain(checked.form.data)
    return document, incomplete


def submit(draft: Draft, parent: Parent, *, now: datetime) -> Case:
    """Make the case. A second submit of the same draft (double click, resent POST) returns
    the case the first one made."""
    # Row lock on PostgreSQL: a concurrent second submit waits here, then finds the case.
    db.session.execute(select(Draft.id).where(Draft.id == draft.id).with_for_update())
    db.session.refresh(draft)
    case = existing_case(draft)
    if case is not None:
        return case
    document, incomplete = application_document(draft)
    if incomplete:
        raise Incomplete(incomplete)

    child = document["barnet"]
    family = document["familien"]
    received = local_date(now)
    municipality = draft.municipality
    case = Case(
        number=next_case_number(received.year),
        draft_id=draft.id,
        parent_id=parent.id,
        municipality_id=municipality.id,
        case_type=draft.case_type,
        status="received",
        received_at=now,
        due_date=due_date(draft.case_type, received, settings=municipality.settings),
        child_name=child["child_name"],
        child_cpr=child["child_cpr"],
        child_birth_date=cpr.get_birth_date(child["child_cpr"]),
        application=document,
        updated_at=now,
    )
    case.events.append(
        CaseEvent(
            at=now,
            kind="received",
            actor_kind="parent",
            actor_name=parent.name,
            to_status="received",
        )
    )
    db.session.add(case)
    draft.status = "submitted"
    draft.updated_at = now
    # The contact details the parent gave are where we write about the case.
    parent.email = family.get("email") or parent.email
    parent.phone = family.get("phone") or parent.phone
    db.session.flush()
    return case
