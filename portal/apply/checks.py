"""The rules of portal.rules asked about a wizard step, with each finding placed on its field.

portal.rules decides what the law and the municipality accept; this module only translates
between a step's form and the rules' plain data, and between a finding's `field` ("3.amount")
and the element on the page ("lines-3-amount").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from stdnum.dk import cpr
from stdnum.exceptions import ValidationError
from wtforms import Field

from portal.apply.steps import Step
from portal.forms.base import BaseForm
from portal.rules.budget import CATEGORIES, BudgetCheck, check_budget
from portal.rules.findings import Finding
from portal.rules.goals import check_goal
from portal.rules.schedule import DAYS, KINDS, WeekTotals, check_week, week_totals
from portal.rules.settings import MunicipalitySettings


@dataclass(frozen=True)
class Context:
    """What the rules need to know beyond the step itself."""

    today: date
    settings: MunicipalitySettings
    child_birth_date: date | None


@dataclass(frozen=True)
class Placed:
    """A finding and where it is shown: the element id on the step's page."""

    finding: Finding
    target: str

    @property
    def message(self) -> str:
        return message(self.finding)


def message(finding: Finding) -> str:
    """The finding in the reader's language (the rules' text is the Danish msgid)."""
    translated = gettext(finding.msgid)
    return translated % dict(finding.params) if finding.params else translated


def child_birth_date(child_cpr: str | None) -> date | None:
    try:
        return cpr.get_birth_date(cpr.validate(child_cpr or ""))
    except (ValidationError, ValueError):
        return None


def _goals(form: BaseForm, ctx: Context) -> list[Placed]:
    placed = []
    for position, entry in enumerate(form.goals.entries):
        for finding in check_goal(entry.form.data, today=ctx.today):
            placed.append(Placed(finding, f"goals-{position}-{finding.field}"))
    return placed


def _readable_rows(entries, required: dict[str, tuple[str, ...]]) -> tuple[list[int], list[dict]]:
    """The rows the rules can read (a row whose day or category is not chosen yet has its own
    message from the form), with their positions on the page."""
    positions, rows = [], []
    for position, entry in enumerate(entries):
        data = entry.form.data
        if all(data.get(key) in allowed for key, allowed in required.items()):
            positions.append(position)
            rows.append(data)
    return positions, rows


def _place(list_name: str, positions: list[int], finding: Finding) -> Placed:
    index, _sep, key = finding.field.partition(".")
    if index.isdigit() and key:
        return Placed(finding, f"{list_name}-{positions[int(index)]}-{key}")
    return Placed(finding, f"{list_name}-list")


def _schedule_rows(form: BaseForm) -> tuple[list[int], list[dict]]:
    return _readable_rows(form.entries.entries, {"day": DAYS, "kind": KINDS})


def _schedule(form: BaseForm, ctx: Context) -> list[Placed]:
    positions, rows = _schedule_rows(form)
    findings = check_week(
        rows,
        child_birth_date=ctx.child_birth_date or ctx.today,
        today=ctx.today,
        settings=ctx.settings,
    )
    if ctx.child_birth_date is None:
        # The weekly cap depends on school age, which needs the child's CPR number.
        findings = [f for f in findings if f.field != "week"]
    return [_place("entries", positions, f) for f in findings]


def _budget_check(form: BaseForm, ctx: Context) -> tuple[list[int], BudgetCheck]:
    positions, lines = _readable_rows(form.lines.entries, {"category": CATEGORIES})
    year = form.year.data if isinstance(form.year.data, int) else ctx.today.year
    return positions, check_budget(lines, year=year, settings=ctx.settings)


def _budget(form: BaseForm, ctx: Context) -> list[Placed]:
    positions, result = _budget_check(form, ctx)
    return [_place("lines", positions, f) for f in result.findings]


CHECKS: dict[str, Callable[[BaseForm, Context], list[Placed]]] = {
    "maal": _goals,
    "ugeskema": _schedule,
    "budget": _budget,
}


def _field_by_id(form: BaseForm, element_id: str) -> Field | None:
    from portal.services.answers import leaf_fields

    return next((f for f in leaf_fields(form) if f.id == element_id), None)


def validate_step(step: Step, form: BaseForm, ctx: Context) -> tuple[bool, list[Placed]]:
    """Validate the form, then ask the rules. Errors are put on their fields (unless the field
    already says what is wrong with it) and make the step invalid; warnings never do.

    Returns (valid, warnings)."""
    valid = form.validate()
    check = CHECKS.get(step.slug)
    if check is None:
        return valid, []
    warnings = []
    for item in check(form, ctx):
        if not item.finding.is_error:
            warnings.append(item)
            continue
        valid = False
        field = _field_by_id(form, item.target)
        if field is not None:
            if not field.errors:
                field.errors = [*field.errors, item.message]
        else:
            list_field = form._fields.get(item.target.removesuffix("-list"))
            if list_field is not None:
                list_field.errors = [*list_field.errors, item.message]
    return valid, warnings


def schedule_totals(form: BaseForm, ctx: Context) -> WeekTotals:
    """The week's hours, shown under the schedule so the parent sees what they add up to."""
    _positions, rows = _schedule_rows(form)
    return week_totals(rows, child_birth_date=ctx.child_birth_date or ctx.today, today=ctx.today)


def budget_summary(form: BaseForm, ctx: Context) -> BudgetCheck:
    """Totals per category against the year's cap, shown under the budget."""
    return _budget_check(form, ctx)[1]
