"""The rules of portal.rules asked about a wizard step, with each finding placed on its field.

portal.rules decides what the law and the municipality accept; this module only translates
between a step's form and the rules' plain data, and between a finding's `field` ("3.amount")
and the element on the page ("lines-3-amount").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from stdnum.dk import cpr
from stdnum.exceptions import ValidationError
from wtforms import Field

from portal.apply.steps import Step
from portal.forms.base import BaseForm
from portal.i18n import gettext
from portal.rules.accounts import AccountsCheck, check_accounts
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
        data = entry.form.data
        # A goal just added and not yet written gets no advice; saving it still shows what
        # is missing.
        blank = not any(value for value in data.values())
        for finding in check_goal(data, today=ctx.today):
            if finding.is_error or not blank:
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


def _accounts_check(form: BaseForm) -> tuple[list[int], AccountsCheck]:
    rows = [entry.form.data for entry in form.lines.entries]
    return list(range(len(rows))), check_accounts(rows)


def _accounts(form: BaseForm, ctx: Context) -> list[Placed]:
    positions, result = _accounts_check(form)
    return [_place("lines", positions, f) for f in result.findings]


CHECKS: dict[str, Callable[[BaseForm, Context], list[Placed]]] = {
    "maal": _goals,
    "ugeskema": _schedule,
    "budget": _budget,
    # Equipment outside the budget is checked as budget lines are (cap, excluded items).
    "udstyr": _budget,
    "regnskab": _accounts,
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


def accounts_summary(form: BaseForm, ctx: Context) -> AccountsCheck:
    """What was granted, what was spent, and the balance, shown under the accounts."""
    return _accounts_check(form)[1]


def _typed_goal(goal: dict) -> dict:
    typed = dict(goal)
    for key in ("short_term_by", "long_term_by"):
        value = typed.get(key)
        typed[key] = date.fromisoformat(value) if isinstance(value, str) and value else None
    return typed


def _typed_entry(entry: dict) -> dict:
    typed = dict(entry)
    for key in ("start", "end"):
        value = typed.get(key)
        typed[key] = time.fromisoformat(value) if isinstance(value, str) and value else None
    return typed


def document_schedule(document: dict) -> list[dict]:
    """The submitted week's rows as the rules read them (times as datetime.time)."""
    entries = (document.get("ugeskema") or {}).get("entries") or []
    return [_typed_entry(e) for e in entries if e.get("day") in DAYS and e.get("kind") in KINDS]


def document_budget(document: dict, ctx: Context) -> BudgetCheck | None:
    budget = document.get("budget")
    if not budget:
        return None
    lines = [line for line in budget.get("lines") or [] if line.get("category") in CATEGORIES]
    year = budget.get("year") if isinstance(budget.get("year"), int) else ctx.today.year
    return check_budget(lines, year=year, settings=ctx.settings)


def document_findings(document: dict, ctx: Context) -> list[tuple[str, str, Finding]]:
    """The rules' findings on a submitted request: (section slug, what it concerns, finding),
    e.g. ("maal", "Mål 2", <goal.vague>). The same rules as in the wizard, on the stored data."""
    found: list[tuple[str, str, Finding]] = []
    goals = (document.get("maal") or {}).get("goals") or []
    for number, goal in enumerate(goals, start=1):
        for finding in check_goal(_typed_goal(goal), today=ctx.today):
            found.append(("maal", gettext("Mål %(number)s", number=number), finding))
    if document.get("ugeskema") is not None and ctx.child_birth_date is not None:
        rows = document_schedule(document)
        for finding in check_week(
            rows, child_birth_date=ctx.child_birth_date, today=ctx.today, settings=ctx.settings
        ):
            found.append(("ugeskema", _row_label(finding, gettext("Aktivitet")), finding))
    result = document_budget(document, ctx)
    if result is not None:
        for finding in result.findings:
            found.append(("budget", _row_label(finding, gettext("Udgift")), finding))
    return found


def _row_label(finding: Finding, noun: str) -> str:
    index, _sep, _key = finding.field.partition(".")
    if index.isdigit():
        return f"{noun} {int(index) + 1}"
    return ""
