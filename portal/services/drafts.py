"""Drafts: start one, save a step, notice when another tab saved the same step first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import joinedload

from portal.apply.checks import Context, Placed, child_birth_date, validate_step
from portal.apply.steps import Step, steps_for
from portal.database import insert_unless_present
from portal.extensions import db
from portal.forms.base import BaseForm
from portal.models import Case, Draft, DraftStep, Municipality, Parent
from portal.services.answers import Answers, bind, leaf_fields
from portal.timeutil import now_utc, today_local


class StepConflict(Exception):
    """The step was saved from somewhere else after this copy of it was opened."""

    def __init__(self, saved: DraftStep | None) -> None:
        super().__init__("step saved elsewhere")
        self.saved = saved


@dataclass(frozen=True)
class StepState:
    step: Step
    started: bool
    complete: bool


def start_draft(
    parent: Parent, municipality: Municipality, case_type: str, related_case: Case | None = None
) -> Draft:
    """A new draft. Every request but a new application belongs to one of the parent's
    approved home trainings (`related_case`) and goes to that case's municipality."""
    steps_for(case_type)  # an unknown request type fails here, not half-way through
    if (case_type == "new_application") != (related_case is None):
        raise ValueError(f"{case_type} needs a related case exactly when it is not new")
    if related_case is not None:
        if related_case.parent_id != parent.id:
            raise ValueError("a request belongs to the parent's own case")
        municipality = related_case.municipality
    draft = Draft(
        parent_id=parent.id,
        municipality=municipality,
        case_type=case_type,
        related_case_id=related_case.id if related_case is not None else None,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def parent_drafts(parent: Parent) -> list[Draft]:
    return list(
        db.session.execute(
            select(Draft)
            .where(Draft.parent_id == parent.id, Draft.status == "draft")
            .order_by(Draft.updated_at.desc())
        ).scalars()
    )


@cache
def _own_draft_statement() -> Select:
    # Built once, with parameters: a statement with loader options costs more to build and to
    # key for SQLAlchemy's statement cache than to run, and every wizard page runs this one.
    return (
        select(Draft)
        .where(Draft.public_id == bindparam("public_id"), Draft.parent_id == bindparam("parent_id"))
        # Every wizard page reads the steps and the municipality's rules, and its header
        # names the parent (portal.auth.session.current_parent finds it loaded): one round trip.
        .options(joinedload(Draft.steps), joinedload(Draft.municipality), joinedload(Draft.parent))
    )


def own_draft(parent_id: int | None, public_id: str, *, fresh: bool = False) -> Draft | None:
    """The parent's own draft, or None: another parent's draft is as if it did not exist.
    `fresh` reads it again even where this session has it loaded (after a bulk UPDATE)."""
    if parent_id is None:
        return None
    return (
        db.session.execute(
            _own_draft_statement(),
            {"public_id": public_id, "parent_id": parent_id},
            execution_options={"populate_existing": fresh},
        )
        .unique()
        .scalar_one_or_none()
    )


@dataclass(frozen=True)
class Checked:
    """A step's answers bound to its form and checked: field errors are on the form."""

    step: Step
    form: BaseForm
    valid: bool
    warnings: list[Placed]
    started: bool


def context_for(draft: Draft) -> Context:
    if draft.related_case is not None:
        # A request about an approved home training: the child is the case's child.
        birth_date = draft.related_case.child_birth_date
    else:
        child = draft.step("barnet")
        birth_date = child_birth_date((child.data.get("child_cpr") or [""])[0] if child else "")
    return Context(
        today=today_local(),
        settings=draft.municipality.settings,
        child_birth_date=birth_date,
    )


def check_step(draft: Draft, step: Step, answers: Answers | None = None, ctx=None) -> Checked:
    """Bind and check a step: the stored answers, or `answers` when given."""
    row = draft.step(step.slug)
    if answers is None:
        answers = row.data if row else {}
    form = bind(step, answers)
    valid, warnings = validate_step(step, form, ctx or context_for(draft))
    return Checked(
        step, form, valid and (row is not None or bool(answers)), warnings, row is not None
    )


def check_all(draft: Draft) -> list[Checked]:
    ctx = context_for(draft)
    return [check_step(draft, step, ctx=ctx) for step in steps_for(draft.case_type)]


def save_step(draft: Draft, step: Step, answers: Answers, *, seen_version: int) -> Checked:
    """Store the step's answers as typed, valid or not, and return the validated form.

    `seen_version` is the version the parent's page was made from; if the step has been saved
    since (another tab, another device), nothing is stored and StepConflict is raised.
    """
    row = draft.step(step.slug)
    if (row.version if row else 0) != seen_version:
        raise StepConflict(row)
    checked = check_step(draft, step, answers)
    now = now_utc()
    values = {"data": answers, "complete": checked.valid, "updated_at": now}
    table = DraftStep.__table__
    # Two plain statements, not the unit of work (whose bookkeeping cost more than the
    # writes). Another tab that saved first is caught by the version in the WHERE clause,
    # or for a first save by the unique (draft, step) pair: then nothing is written here.
    if row is None:
        saved = db.session.execute(
            insert_unless_present(table)
            .values(draft_id=draft.id, step=step.slug, version=1, **values)
            .returning(table.c.id)
        ).scalar_one_or_none()
    else:
        saved = db.session.execute(
            update(table)
            .where(table.c.id == row.id, table.c.version == row.version)
            .values(version=row.version + 1, **values)
        ).rowcount
    if not saved:
        raise StepConflict(None)
    db.session.execute(
        update(Draft.__table__)
        .where(Draft.__table__.c.id == draft.id)
        .values(last_step=step.slug, updated_at=now)
    )
    # What this session holds of the draft is read again where a page still needs it.
    db.session.expire(draft, ["steps", "last_step", "updated_at"])
    if row is not None:
        db.session.expire(row)
    return checked


def differing_answers(step: Step, mine: Answers, saved: Answers | None) -> list[tuple[str, str]]:
    """(question, saved answer) for each answer that differs between two copies of a step."""
    theirs = {f.name: (f.label.text, f._value()) for f in leaf_fields(bind(step, saved or {}))}
    result = []
    for f in leaf_fields(bind(step, mine)):
        label, value = theirs.pop(f.name, (f.label.text, ""))
        if str(value or "") != str(f._value() or ""):
            result.append((label, value))
    result.extend((label, value) for label, value in theirs.values() if value)
    return result


def step_states(draft: Draft) -> list[StepState]:
    rows = {row.step: row for row in draft.steps}
    return [
        StepState(step, step.slug in rows, bool(rows.get(step.slug) and rows[step.slug].complete))
        for step in steps_for(draft.case_type)
    ]


def resume_step(draft: Draft) -> Step:
    """Where a parent coming back continues: where they left, or the first unfinished step."""
    states = step_states(draft)
    for state in states:
        if state.step.slug == draft.last_step and not state.complete:
            return state.step
    return next((s.step for s in states if not s.complete), states[-1].step)
