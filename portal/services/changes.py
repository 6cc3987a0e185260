"""Changes during the year: the training's granted budget lines a change concerns, and the
caseworker taking a change to note (portal.rules.changes).

A change the municipality only needs to know of is closed as "Taget til efterretning" with a
short text to the family; where the grant changes, the caseworker decides instead, on the
decision page like any request (portal.services.decisions).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext, in_danish
from portal.models import Case, Decision, StaffUser
from portal.models.case import from_ore
from portal.notify import messages
from portal.rules import formatting
from portal.rules.budget import BudgetCheck, check_budget
from portal.rules.changes import (
    NEW_LINE,
    NOTICE_TYPES,
    GrantedLine,
    check_helper_change,
    line_key,
)
from portal.rules.i18n import N_
from portal.services import figures, grants
from portal.services.cases import CaseActionRefused, _move, _staff
from portal.services.grants import training_cases
from portal.timeutil import local_date

__all__ = ["granted_lines", "requested_helper_budget", "requested_moves", "take_note"]


def granted_lines(
    training: Case, *, year: int, before: datetime | None = None
) -> list[GrantedLine]:
    """The budget lines granted for `year` by the decisions of the home training `training`
    belongs to (decided before `before`, when given), each with what it holds after the
    approved moves between lines of the same year."""
    ids = training_cases(training)
    rows = [
        (number, decided_at, budget_year, line)
        for number, _type, decided_at, budget_year, line in grants.granted_lines(training)
        if before is None or decided_at < before
    ]
    lines: dict[str, GrantedLine] = {}
    for number, decided_at, budget_year, line in rows:
        line_year = budget_year if budget_year is not None else local_date(decided_at).year
        if line_year != year:
            continue
        key = line_key(line.description, number, line.line_index + 1)
        lines[key] = GrantedLine(
            key=key,
            reference=number,
            number=line.line_index + 1,
            category=line.category,
            description=line.description,
            amount=from_ore(line.approved_ore),
            year=year,
        )
    _apply_approved_moves(training, ids, lines, year=year, before=before)
    return list(lines.values())


def _apply_approved_moves(
    training: Case,
    ids: list[int],
    lines: dict[str, GrantedLine],
    *,
    year: int,
    before: datetime | None,
) -> None:
    """What the training's approved moves took from one line and gave another; a move to a
    new purpose is a line of its own from then on."""
    where = [
        Case.id.in_(ids),
        Case.municipality_id == training.municipality_id,
        Case.case_type == "budget_move",
        Decision.outcome == "approved",
        # Only the decision in force: one replaced after a complaint moves nothing.
        Decision.superseded_at.is_(None),
    ]
    if before is not None:
        where.append(Decision.decided_at < before)
    moved = db.session.execute(
        select(Case.number, Case.received_at, Case.application)
        .join(Decision, Decision.case_id == Case.id)
        .where(*where)
        .order_by(Decision.decided_at, Decision.id)
    ).all()
    for number, received_at, document in moved:
        if local_date(received_at).year != year:
            continue
        for position, move in enumerate(
            ((document or {}).get("flyt-penge") or {}).get("moves") or [], start=1
        ):
            try:
                amount = Decimal(move.get("amount") or "")
            except InvalidOperation:
                continue
            source, target = move.get("from_line"), move.get("to_line")
            if source not in lines:
                continue
            lines[source] = _changed(lines[source], -amount)
            if target == NEW_LINE:
                description = (move.get("to_description") or "").strip()
                key = line_key(description, number, position, new=True)
                lines[key] = GrantedLine(key, number, position, "other", description, amount, year)
            elif target in lines:
                lines[target] = _changed(lines[target], amount)


def _changed(line: GrantedLine, by: Decimal) -> GrantedLine:
    return replace(line, amount=max(line.amount + by, Decimal("0.00")))


def requested_helper_budget(case: Case) -> BudgetCheck | None:
    """Changed helper hours that cost more than their granted line: the excess as one helper
    line for the caseworker to grant, cut or refuse on the decision page, with reasons, and
    counted towards the cap like any grant. None when the hours fit the line (the change is
    then taken to note) or for other requests."""
    if case.case_type != "helper_hours" or case.related_case is None:
        return None
    answers = dict((case.application or {}).get("hjaelpetraener") or {})
    try:
        answers["hours"] = Decimal(answers.get("hours") or "")
        answers["start"] = date.fromisoformat(answers.get("start") or "")
    except (InvalidOperation, ValueError):
        return None
    received = local_date(case.received_at)
    settings = case.settings
    lines = granted_lines(case.related_case, year=received.year, before=case.received_at)
    change, _found = check_helper_change(answers, lines, settings=settings)
    if change is None or change.excess <= 0:
        return None
    line = {
        "category": "helper",
        "description": gettext("Flere timer: %(line)s", line=change.line.description),
        "amount": change.excess,
        "justification": answers.get("reason") or "",
        "helper_goals": answers.get("reason") or "",
    }
    return check_budget([line], year=change.line.year, figures=figures.current(), settings=settings)


@in_danish
def requested_moves(case: Case) -> str | None:
    """The moves between budget lines the family asked for, as the decision's text starts:
    the caseworker decides each, with reasons. None for other requests."""
    if case.case_type != "budget_move":
        return None
    rows = []
    for move in ((case.application or {}).get("flyt-penge") or {}).get("moves") or []:
        try:
            amount = formatting.money(Decimal(move.get("amount") or ""))
        except InvalidOperation:
            continue
        target = move.get("to_line") or ""
        if target == NEW_LINE:
            target = gettext(
                "en ny linje: %(description)s",
                description=(move.get("to_description") or "").strip(),
            )
        rows.append(
            gettext(
                "- %(amount)s fra „%(source)s“ til „%(target)s“",
                amount=amount,
                source=move.get("from_line") or "",
                target=target,
            )
        )
    if not rows:
        return None
    return gettext("Familien har bedt om at flytte:") + "\n" + "\n".join(rows) + "\n\n"


def take_note(case: Case, staff: StaffUser, text: str, *, now: datetime):
    """Close a reported change as taken to note, with the text the family reads. Only the
    changes the municipality only needs to know of may be; moving money is always decided."""
    if case.case_type not in NOTICE_TYPES:
        raise CaseActionRefused(
            N_("Denne anmodning ændrer bevillingen. Kommunen skal træffe afgørelse.")
        )
    event = _move(case, "noted", _staff(staff), kind="noted", now=now, note=text)
    messages.status_changed(case, event)
    return event
