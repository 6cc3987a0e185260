"""The end or change of an approved home training (portal.rules.training): the family's own
notice, the municipality's proposal and decision, and the day the training ends.

Each end or change is a case of its own, related to the training: "training_ending" when the
family gives notice, "training_change" when the municipality acts on its own motion. Its
decision is recorded like every other (portal.services.cases), with a letter made from
portal.dossier.decision_letter. Operations flush; the view commits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select

from portal.dossier import decision_letter
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.models import Case, CaseEvent, Decision, Parent, StaffUser, TrainingChange
from portal.notify import messages
from portal.rules import training as rules
from portal.rules.deadlines import due_date
from portal.rules.formatting import long_date
from portal.rules.i18n import N_
from portal.rules.labels import label
from portal.services import hearings, letters
from portal.services.case_numbers import next_case_number
from portal.services.cases import CaseActionRefused, record_decision
from portal.services.decisions import letter_data
from portal.timeutil import local_date
from portal.wizard.checks import message

__all__ = [
    "DECISION_OUTCOMES",
    "TrainingEnd",
    "change_of",
    "changes_of",
    "decide_change",
    "dossier_rows",
    "end_by_family",
    "hearing_state",
    "on_case",
    "open_change",
    "trainings_until_final_accounts",
    "training_end",
]

_APPROVED = ("approved", "partly_approved")
# The outcome a decision on an end or change records, by the change's kind: what the family
# reads in the history and the letter (portal.rules.labels, "outcome").
DECISION_OUTCOMES = {"end": "ended", "reduce": "reduced", "adjust": "adjusted"}


@dataclass(frozen=True)
class TrainingEnd:
    """Where a training stands today: its state, the first day without training (the 18th
    birthday when nothing earlier is set), what set it, and when the final accounts are due."""

    state: str
    ends_on: date
    by: str  # "family", "municipality" or "age18"
    final_accounts_due: date

    @property
    def last_day(self) -> date:
        return rules.last_day(self.ends_on)


def changes_of(training: Case) -> list[TrainingChange]:
    return list(
        db.session.scalars(
            select(TrainingChange)
            .where(TrainingChange.training_id == training.id)
            .order_by(TrainingChange.recorded_at, TrainingChange.id)
        )
    )


def change_of(case: Case) -> TrainingChange | None:
    """The end or change a case of type training_ending or training_change decides."""
    return db.session.scalar(select(TrainingChange).where(TrainingChange.case_id == case.id))


def _set_end(change: TrainingChange) -> date | None:
    return rules.set_end(
        kind=change.kind,
        initiated_by=change.initiated_by,
        withdrawn=change.case.status == "withdrawn",
        effective_on=change.effective_on,
        decided_effective_on=change.decided_effective_on,
    )


def training_end(training: Case, today: date) -> TrainingEnd:
    ends = [
        (day, change.initiated_by) for change in changes_of(training) if (day := _set_end(change))
    ]
    set_on, by = min(ends) if ends else (None, "age18")
    ends_on = rules.training_ends_on(training.child_birth_date, set_on)
    if set_on is None or ends_on < set_on:
        by = "age18"
    return TrainingEnd(
        state=rules.state(training.child_birth_date, set_on, today),
        ends_on=ends_on,
        by=by,
        final_accounts_due=rules.final_accounts_due(ends_on),
    )


def _check(training: Case, today: date, to_state: str, way: str, **conditions: bool) -> None:
    current = training_end(training, today).state
    try:
        rules.check_change(current, to_state, way, **conditions)
    except rules.ChangeRefused as refused:
        raise CaseActionRefused(refused.msgid) from None


def _require_approved(training: Case) -> None:
    if not _is_approved_training(training):
        raise CaseActionRefused(N_("Kun en godkendt hjemmetræning kan stoppes eller ændres."))


def _new_case(
    training: Case,
    case_type: str,
    *,
    now: datetime,
    actor_kind: str,
    actor_name: str,
    status: str = "received",
) -> Case:
    received = local_date(now)
    case = Case(
        number=next_case_number(received.year),
        draft_id=None,
        parent_id=training.parent_id,
        municipality_id=training.municipality_id,
        case_type=case_type,
        status=status,
        received_at=now,
        due_date=due_date(case_type, received, settings=training.municipality.settings),
        child_name=training.child_name,
        child_cpr=training.child_cpr,
        child_birth_date=training.child_birth_date,
        application={},
        updated_at=now,
        related_case_id=training.id,
    )
    case.events.append(
        CaseEvent(
            at=now,
            kind="received" if actor_kind == "parent" else "training_change_opened",
            actor_kind=actor_kind,
            actor_name=actor_name,
            to_status=status,
        )
    )
    db.session.add(case)
    return case


def end_by_family(
    training: Case,
    parent: Parent,
    *,
    last_day: date,
    reason: str,
    needs_instead: str | None,
    now: datetime,
) -> TrainingChange:
    """The family ends the training themselves from the day after `last_day`. The municipality
    gets it as a new case, and confirms it by a decision that ends the grants."""
    if training.parent_id != parent.id:
        raise ValueError("only the training's own parent can end it")
    _require_approved(training)
    today = local_date(now)
    ends_on = rules.ends_on_after(last_day)
    to_state = "ended" if ends_on <= today else "ending"
    _check(training, today, to_state, "family")
    case = _new_case(
        training, "training_ending", now=now, actor_kind="parent", actor_name=parent.name
    )
    case.application = {
        "ophoer": {
            "last_day": last_day.isoformat(),
            "reason": reason,
            "needs_instead": needs_instead or "",
        }
    }
    change = TrainingChange(
        training_id=training.id,
        case=case,
        initiated_by="family",
        kind="end",
        effective_on=ends_on,
        reason=reason,
        needs_instead=needs_instead or None,
        recorded_at=now,
        recorded_by_name=parent.name,
    )
    db.session.add(change)
    db.session.flush()
    messages.case_received(case)
    return change


def open_change(
    training: Case,
    staff: StaffUser,
    *,
    kind: str,
    proposal: str,
    effective_on: date,
    by_agreement: bool,
    basis: str | None,
    now: datetime,
) -> TrainingChange:
    """The municipality's case on its own motion to adjust, reduce or stop a training, with its
    proposal as the family will read it. The hearing is sent next (when one is needed)."""
    if kind not in rules.CHANGE_KINDS:
        raise ValueError(f"unknown change {kind!r}")
    if training.municipality_id != staff.municipality_id:
        raise ValueError("another municipality's training")
    _require_approved(training)
    today = local_date(now)
    state = training_end(training, today).state
    if state == "ended":
        raise CaseActionRefused(
            N_("Hjemmetræningen er slut. En ny hjemmetræning kræver en ny ansøgning.")
        )
    # The caseworker who opens it has it, and works on it from the start.
    case = _new_case(
        training,
        "training_change",
        now=now,
        actor_kind="staff",
        actor_name=staff.name,
        status="under_review",
    )
    case.assigned_to = staff
    case.application = {
        "aendring": {
            "kind": kind,
            "proposal": proposal,
            "effective_on": effective_on.isoformat(),
            "by_agreement": by_agreement,
            "basis": basis or "",
        }
    }
    change = TrainingChange(
        training_id=training.id,
        case=case,
        initiated_by="municipality",
        kind=kind,
        effective_on=effective_on,
        reason=proposal,
        basis=basis or None,
        by_agreement=by_agreement,
        recorded_at=now,
        recorded_by_name=staff.name,
    )
    db.session.add(change)
    db.session.flush()
    messages.training_change_opened(case)
    if rules.needs_hearing(kind, by_agreement=by_agreement):
        # 001: "Der vil altid være en dialog med jer som forældre, inden der træffes afgørelse
        # om ophør af hjemmetræningen. Dette vil ske i form af en skriftlig høring". The family
        # is heard on the case that decides, so proposal, answer and decision stay together.
        change.hearing = hearings.open_hearing(
            case, kind="ending", subject=_hearing_subject(change), staff=staff, now=now
        )
        db.session.flush()
    return change


@in_danish
def _hearing_subject(change: TrainingChange) -> str:
    """What the family is heard on, as they read it."""
    parts = [
        _(
            "Kommunen foreslår: %(kind)s, med virkning fra %(day)s.",
            kind=_(label("training_change", change.kind)),
            day=long_date(change.effective_on),
        ),
        change.reason,
    ]
    if change.basis:
        parts.append(_("Forslaget bygger på: %(basis)s", basis=change.basis))
    return "\n\n".join(parts)


@dataclass(frozen=True)
class HearingState:
    sent: bool
    answered: bool
    answer_by: date | None


def hearing_state(change: TrainingChange) -> HearingState:
    """Where the family's hearing on the change stands."""
    hearing = change.hearing
    if hearing is None:
        return HearingState(sent=False, answered=False, answer_by=None)
    return HearingState(sent=True, answered=not hearing.is_open, answer_by=hearing.answer_by)


def decision_problem(change: TrainingChange, hearing: HearingState, today: date) -> str | None:
    """Why the municipality cannot decide on its own change yet; None for the family's notice."""
    if change.initiated_by == "family":
        return None
    return rules.decision_problem(
        change.kind,
        by_agreement=change.by_agreement,
        hearing_sent=hearing.sent,
        hearing_answered=hearing.answered,
        answer_by=hearing.answer_by,
        today=today,
    )


def earliest_effect(change: TrainingChange, decided_on: date) -> date:
    """The earliest day the decision may take effect. The family's own end takes effect on the
    day they chose: the notice protects the family, and they have waived it."""
    if change.initiated_by == "family":
        return change.effective_on
    return rules.earliest_effect(change.kind, decided_on)


def decide_change(
    change: TrainingChange,
    staff: StaffUser,
    *,
    effective_on: date,
    text: str,
    complaint_guidance: str,
    hearing: HearingState,
    now: datetime,
) -> Decision:
    """The municipality's written decision on an end or change, with the day it takes effect,
    its reasons and complaint guidance, and the letter."""
    case = change.case
    today = local_date(now)
    if problem := decision_problem(change, hearing, today):
        raise CaseActionRefused(problem)
    if change.initiated_by == "municipality" and change.kind == "end":
        _check(change.training, today, "ending", "municipality", heard=True, decided=True)
    earliest = earliest_effect(change, today)
    if effective_on < earliest:
        raise CaseActionRefused(
            N_("Afgørelsen kan tidligst have virkning fra den %(day)s."), day=long_date(earliest)
        )
    decision = record_decision(case, staff, "approved", text, complaint_guidance, now=now)
    # The decision names what it does to the training, not "approved": the outcome and the
    # history say "Hjemmetræningen stopper" (portal.rules.labels, "outcome").
    outcome = DECISION_OUTCOMES[change.kind]
    decision.outcome = outcome
    case.events[-1].note = outcome
    change.decided_effective_on = effective_on
    db.session.flush()
    # The page read the case without a decision; read it again with the one just made.
    db.session.expire(case, ["decision"])
    content = _letter_content(case, change)
    decision.letter = content
    decision.letter_sha256 = hashlib.sha256(content).hexdigest()
    letters.queue_decision(case, decision, now=now)
    return decision


@in_danish
def _letter_content(case: Case, change: TrainingChange) -> bytes:
    return decision_letter.build(letter(case, change))


@in_danish
def letter(case: Case, change: TrainingChange) -> decision_letter.LetterData:
    """The decision letter: the decision as every letter gives it, and what the end or change
    means for the grants, the helpers and the final accounts."""
    effective = change.decided_effective_on or change.effective_on
    facts = [(_("Ændringen har virkning fra"), long_date(effective))]
    if change.kind == "end":
        facts = [
            (_("Sidste dag med hjemmetræning"), long_date(rules.last_day(effective))),
            (
                _("Tabt arbejdsfortjeneste"),
                _(
                    "Ydelsen stopper med hjemmetræningen. Den er omfattet af de almindelige "
                    "varslings- og afviklingsregler."
                ),
            ),
            (
                _("Hjælpetrænere"),
                _(
                    "Er der ansat en hjælpetræner, skal hjælpetræneren varsles efter sine "
                    "ansættelsesvilkår."
                ),
            ),
            (
                _("Regnskab"),
                _(
                    "Send det afsluttende regnskab senest den %(day)s, 8 uger efter den "
                    "sidste dag.",
                    day=long_date(rules.final_accounts_due(effective)),
                ),
            ),
            (
                _("Tilbud i stedet"),
                _("Kommunen taler med jer om, hvilket tilbud jeres barn i stedet skal have."),
            ),
        ]
    return replace(
        letter_data(case),
        headline=_(label("outcome", DECISION_OUTCOMES[change.kind])),
        facts_heading=_(label("case_type", case.case_type)),
        facts=facts,
    )


@dataclass(frozen=True)
class OnCase:
    """What a case page shows of the training's end: for an approved training its end; for a
    case that ends or changes one, the change."""

    end: TrainingEnd | None = None
    change: TrainingChange | None = None
    # The rules' advice on the family's own last day, as at the day the notice arrived:
    # (message, source).
    advice: tuple[tuple[str, str], ...] = ()


def _is_approved_training(case: Case) -> bool:
    return (
        case.case_type == "new_application"
        and case.decision is not None
        and case.decision.outcome in _APPROVED
    )


def on_case(case: Case, today: date) -> OnCase:
    if _is_approved_training(case):
        return OnCase(end=training_end(case, today))
    if case.case_type in ("training_ending", "training_change"):
        change = change_of(case)
        advice = ()
        if change is not None and change.initiated_by == "family":
            found = rules.ending_findings(
                rules.last_day(change.effective_on),
                birth_date=case.child_birth_date,
                today=local_date(case.received_at),
            )
            advice = tuple((message(f), f.source) for f in found)
        return OnCase(change=change, advice=advice)
    return OnCase()


def trainings_until_final_accounts(
    parent_id: int, *, since: date, today: date
) -> list[tuple[Case, TrainingEnd]]:
    """The parent's approved trainings with where each stands, until the final accounts are
    due: running, ending, or ended with the final accounts due on `since` or later."""
    rows = db.session.scalars(
        select(Case)
        .join(Decision, Decision.case_id == Case.id)
        .where(
            Case.parent_id == parent_id,
            Case.case_type == "new_application",
            Decision.outcome.in_(_APPROVED),
        )
        .order_by(Case.child_name, Case.id)
    )
    found = [(case, training_end(case, today)) for case in rows]
    return [(case, end) for case, end in found if end.final_accounts_due >= since]


def dossier_rows(case: Case, today: date) -> dict:
    """The end or change in the Word dossier: on the training, where it stands and every end or
    change recorded on it; on the case that decides one, what was asked or proposed."""
    found = on_case(case, today)
    if found.end is not None:
        end = found.end
        rows = [
            (_("Status"), _(label("training_state", end.state))),
            (_("Sidste dag med hjemmetræning"), long_date(end.last_day)),
            (_("Afsluttende regnskab senest"), long_date(end.final_accounts_due)),
        ]
        for change in changes_of(case):
            params = {
                "kind": _(label("training_change", change.kind)),
                "day": long_date(change.decided_effective_on or change.effective_on),
            }
            if change.initiated_by == "family":
                text = _("%(kind)s, familiens ønske, virkning fra %(day)s", **params)
            else:
                text = _("%(kind)s, kommunens forslag, virkning fra %(day)s", **params)
            rows.append((_("Sag %(number)s", number=change.case.number), text))
        return {"training_heading": _("Hjemmetræningens slutning"), "training_rows": rows}
    change = found.change
    if change is None:
        return {}
    if change.initiated_by == "family":
        rows = [
            (_("Sidste dag med hjemmetræning"), long_date(rules.last_day(change.effective_on))),
            (_("Hvorfor"), change.reason),
            (_("Hvad barnet har brug for i stedet"), change.needs_instead or "–"),
        ]
    else:
        rows = [
            (_("Forslag"), _(label("training_change", change.kind))),
            (_("Forslaget og begrundelsen"), change.reason),
            (_("Grundlag"), change.basis or "–"),
            (_("Foreslået virkning fra"), long_date(change.effective_on)),
            (_("Aftalt med familien"), _("Ja") if change.by_agreement else _("Nej")),
        ]
    if change.decided_effective_on:
        rows.append((_("Afgørelsen har virkning fra"), long_date(change.decided_effective_on)))
    rows.append((_("Hjemmetræningens sag"), change.training.number))
    return {"training_heading": _(label("case_type", case.case_type)), "training_rows": rows}
