"""Drafts: start one, read it, save a step, notice when another tab saved the same step first.

A step's answers are stored as typed (portal.wizard.answers); whether they are complete is
decided by the step's form and the rules (portal.forms.steps) before they are saved here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from sqlalchemy import Executable, Select, Text, Update, bindparam, cast, select, update

from portal.crypto import cipher
from portal.database import insert_unless_present
from portal.extensions import db
from portal.models import Case, Draft, DraftStep, Municipality, Parent
from portal.rules.changes import LINE_TYPES
from portal.rules.deadlines import due_date
from portal.rules.settings import MunicipalitySettings
from portal.services import accounts, figures, goal_plans, training
from portal.services.changes import granted_lines
from portal.services.grants import training_grants
from portal.timeutil import now_utc, today_local
from portal.wizard.answers import Answers
from portal.wizard.checks import Context, child_birth_date
from portal.wizard.steps import CHILD, Step, steps_for


class StepConflict(Exception):
    """The step was saved from somewhere else after this copy of it was opened. The page reads
    the draft again to show what was saved."""


@dataclass(eq=False, slots=True)
class StoredStep:
    """One step as saved (a row of draft_step). Its answers are read as the stored text and
    decoded when a page first uses them: a page shows one step, but every step's state. A step
    just saved carries its answers as they are (`text` None)."""

    id: int
    step: str
    text: str | None
    complete: bool
    version: int
    _data: Answers | None = None

    @property
    def data(self) -> Answers:
        if self._data is None:
            # Read as stored, so the child's CPR number is opened here (portal.crypto).
            self._data = cipher().open_fields(json.loads(self.text or "{}"))
        return self._data


@dataclass(eq=False)
class StoredDraft:
    """A parent's draft as the wizard's pages read it (own_draft): the draft, its steps, its
    municipality's rules and the parent's name, from one statement and without ORM objects,
    which cost more to load than everything else a step's page does. save_step updates it."""

    id: int
    public_id: str
    parent_id: int
    parent_name: str
    municipality_id: int
    municipality_name: str
    settings_json: str | None
    case_type: str
    status: str
    last_step: str | None
    related_case_id: int | None
    steps: list[StoredStep] = field(default_factory=list)

    def step(self, name: str) -> StoredStep | None:
        return next((s for s in self.steps if s.step == name), None)

    @cached_property
    def settings(self) -> MunicipalitySettings:
        return _settings(self.municipality_name, self.settings_json)

    @cached_property
    def related_case(self) -> Case | None:
        """The approved home training a request other than a new application belongs to."""
        if self.related_case_id is None:
            return None
        return db.session.get(Case, self.related_case_id)

    def _saved(self, saved: StoredStep) -> None:
        self.steps = [s for s in self.steps if s.step != saved.step] + [saved]
        self.last_step = saved.step


@lru_cache(maxsize=256)
def _settings(municipality_name: str, settings_json: str | None) -> MunicipalitySettings:
    # Read once per process for each stored text: every wizard page needs the rules, and
    # MunicipalitySettings is immutable. A changed setting is another text, read anew.
    data = json.loads(settings_json) if settings_json else None
    return Municipality.settings_from(municipality_name, data)


@dataclass(frozen=True)
class StepState:
    step: Step
    started: bool
    complete: bool


def start_draft(
    parent_id: int, municipality: Municipality, case_type: str, related_case: Case | None = None
) -> Draft:
    """A new draft. Every request but a new application belongs to one of the parent's
    approved home trainings (`related_case`) and goes to that case's municipality."""
    steps_for(case_type)  # an unknown request type fails here, not half-way through
    if (case_type == "new_application") != (related_case is None):
        raise ValueError(f"{case_type} needs a related case exactly when it is not new")
    if related_case is not None:
        if related_case.parent_id != parent_id:
            raise ValueError("a request belongs to the parent's own case")
        municipality = related_case.municipality
    draft = Draft(
        parent_id=parent_id,
        municipality=municipality,
        case_type=case_type,
        related_case_id=related_case.id if related_case is not None else None,
    )
    db.session.add(draft)
    db.session.flush()
    if case_type == "renewed_goals" and (plan := goal_plans.last_plan(related_case)):
        # Nothing typed twice: the new plan starts as the last approved one, dates left empty.
        goals = goal_plans.prefilled_goals(plan)
        db.session.add(DraftStep(draft=draft, step="maal", data=goals))
        db.session.flush()
    if case_type == "accounts":
        today = today_local()
        end = training.training_end(related_case, today) if related_case is not None else None
        # A training that has ended this year sends its final accounts for this year (001:
        # "Senest 8 uger efter endt budgetår"; the end of the training ends its last year).
        ended = end.last_day if end is not None and end.state == "ended" else None
        accounts.prefill(draft.id, today=today, training_ended=ended)
    return draft


def child_name(draft: Draft) -> str | None:
    """The child a draft is about, as the family named it: from the home training a request
    belongs to, or from the child step once typed; None before the child is known."""
    if draft.related_case_id is not None:
        return db.session.get(Case, draft.related_case_id).child_name
    step = draft.step(CHILD.slug)
    typed = (step.data.get("child_name") or [""])[0] if step is not None else ""
    return typed.strip() or None


def parent_drafts(parent_id: int) -> list[Draft]:
    return list(
        db.session.execute(
            select(Draft)
            .where(Draft.parent_id == parent_id, Draft.status == "draft")
            .order_by(Draft.updated_at.desc())
        ).scalars()
    )


@cache
def _own_draft_statement() -> Select:
    # Built once, with parameters: SQLAlchemy keys its statement cache by the statement's
    # structure, which costs more to work out for a new statement object at every request.
    d, s = Draft.__table__, DraftStep.__table__
    m, p = Municipality.__table__, Parent.__table__
    return (
        select(
            d.c.id,
            d.c.public_id,
            d.c.parent_id,
            p.c.name.label("parent_name"),
            d.c.municipality_id,
            m.c.name.label("municipality_name"),
            # As text, decoded once where a page needs the rules (it is on every row).
            cast(m.c.settings_data, Text).label("settings_json"),
            d.c.case_type,
            d.c.status,
            d.c.last_step,
            d.c.related_case_id,
            s.c.id.label("step_id"),
            s.c.step,
            # As text: decoding every step's answers was a third of the statement's cost,
            # and a page uses one or two steps' answers (StoredStep.data decodes them).
            cast(s.c.data, Text).label("text"),
            s.c.complete,
            s.c.version,
        )
        .join(m, m.c.id == d.c.municipality_id)
        .join(p, p.c.id == d.c.parent_id)
        .outerjoin(s, s.c.draft_id == d.c.id)
        .where(d.c.public_id == bindparam("public_id"), d.c.parent_id == bindparam("parent_id"))
        .order_by(s.c.id)
    )


def own_draft(parent_id: int | None, public_id: str) -> StoredDraft | None:
    """The parent's own draft, or None: another parent's draft is as if it did not exist."""
    if parent_id is None:
        return None
    parameters = {"public_id": public_id, "parent_id": parent_id}
    rows = db.session.execute(_own_draft_statement(), parameters).all()
    if not rows:
        return None
    first = rows[0]
    return StoredDraft(
        id=first.id,
        public_id=first.public_id,
        parent_id=first.parent_id,
        parent_name=first.parent_name,
        municipality_id=first.municipality_id,
        municipality_name=first.municipality_name,
        settings_json=first.settings_json,
        case_type=first.case_type,
        status=first.status,
        last_step=first.last_step,
        related_case_id=first.related_case_id,
        steps=[
            StoredStep(row.step_id, row.step, row.text, row.complete, row.version)
            for row in rows
            if row.step_id is not None
        ],
    )


def of_case(case: Case) -> StoredDraft:
    """The draft `case` was sent from, as its family's wizard read it (a case made with the
    wizard: Case.draft_id is set)."""
    public_id = db.session.scalar(select(Draft.public_id).where(Draft.id == case.draft_id))
    draft = own_draft(case.parent_id, public_id)
    if draft is None:
        raise LookupError(f"case {case.number} was not sent from a draft")
    return draft


def context_for(draft: StoredDraft) -> Context:
    """What the rules need to know of the draft beyond a step: today, the municipality's
    rules, the child's birth date (from the child's step, or the related case), and the day a
    decision can be expected were the request sent today."""
    granted = lines = None
    accounts_lines: tuple = ()
    receipts: tuple = ()
    today = today_local()
    if draft.case_type in LINE_TYPES and draft.related_case is not None:
        # A change of helper hours or a move between lines names this year's granted lines.
        lines = tuple(granted_lines(draft.related_case, year=today.year))
    if draft.case_type == "accounts" and draft.related_case is not None:
        # The accounts' lines are the year's grants; the receipts are the draft's files.
        accounts_lines = tuple(accounts.granted_lines(draft.related_case))
        receipts = tuple(accounts.draft_receipts(draft.id))
    if draft.related_case is not None:
        # A request about an approved home training: the child is the case's child, and what
        # the training is already granted counts towards the same yearly cap.
        birth_date = draft.related_case.child_birth_date
        granted = tuple(training_grants(draft.related_case))
    else:
        child = draft.step(CHILD.slug)
        birth_date = child_birth_date((child.data.get("child_cpr") or [""])[0] if child else "")
    return Context(
        today=today,
        settings=draft.settings,
        child_birth_date=birth_date,
        figures=figures.current(),
        # Were the request sent today, the municipality would decide it by this day; the
        # training it asks for cannot start before (portal.rules.deadlines).
        decision_expected=due_date(draft.case_type, today, settings=draft.settings),
        granted=granted,
        granted_lines=lines,
        accounts_lines=accounts_lines,
        receipts=receipts,
    )


@cache
def _save_statements(dialect: str) -> tuple[Executable, Executable, Update | None]:
    """(first save, later save, touch of the draft) for the database's dialect, built once with
    the values as parameters, like _own_draft_statement: every step's POST runs them.

    A save returns the step row's id, or nothing when another tab saved first: caught by the
    version in the WHERE clause, or for a first save by the unique (draft, step) pair. On
    PostgreSQL the save also touches the draft (last step, time saved) in the same statement,
    one round trip instead of two, and the third statement is None; SQLite, which has no
    INSERT or UPDATE in WITH, runs it apart (a call into the library, not a round trip)."""
    step, draft = DraftStep.__table__, Draft.__table__
    values = {name: bindparam(name) for name in ("data", "complete", "version", "updated_at")}
    first_save = (
        insert_unless_present(step)
        .values(draft_id=bindparam("draft_id"), step=bindparam("step"), **values)
        .returning(step.c.id, step.c.draft_id)
    )
    later_save = (
        update(step)
        .where(step.c.id == bindparam("row_id"), step.c.version == bindparam("seen_version"))
        .values(**values)
        .returning(step.c.id, step.c.draft_id)
    )
    touch = update(draft).values(
        last_step=bindparam("last_step"), updated_at=bindparam("touched_at")
    )
    if dialect != "postgresql":
        return first_save, later_save, touch.where(draft.c.id == bindparam("saved_draft_id"))

    def and_touch(save):
        saved = save.cte("saved")
        return touch.where(draft.c.id == saved.c.draft_id).returning(saved.c.id, saved.c.draft_id)

    return and_touch(first_save), and_touch(later_save), None


def save_step(
    draft: StoredDraft, step: Step, answers: Answers, *, complete: bool, seen_version: int
) -> None:
    """Store the step's answers as typed, valid or not, and whether they are complete.

    `seen_version` is the version the parent's page was made from; if the step has been saved
    since (another tab, another device), nothing is stored and StepConflict is raised.
    """
    row = draft.step(step.slug)
    if (row.version if row else 0) != seen_version:
        raise StepConflict("step saved elsewhere")
    now = now_utc()
    version = 1 if row is None else row.version + 1
    parameters = {
        "data": answers,
        "complete": complete,
        "version": version,
        "updated_at": now,
        "last_step": step.slug,
        "touched_at": now,
    }
    first_save, later_save, touch_draft = _save_statements(db.session.get_bind().dialect.name)
    # Plain statements, not the unit of work (whose bookkeeping cost more than the writes).
    if row is None:
        statement = first_save
        parameters.update(draft_id=draft.id, step=step.slug)
    else:
        statement = later_save
        parameters.update(row_id=row.id, seen_version=row.version)
    saved = db.session.execute(statement, parameters).first()
    if saved is None:
        raise StepConflict("step saved elsewhere")
    if touch_draft is not None:
        db.session.execute(
            touch_draft, {"saved_draft_id": draft.id, "last_step": step.slug, "touched_at": now}
        )
    # The page goes on with what it has just written (its new version, above all).
    draft._saved(StoredStep(saved.id, step.slug, None, complete, version, answers))


def step_states(draft: StoredDraft) -> list[StepState]:
    rows = {row.step: row for row in draft.steps}
    return [
        StepState(step, step.slug in rows, bool(rows.get(step.slug) and rows[step.slug].complete))
        for step in steps_for(draft.case_type)
    ]


def resume_step(draft: StoredDraft) -> Step:
    """Where a parent coming back continues: where they left, or the first unfinished step."""
    states = step_states(draft)
    for state in states:
        if state.step.slug == draft.last_step and not state.complete:
            return state.step
    return next((s.step for s in states if not s.complete), states[-1].step)
