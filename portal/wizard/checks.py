"""The rules of portal.rules asked about a wizard step's answers, each finding placed where the
page shows it.

portal.rules decides what the law and the municipality accept; this module only translates
between a step's typed answers (what its form read: dates, amounts, lists of entries) and the
rules' plain data, and between a finding's `field` ("3.amount") and the element on the page
("lines-3-amount"). portal.forms.steps puts the errors on the form's fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

from stdnum.dk import cpr
from stdnum.exceptions import ValidationError

from portal.i18n import gettext, ngettext, param_text
from portal.rules.accounts import AccountsCheck, check_accounts
from portal.rules.accounts import GrantedLine as AccountsLine
from portal.rules.budget import CATEGORIES, BudgetCheck, BudgetLine, check_budget
from portal.rules.cap import CapPosition, Grant, cap_advice, cap_position
from portal.rules.changes import (
    GrantedLine,
    HelperChange,
    PauseYear,
    check_helper_change,
    check_moves,
    check_pauses,
    pause_years,
)
from portal.rules.family import check_adults, check_offers, check_trainers
from portal.rules.findings import ERROR, Finding, make_finding
from portal.rules.goals import check_goal, passed_since_receipt
from portal.rules.i18n import N_
from portal.rules.lost_earnings import FamilyEarnings, check_family
from portal.rules.methods import check_methods
from portal.rules.schedule import DAYS, KINDS, WeekTotals, check_week, week_totals
from portal.rules.settings import MunicipalitySettings
from portal.rules.sources import GUIDE
from portal.rules.yearly import YearlyFigures

# A step's answers as its form typed them: {"goals": [{"title": ..., "short_term_by": date}]}.
StepData = Mapping[str, Any]


@dataclass(frozen=True)
class Context:
    """What the rules need to know beyond the step itself.

    ``today`` is the day the rules judge as at: in the wizard today, for a submitted request
    the day the municipality received it. ``seen_on`` is the day a submitted request is read
    (the case page, the dossier): what has passed since the receipt is told as a note."""

    today: date
    settings: MunicipalitySettings
    child_birth_date: date | None
    # The yearly figures (the cap, the lost-earnings ceiling, the ATP rates) as the database
    # holds them now (portal.services.figures).
    figures: YearlyFigures
    seen_on: date | None = None
    # The day a decision on the request can be expected (receipt + the municipality's handling
    # time, portal.rules.deadlines.due_date): the week it describes cannot start before it, so
    # school age is judged on that day, not today. None: judged today.
    decision_expected: date | None = None

    @property
    def week_starts(self) -> date:
        """The day the weekly schedule's school age is judged on."""
        return self.decision_expected or self.today

    # What the home training a request belongs to is already granted (portal.rules.cap);
    # None for a new application, which has no training yet.
    granted: tuple[Grant, ...] | None = None
    # The budget lines the training is granted in the year of ``today`` (portal.rules.changes),
    # for a change that concerns them; None where no step asks for one.
    granted_lines: tuple[GrantedLine, ...] | None = None
    # For accounts: every budget line the training's decisions granted, of every year
    # (portal.services.accounts), and the files attached to the draft as (id, name).
    accounts_lines: tuple[AccountsLine, ...] = ()
    receipts: tuple[tuple[str, str], ...] = ()

    def lines_of(self, year: int | None) -> tuple[AccountsLine, ...]:
        return tuple(line for line in self.accounts_lines if line.year == year)


@dataclass(frozen=True)
class Placed:
    """A finding and where it is shown: the element id on the step's page."""

    finding: Finding
    target: str

    @property
    def message(self) -> str:
        return message(self.finding)


def message(finding: Finding) -> str:
    """The finding in the reader's language (the rules' text is the Danish msgid); a counted
    message or phrase takes the reader's language's form for its count, a list its words."""
    params = {key: param_text(value) for key, value in finding.params.items()}
    if finding.msgid_plural:
        return ngettext(finding.msgid, finding.msgid_plural, finding.count, **params)
    translated = gettext(finding.msgid)
    return translated % params if params else translated


def child_birth_date(child_cpr: str | None) -> date | None:
    try:
        return cpr.get_birth_date(cpr.validate(child_cpr or ""))
    except (ValidationError, ValueError):
        return None


def _entries(data: StepData, list_name: str) -> list[Mapping[str, Any]]:
    return list(data.get(list_name) or [])


def _goals(data: StepData, ctx: Context) -> list[Placed]:
    placed = []
    for position, goal in enumerate(_entries(data, "goals")):
        # A goal just added and not yet written gets no advice; saving it still shows what
        # is missing.
        blank = not any(value for value in goal.values())
        for finding in check_goal(goal, today=ctx.today):
            if finding.is_error or not blank:
                placed.append(Placed(finding, f"goals-{position}-{finding.field}"))
    return placed


def _readable_rows(
    entries: Sequence[Mapping[str, Any]], required: dict[str, tuple[str, ...]]
) -> tuple[list[int], list[Mapping[str, Any]]]:
    """The rows the rules can read (a row whose day or category is not chosen yet has its own
    message from the form), with their positions on the page."""
    positions, rows = [], []
    for position, row in enumerate(entries):
        if all(row.get(key) in allowed for key, allowed in required.items()):
            positions.append(position)
            rows.append(row)
    return positions, rows


def _place(list_name: str, positions: list[int], finding: Finding) -> Placed:
    index, _sep, key = finding.field.partition(".")
    if index.isdigit() and key:
        return Placed(finding, f"{list_name}-{positions[int(index)]}-{key}")
    return Placed(finding, f"{list_name}-list")


def _schedule_rows(data: StepData) -> tuple[list[int], list[Mapping[str, Any]]]:
    return _readable_rows(_entries(data, "entries"), {"day": DAYS, "kind": KINDS})


def _schedule(data: StepData, ctx: Context) -> list[Placed]:
    positions, rows = _schedule_rows(data)
    findings = check_week(
        rows,
        child_birth_date=ctx.child_birth_date or ctx.today,
        today=ctx.week_starts,
        settings=ctx.settings,
    )
    if ctx.child_birth_date is None:
        # The weekly cap depends on school age, which needs the child's CPR number.
        findings = [f for f in findings if f.field != "week"]
    return [_place("entries", positions, f) for f in findings]


def _training_weeks(data: StepData) -> int | None:
    """The family's weeks a year with training, when the answer can be read (1-52)."""
    weeks = data.get("training_weeks")
    return weeks if isinstance(weeks, int) and 1 <= weeks <= 52 else None


def _budget_check(data: StepData, ctx: Context) -> tuple[list[int], BudgetCheck]:
    positions, lines = _readable_rows(_entries(data, "lines"), {"category": CATEGORIES})
    year = data.get("year")
    year = year if isinstance(year, int) else ctx.today.year
    return positions, check_budget(
        lines,
        year=year,
        figures=ctx.figures,
        settings=ctx.settings,
        training_weeks=_training_weeks(data),
    )


def _cap_position(result: BudgetCheck, ctx: Context, *, one_off: bool) -> CapPosition | None:
    """The request against the cap, counting what its home training is already granted; it
    would take effect on the day it is received (today, for a draft)."""
    if ctx.granted is None:
        return None
    asked = Grant(
        max(result.total_training, Decimal("0.00")), result.year, ctx.today, one_off=one_off
    )
    return cap_position(ctx.granted, [asked], year=result.year, figures=ctx.figures)


def _budget(data: StepData, ctx: Context, *, one_off: bool = False) -> list[Placed]:
    positions, result = _budget_check(data, ctx)
    found = list(result.findings)
    position = _cap_position(result, ctx, one_off=one_off)
    if position is not None:
        found += cap_advice(position)
    return [_place("lines", positions, f) for f in found]


def _equipment(data: StepData, ctx: Context) -> list[Placed]:
    """Equipment outside the budget is checked as budget lines are (cap, excluded items); it
    is a one-off grant, counted in its month (portal.rules.cap)."""
    return _budget(data, ctx, one_off=True)


def accounts_year_of(data: StepData) -> int | None:
    year = data.get("year")
    if isinstance(year, int):
        return year
    return int(year) if isinstance(year, str) and year.isdigit() else None


def _accounts_check(data: StepData, ctx: Context) -> AccountsCheck:
    year = accounts_year_of(data)
    return check_accounts(year or 0, ctx.lines_of(year), _entries(data, "entries"))


def _accounts(data: StepData, ctx: Context) -> list[Placed]:
    placed = []
    for finding in _accounts_check(data, ctx).findings:
        kind, _sep, key = finding.field.partition(".")
        if kind == "line":
            placed.append(Placed(finding, f"accounts-line-{key}"))
        else:
            placed.append(_place("entries", list(range(len(data.get("entries") or []))), finding))
    known = {public_id for public_id, _name in ctx.receipts}
    for position, entry in enumerate(_entries(data, "entries")):
        if entry.get("receipt") and entry["receipt"] not in known:
            placed.append(
                Placed(
                    make_finding(
                        "accounts.unknown_receipt",
                        ERROR,
                        f"{position}.receipt",
                        N_("Vælg en af de filer, I har sendt under Bilag"),
                        GUIDE,
                    ),
                    f"entries-{position}-receipt",
                )
            )
    return placed


LOST_EARNINGS_SLUG = "tabt-arbejdsfortjeneste"


def lost_earnings_summary(data: StepData, ctx: Context) -> FamilyEarnings:
    """The guiding estimate per parent, shown under the lost-earnings step. The year is the
    year the request is made (the figures of the day it is received, DOMAIN.md)."""
    return check_family(data, year=ctx.today.year, figures=ctx.figures)


def _lost_earnings(data: StepData, ctx: Context) -> list[Placed]:
    placed = []
    for finding in lost_earnings_summary(data, ctx).findings:
        index, _sep, key = finding.field.partition(".")
        if index.isdigit() and key:
            placed.append(Placed(finding, f"parents-{index}-{key}"))
        elif finding.field == "parents":
            placed.append(Placed(finding, "parents-list"))
        else:
            placed.append(Placed(finding, finding.field))
    return placed


def _methods(data: StepData, ctx: Context) -> list[Placed]:
    methods = _entries(data, "methods")
    return [_place("methods", list(range(len(methods))), f) for f in check_methods(methods)]


def _offers(data: StepData, ctx: Context) -> list[Placed]:
    offers = _entries(data, "offers")
    return [_place("offers", list(range(len(offers))), f) for f in check_offers(offers)]


def _family(data: StepData, ctx: Context) -> list[Placed]:
    return [_place("adults", [], f) for f in check_adults(_entries(data, "adults"))]


def _considerations(data: StepData, ctx: Context) -> list[Placed]:
    return [Placed(f, f.field) for f in check_trainers(data.get("trainers") or [])]


def _pauses(data: StepData, ctx: Context) -> list[Placed]:
    """An impossible period is an error; going beyond the holiday weeks is advice. How the
    periods count against the holiday weeks is the summary under the step, not advice."""
    periods = _entries(data, "periods")
    found = [f for f in check_pauses(periods, settings=ctx.settings) if not f.is_note]
    return [_place("periods", list(range(len(periods))), f) for f in found]


def pause_summary(data: StepData, ctx: Context) -> list[PauseYear]:
    """The weeks without training per year, against the holiday weeks the municipality
    assumes."""
    return pause_years(_entries(data, "periods"), settings=ctx.settings)


def _helper_check(data: StepData, ctx: Context) -> tuple[HelperChange | None, list]:
    return check_helper_change(data, ctx.granted_lines or (), settings=ctx.settings)


def _helper_hours(data: StepData, ctx: Context) -> list[Placed]:
    return [Placed(f, f.field) for f in _helper_check(data, ctx)[1]]


def helper_summary(data: StepData, ctx: Context) -> dict:
    """The new hours' cost by the year's rate against the granted line, and the lines."""
    return {"change": _helper_check(data, ctx)[0], "lines": ctx.granted_lines or ()}


def _budget_move(data: StepData, ctx: Context) -> list[Placed]:
    moves = _entries(data, "moves")
    found = check_moves(moves, ctx.granted_lines or ())
    return [_place("moves", list(range(len(moves))), f) for f in found]


def move_summary(data: StepData, ctx: Context) -> dict:
    """The granted lines of the year, before and after the moves asked for."""
    return {"lines": ctx.granted_lines or (), "after": _lines_after(data, ctx)}


def _lines_after(data: StepData, ctx: Context) -> dict[str, Decimal]:
    after = {line.key: line.amount for line in ctx.granted_lines or ()}
    for move in _entries(data, "moves"):
        amount = move.get("amount")
        if not isinstance(amount, Decimal):
            continue
        for key, sign in ((move.get("from_line"), -1), (move.get("to_line"), 1)):
            if key in after:
                after[key] += sign * amount
    return after


_CHECKS: dict[str, Callable[[StepData, Context], list[Placed]]] = {
    "familien": _family,
    "metoder": _methods,
    "overvejelser": _considerations,
    "tilbud": _offers,
    "maal": _goals,
    "ugeskema": _schedule,
    "budget": _budget,
    "udstyr": _equipment,
    "regnskab": _accounts,
    LOST_EARNINGS_SLUG: _lost_earnings,
    "perioder-uden-traening": _pauses,
    "hjaelpetraener": _helper_hours,
    "flyt-penge": _budget_move,
}

# The steps the rules have something to say about.
CHECKED_STEPS = frozenset(_CHECKS)


def check_step(slug: str, data: StepData, ctx: Context) -> list[Placed]:
    """The rules' findings on a step's typed answers, each with the element it concerns."""
    check = _CHECKS.get(slug)
    return check(data, ctx) if check is not None else []


def schedule_totals(data: StepData, ctx: Context) -> WeekTotals:
    """The week's hours, shown under the schedule so the parent sees what they add up to."""
    _positions, rows = _schedule_rows(data)
    return week_totals(
        rows, child_birth_date=ctx.child_birth_date or ctx.today, today=ctx.week_starts
    )


def budget_summary(data: StepData, ctx: Context) -> BudgetCheck:
    """Totals per category against the year's cap, shown under the budget."""
    return _budget_check(data, ctx)[1]


def computed_amounts(data: StepData, ctx: Context) -> dict[str, BudgetLine]:
    """The lines whose amount the portal reckoned (a helper's hours, the amount left empty),
    by the id of their amount field, so that the answers read back show the amount."""
    positions, result = _budget_check(data, ctx)
    return {
        f"lines-{positions[line.index]}-amount": line
        for line in result.lines
        if line.computed and line.calculation is not None
    }


def granted_summary(slug: str, data: StepData, ctx: Context) -> CapPosition | None:
    """What the home training is already granted for the budget's year, and what remains under
    the cap with this request, shown under a budget or equipment step of a request about an
    approved training; None elsewhere."""
    if slug not in _GRANTED_STEPS:
        return None
    return _cap_position(_budget_check(data, ctx)[1], ctx, one_off=_GRANTED_STEPS[slug])


# The steps whose amounts count towards the cap, and whether they are one-off grants.
_GRANTED_STEPS = {"budget": False, "udstyr": True}


def accounts_summary(data: StepData, ctx: Context) -> AccountsCheck:
    """Per granted line what was granted and spent, and the totals, shown under the ledger."""
    return _accounts_check(data, ctx)


_SUMMARIES: dict[str, Callable[[StepData, Context], object]] = {
    "ugeskema": schedule_totals,
    "budget": budget_summary,
    "udstyr": budget_summary,
    "regnskab": accounts_summary,
    LOST_EARNINGS_SLUG: lost_earnings_summary,
    "perioder-uden-traening": pause_summary,
    "hjaelpetraener": helper_summary,
    "flyt-penge": move_summary,
}


# The steps with totals under them.
SUMMARISED_STEPS = frozenset(_SUMMARIES)


def summary(slug: str, data: StepData, ctx: Context) -> object:
    """The totals a parent should see under a step while typing (the week's hours, the
    budget against the cap, the accounts' balance); for a step of SUMMARISED_STEPS."""
    return _SUMMARIES[slug](data, ctx)


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
    return check_budget(
        lines,
        year=year,
        figures=ctx.figures,
        settings=ctx.settings,
        training_weeks=_training_weeks(budget),
    )


# document_findings's budget when the caller has not checked it.
_UNCHECKED: Any = object()


def document_findings(
    document: dict, ctx: Context, *, budget: BudgetCheck | None = _UNCHECKED
) -> list[tuple[str, str, Finding]]:
    """The rules' findings on a submitted request: (section slug, what it concerns, finding),
    e.g. ("maal", "Mål 2", <goal.vague>). The same rules as in the wizard, on the stored data,
    as at ``ctx.today`` (the day of receipt); with ``ctx.seen_on``, notes of what has passed
    since. `budget` is document_budget(document, ctx) where the caller has it already (the
    dossier shows it too): a budget of 200 lines is not checked twice."""
    found = _document_answer_findings(document)
    goals = (document.get("maal") or {}).get("goals") or []
    for number, goal in enumerate(goals, start=1):
        typed = _typed_goal(goal)
        findings = check_goal(typed, today=ctx.today)
        if ctx.seen_on is not None:
            findings += passed_since_receipt(typed, received=ctx.today, today=ctx.seen_on)
        for finding in findings:
            found.append(("maal", gettext("Mål %(number)s", number=number), finding))
    if document.get("ugeskema") is not None and ctx.child_birth_date is not None:
        rows = document_schedule(document)
        for finding in check_week(
            rows,
            child_birth_date=ctx.child_birth_date,
            today=ctx.week_starts,
            settings=ctx.settings,
        ):
            found.append(("ugeskema", _row_label(finding, N_("Aktivitet %(number)s")), finding))
    result = document_budget(document, ctx) if budget is _UNCHECKED else budget
    if result is not None:
        for finding in result.findings:
            found.append(("budget", _row_label(finding, N_("Udgift %(number)s")), finding))
    found += _document_change_findings(document, ctx)
    found += _document_ledger_findings(document, ctx)
    earnings = document_lost_earnings(document, year=ctx.today.year, figures=ctx.figures)
    if earnings is not None:
        names = earning_parents(document)
        for finding in earnings.findings:
            index, _sep, _key = finding.field.partition(".")
            concerns = names[int(index)] if index.isdigit() else ""
            found.append((LOST_EARNINGS_SLUG, concerns, finding))
    return found


def _typed(answers: Mapping[str, Any], dates=(), amounts=()) -> dict:
    """A stored section's answers as the form typed them (ISO dates, exact amounts)."""
    typed = dict(answers)
    for key in dates:
        value = typed.get(key)
        typed[key] = date.fromisoformat(value) if isinstance(value, str) and value else None
    for key in amounts:
        value = typed.get(key)
        typed[key] = Decimal(value) if isinstance(value, str) and value else None
    return typed


def _document_change_findings(document: dict, ctx: Context) -> list[tuple[str, str, Finding]]:
    """The findings on a reported change (portal.rules.changes), with the notes of how
    training-free periods count against the holiday weeks."""
    found: list[tuple[str, str, Finding]] = []
    periods = (document.get("perioder-uden-traening") or {}).get("periods") or []
    typed_periods = [_typed(p, dates=("start", "end")) for p in periods]
    for finding in check_pauses(typed_periods, settings=ctx.settings):
        found.append(
            ("perioder-uden-traening", _row_label(finding, N_("Periode %(number)s")), finding)
        )
    lines = ctx.granted_lines or ()
    helper = document.get("hjaelpetraener")
    if helper:
        typed = _typed(helper, dates=("start",), amounts=("hours",))
        for finding in check_helper_change(typed, lines, settings=ctx.settings)[1]:
            found.append(("hjaelpetraener", "", finding))
    moves = (document.get("flyt-penge") or {}).get("moves") or []
    for finding in check_moves([_typed(m, amounts=("amount",)) for m in moves], lines):
        found.append(("flyt-penge", _row_label(finding, N_("Flytning %(number)s")), finding))
    return found


def _document_ledger_findings(document: dict, ctx: Context) -> list[tuple[str, str, Finding]]:
    """The advice on a submitted ledger, against the lines granted when it was sent."""
    ledger = document.get("regnskab") or {}
    year = accounts_year_of(ledger)
    if "entries" not in ledger or year is None:
        return []
    entries = [
        {**entry, "paid_on": date.fromisoformat(entry["paid_on"]) if entry.get("paid_on") else None}
        for entry in ledger["entries"]
    ]
    lines = ctx.lines_of(year)
    found = []
    for finding in check_accounts(year, lines, entries).findings:
        kind, _sep, position = finding.field.partition(".")
        if kind == "line":
            concerns = lines[int(position)].description
        else:
            concerns = _row_label(finding, N_("Udgift %(number)s"))
        found.append(("regnskab", concerns, finding))
    return found


def document_lost_earnings(
    document: dict, *, year: int, figures: YearlyFigures
) -> FamilyEarnings | None:
    """The guiding estimate of a submitted request's lost earnings, with the figures of
    ``year`` (the year it was received); None when the request does not ask for them."""
    answers = document.get(LOST_EARNINGS_SLUG)
    if not answers or answers.get("applying") != "ja":
        return None
    return check_family(answers, year=year, figures=figures)


def earning_parents(document: dict) -> list[str]:
    """The names of the parents who apply for lost earnings, in the order of the request."""
    parents = (document.get(LOST_EARNINGS_SLUG) or {}).get("parents") or []
    return [
        (p.get("name") or "").strip() or gettext("Forælder %(number)s", number=number)
        for number, p in enumerate(parents, start=1)
    ]


def _document_answer_findings(document: dict) -> list[tuple[str, str, Finding]]:
    """The findings on who applies, who trains, the methods and the offers replaced."""
    found: list[tuple[str, str, Finding]] = []
    family = document.get("familien") or {}
    found += [("familien", "", f) for f in check_adults(family.get("adults") or [])]
    methods = (document.get("metoder") or {}).get("methods") or []
    for finding in check_methods(methods):
        found.append(("metoder", _row_label(finding, N_("Metode %(number)s")), finding))
    trainers = (document.get("overvejelser") or {}).get("trainers") or []
    found += [("overvejelser", "", f) for f in check_trainers(trainers)]
    offers = (document.get("tilbud") or {}).get("offers") or []
    for finding in check_offers(offers):
        found.append(("tilbud", _row_label(finding, N_("Tilbud %(number)s")), finding))
    return found


def _row_label(finding: Finding, label: str) -> str:
    """The row a finding concerns, as the page numbers it: ``label`` is a marked message with
    the row's number ("Periode %(number)s"), so that each language puts the number in place."""
    index, _sep, _key = finding.field.partition(".")
    if index.isdigit():
        return gettext(label, number=int(index) + 1)
    return ""
