"""What changed between the last approved time-and-phase plan and the renewed one.

"Målene gælder i 6 måneder" (seed 001, Bilag 13): every half year the family sends new goals.
The family, before sending, and the caseworker, on the case, see per goal the old and the new
text of each field that changed, side by side ("Før" and "Nu")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.i18n import lazy_gettext as _l

__all__ = ["GOAL_FIELDS", "FieldChange", "GoalChange", "goal_changes"]

# The fields of a goal in the order the goals step asks them (portal.forms.application.GoalForm).
GOAL_FIELDS: tuple[tuple[str, Any], ...] = (
    ("title", _l("Udvalgt mål")),
    ("current_status", _l("Barnets status nu")),
    ("indicator", _l("Hvordan kan I se, at målet er nået?")),
    ("short_term", _l("Kortsigtet mål (om ½ år)")),
    ("short_term_by", _l("Dato for det kortsigtede mål")),
    ("long_term", _l("Langsigtet mål (om 1 år)")),
    ("long_term_by", _l("Dato for det langsigtede mål")),
    ("purpose", _l("Formålet med målet")),
    ("method", _l("Hvilken metode bruger I til målet?")),
    ("exercises", _l("Konkrete øvelser")),
    ("when", _l("Hvornår træner I øvelserne?")),
    ("equipment", _l("Udstyr")),
    ("documentation", _l("Hvordan dokumenterer I effekten?")),
)


# The goal's target dates, shown as dates rather than as their stored ISO text.
_DATE_FIELDS = frozenset({"short_term_by", "long_term_by"})


@dataclass(frozen=True)
class FieldChange:
    """A field's old and new answer: text, or a date for the target dates; "" when empty."""

    label: Any
    before: str | date
    now: str | date


@dataclass(frozen=True)
class GoalChange:
    """One goal of the new plan (or a goal the new plan drops): its number, its title, and
    the fields whose text changed. `status` is "changed", "new" or "dropped"."""

    number: int
    title: str
    status: str
    fields: tuple[FieldChange, ...]


def _text(goal: Mapping[str, Any] | None, key: str) -> str:
    value = (goal or {}).get(key)
    return "" if value is None else str(value).strip()


def _match(old: Sequence[Mapping], new: Mapping, position: int, used: set[int]) -> int | None:
    """The index of the old goal a new one continues: the one with the same title, else the
    one at the same position; never one another new goal continues already."""
    title = _text(new, "title").casefold()
    for index, goal in enumerate(old):
        if index not in used and title and _text(goal, "title").casefold() == title:
            return index
    return position if position < len(old) and position not in used else None


def _shown(goal: Mapping[str, Any] | None, key: str) -> str | date:
    text = _text(goal, key)
    if key in _DATE_FIELDS and text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _fields(before: Mapping | None, now: Mapping | None) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(label, _shown(before, key), _shown(now, key))
        for key, label in GOAL_FIELDS
        if _text(before, key) != _text(now, key)
    )


def goal_changes(old: Sequence[Mapping], new: Sequence[Mapping]) -> list[GoalChange]:
    """Per goal of the new plan, what differs from the goal it continues in the old plan
    (matched by title, else by position), then the old goals nothing continues. A goal whose
    every field is the same is left out."""
    result: list[GoalChange] = []
    used: set[int] = set()
    for position, goal in enumerate(new):
        index = _match(old, goal, position, used)
        if index is not None:
            used.add(index)
        fields = _fields(old[index] if index is not None else None, goal)
        if fields:
            status = "new" if index is None else "changed"
            result.append(GoalChange(position + 1, _text(goal, "title"), status, fields))
    for index, goal in enumerate(old):
        if index not in used:
            dropped = _fields(goal, None)
            result.append(GoalChange(index + 1, _text(goal, "title"), "dropped", dropped))
    return result
