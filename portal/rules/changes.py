"""Changes during the year (seed 001, "Ændringer der kan have betydning for bevilling af
hjemmetræning"): what the family reports about an approved home training, and what the rules
say about it.

Five of the requests are changes the municipality must know of: a change in the family, in the
child's health, school or day-care start or a reduced timetable, training-free periods and
changed helper hours. The caseworker takes them to note, or decides anew where the grant
changes. The sixth, moving money between budget lines, always needs a decision: "Hver enkelt
post er fast knyttet til den pågældende udgift, og du har dermed ikke mulighed for at flytte et
beløb fra én post over på en anden post" (001, "Budget").

Pure: the granted lines come in as plain data (GrantedLine), found by portal.services.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from portal.rules import formatting
from portal.rules.budget import helper_terms
from portal.rules.findings import ERROR, NOTE, WARNING, Finding, make_finding
from portal.rules.i18n import N_plural, _, plural_count
from portal.rules.numbers import quantize_kr
from portal.rules.settings import MunicipalitySettings
from portal.rules.sources import GUIDE

__all__ = [
    "CHANGE_TYPES",
    "LINE_TYPES",
    "NEW_LINE",
    "NOTICE_TYPES",
    "GrantedLine",
    "HelperChange",
    "PauseYear",
    "check_helper_change",
    "check_moves",
    "check_pauses",
    "helper_change",
    "line_key",
    "pause_years",
]

CHANGE_TYPES: tuple[str, ...] = (
    "family_change",
    "child_change",
    "school_change",
    "training_pause",
    "helper_hours",
    "budget_move",
)
# The changes the municipality may take to note ("Taget til efterretning"): it only needs to
# know of them, unless it finds that the grant must change, which it then decides. Moving money
# always changes what each line is granted for, so it is always decided.
NOTICE_TYPES: frozenset[str] = frozenset(CHANGE_TYPES) - {"budget_move"}
# The changes that concern the training's granted budget lines: the family chooses among them.
LINE_TYPES: frozenset[str] = frozenset({"helper_hours", "budget_move"})

_HOLIDAY_SOURCE = (
    f"{GUIDE}, »Ansøgning«: »Der tages her udgangspunkt i, at I holder 5 ugers "
    "ferie om året, hvor jeres barn ikke har sin formelle hjemmetræning«"
)
_HELPER_SOURCE = (
    f"{GUIDE}, »Ansættelse af hjælpetrænere« og »Budget«: »Hver enkelt post er fast knyttet "
    "til den pågældende udgift«"
)
_LINE_SOURCE = (
    f"{GUIDE}, »Budget«: »Hver enkelt post er fast knyttet til den pågældende udgift«; "
    "serviceloven § 164"
)
_GRANTED_SOURCE = "Årets afgørelser om hjemmetræningen"


@dataclass(frozen=True)
class GrantedLine:
    """A budget line granted by one of the training's decisions, as the family chooses it.

    ``key`` is how a request names it ("HT-2026-000123:2": the case and the line's number in
    its decision), so a later reading finds the same line whatever else was granted since."""

    key: str
    reference: str
    number: int
    category: str
    description: str
    amount: Decimal
    year: int


def line_key(description: str, reference: str, number: int, *, new: bool = False) -> str:
    """How a request names a granted line. It is stored as the family's answer and read back
    by the caseworker and in the dossier, so it is written once, in Danish, like the case
    number it holds; a line a move created is "ny linje" of the move's own case."""
    kind = "ny linje" if new else "linje"
    return f"{description} – sag {reference}, {kind} {number}"


def _lines_by_key(lines: Sequence[GrantedLine]) -> dict[str, GrantedLine]:
    return {line.key: line for line in lines}


# --- Training-free periods ---------------------------------------------------------------


@dataclass(frozen=True)
class PauseYear:
    """The training-free days reported for one calendar year, in weeks, against the holiday
    weeks the municipality assumes."""

    year: int
    days: int
    holiday_weeks: int

    @property
    def weeks(self) -> Decimal:
        return (Decimal(self.days) / 7).quantize(Decimal("0.1"))

    @property
    def beyond_holiday(self) -> Decimal:
        return max(self.weeks - self.holiday_weeks, Decimal("0.0"))


def _readable_periods(periods: Sequence[Mapping[str, Any]]) -> list[tuple[int, date, date]]:
    return [
        (index, p["start"], p["end"])
        for index, p in enumerate(periods)
        if isinstance(p.get("start"), date)
        and isinstance(p.get("end"), date)
        and p["end"] >= p["start"]
    ]


def pause_years(
    periods: Sequence[Mapping[str, Any]], *, settings: MunicipalitySettings
) -> list[PauseYear]:
    """The training-free days per calendar year (a period over New Year counts in both),
    each day once however the periods overlap."""
    days: set[date] = set()
    for _index, start, end in _readable_periods(periods):
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    years = sorted({day.year for day in days})
    return [
        PauseYear(year, sum(1 for day in days if day.year == year), settings.holiday_weeks)
        for year in years
    ]


def check_pauses(
    periods: Sequence[Mapping[str, Any]], *, settings: MunicipalitySettings
) -> list[Finding]:
    """An end before its start cannot be read as a period (error); how the periods count
    against the holiday weeks the municipality assumes is told (note), and where they go
    beyond them, what that may mean for the grant (advice)."""
    found = []
    for index, period in enumerate(periods):
        start, end = period.get("start"), period.get("end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            found.append(
                make_finding(
                    "pause.end_before_start",
                    ERROR,
                    f"{index}.end",
                    _("Skriv en slutdato, der ligger samme dag som startdatoen eller senere"),
                    _HOLIDAY_SOURCE,
                )
            )
    for year in pause_years(periods, settings=settings):
        # Three counts in one message: the training-free weeks choose the sentence's form;
        # the holiday and the weeks beyond it are counted phrases the reader's language words.
        weeks = plural_count(year.weeks)
        params = {
            "year": str(year.year),
            "weeks": formatting.number(year.weeks),
            "holiday": N_plural(
                "%(num)s uges ferie",
                "%(num)s ugers ferie",
                year.holiday_weeks,
                num=str(year.holiday_weeks),
            ),
        }
        if year.beyond_holiday > 0:
            found.append(
                make_finding(
                    "pause.beyond_holiday",
                    WARNING,
                    "periods",
                    N_plural(
                        "I %(year)s er der %(weeks)s uge uden træning. Kommunen regner med "
                        "%(holiday)s om året uden træning, så %(beyond)s er ud over ferien. "
                        "Kommunen kan se på, om bevillingen, fx til hjælpetrænere, skal passe "
                        "til de uger, hvor barnet ikke træner.",
                        "I %(year)s er der %(weeks)s uger uden træning. Kommunen regner med "
                        "%(holiday)s om året uden træning, så %(beyond)s er ud over ferien. "
                        "Kommunen kan se på, om bevillingen, fx til hjælpetrænere, skal passe "
                        "til de uger, hvor barnet ikke træner.",
                        weeks,
                    ),
                    _HOLIDAY_SOURCE,
                    beyond=N_plural(
                        "%(num)s uge",
                        "%(num)s uger",
                        plural_count(year.beyond_holiday),
                        num=formatting.number(year.beyond_holiday),
                    ),
                    **params,
                )
            )
        else:
            found.append(
                make_finding(
                    "pause.within_holiday",
                    NOTE,
                    "periods",
                    N_plural(
                        "I %(year)s er der %(weeks)s uge uden træning. Kommunen regner med "
                        "%(holiday)s om året uden træning, så perioden ligger inden for ferien.",
                        "I %(year)s er der %(weeks)s uger uden træning. Kommunen regner med "
                        "%(holiday)s om året uden træning, så perioden ligger inden for ferien.",
                        weeks,
                    ),
                    _HOLIDAY_SOURCE,
                    **params,
                )
            )
    return found


# --- Helper hours --------------------------------------------------------------------------


@dataclass(frozen=True)
class HelperChange:
    """A helper line's year with the new hours from ``start``: the part of the granted amount
    the year uses before it, and the new hours' cost from it to the end of the year."""

    line: GrantedLine
    hours_per_week: Decimal
    start: date
    rate: Decimal
    rate_year: int
    holiday_pay_percent: Decimal
    # The training weeks from ``start`` to the end of the year (the year's training weeks,
    # 52 minus the holiday weeks, in proportion to the days left).
    weeks: Decimal
    new_cost: Decimal
    used_before: Decimal

    @property
    def total(self) -> Decimal:
        return self.used_before + self.new_cost

    @property
    def excess(self) -> Decimal:
        return max(self.total - self.line.amount, Decimal("0.00"))


def helper_change(
    line: GrantedLine,
    hours_per_week: Decimal,
    start: date,
    *,
    settings: MunicipalitySettings,
) -> HelperChange:
    """The new hours reckoned by the year's helper rate like a budget's helper line (hours a
    week x training weeks x rate, plus holiday pay), for the rest of the line's year."""
    year_start, next_year = date(line.year, 1, 1), date(line.year + 1, 1, 1)
    start = min(max(start, year_start), next_year)
    share = Decimal((next_year - start).days) / Decimal((next_year - year_start).days)
    terms = helper_terms(line.year, settings=settings)
    weeks = (terms.weeks * share).quantize(Decimal("0.1"))
    calculation = terms.calculation(hours_per_week, weeks)
    return HelperChange(
        line=line,
        hours_per_week=hours_per_week,
        start=start,
        rate=terms.rate,
        rate_year=terms.rate_year,
        holiday_pay_percent=terms.holiday_pay_percent,
        weeks=weeks,
        new_cost=calculation.amount,
        used_before=quantize_kr(line.amount * (1 - share)),
    )


def check_helper_change(
    answers: Mapping[str, Any],
    lines: Sequence[GrantedLine],
    *,
    settings: MunicipalitySettings,
) -> tuple[HelperChange | None, list[Finding]]:
    """The helper line chosen among the granted lines (a line that is not one cannot be
    read: error), and advice where the new hours cost more than the line is granted."""
    key, hours, start = answers.get("line"), answers.get("hours"), answers.get("start")
    if not key:
        # Without granted lines the family still sends, and the hours are a new expense.
        if not lines:
            return None, []
        return None, [
            make_finding(
                "helper_hours.no_line",
                ERROR,
                "line",
                _("Vælg hvilken budgetlinje timerne hører til"),
                _GRANTED_SOURCE,
            )
        ]
    line = _lines_by_key(lines).get(key)
    if line is None:
        return None, [
            make_finding(
                "helper_hours.unknown_line",
                ERROR,
                "line",
                _("Vælg en af de bevilgede budgetlinjer"),
                _GRANTED_SOURCE,
            )
        ]
    if not isinstance(hours, Decimal) or not isinstance(start, date):
        return None, []
    change = helper_change(line, hours, start, settings=settings)
    found = []
    if line.category != "helper":
        found.append(
            make_finding(
                "helper_hours.not_helper_line",
                WARNING,
                "line",
                _(
                    "Linjen „%(line)s“ er ikke bevilget til hjælpetrænere. Pengene på en linje "
                    "må kun bruges til det, linjen er bevilget til, så kommunen skal træffe en "
                    "ny afgørelse, før timerne kan betales af den."
                ),
                _LINE_SOURCE,
                line=line.description,
            )
        )
    if change.excess > 0:
        found.append(
            make_finding(
                "helper_hours.over_line",
                WARNING,
                "hours",
                N_plural(
                    "Med %(hours)s time om ugen fra %(start)s bliver udgiften til linjen "
                    "%(total)s i %(year)s, men der er bevilget %(granted)s. Det er %(excess)s "
                    "mere. Kommunen skal træffe en ny afgørelse om beløbet; ellers betaler I "
                    "selv forskellen.",
                    "Med %(hours)s timer om ugen fra %(start)s bliver udgiften til linjen "
                    "%(total)s i %(year)s, men der er bevilget %(granted)s. Det er %(excess)s "
                    "mere. Kommunen skal træffe en ny afgørelse om beløbet; ellers betaler I "
                    "selv forskellen.",
                    plural_count(hours),
                ),
                _HELPER_SOURCE,
                hours=formatting.number(hours),
                start=formatting.long_date(change.start),
                total=formatting.money(change.total),
                year=str(line.year),
                granted=formatting.money(line.amount),
                excess=formatting.money(change.excess),
            )
        )
    return change, found


# --- Moving money between lines ----------------------------------------------------------

# What a move's "to" answer is when the money should go to a purpose not granted yet.
NEW_LINE = "ny"


def check_moves(moves: Sequence[Mapping[str, Any]], lines: Sequence[GrantedLine]) -> list[Finding]:
    """Each move from one granted line to another (or to a new purpose). What cannot be done
    is an error: a line that is not granted, a move to the line itself, more than a line has
    (all moves from it together). The rest is advice: every line is bound to its purpose, so
    the money may not be used anew before the municipality has decided."""
    by_key = _lines_by_key(lines)
    found: list[Finding] = []
    taken: dict[str, Decimal] = {}
    for index, move in enumerate(moves):
        source, target, amount = move.get("from_line"), move.get("to_line"), move.get("amount")
        for name, key in (("from_line", source), ("to_line", target)):
            if not key and (lines or name == "to_line"):
                found.append(
                    make_finding(
                        "budget_move.line_missing",
                        ERROR,
                        f"{index}.{name}",
                        _("Vælg hvilken budgetlinje pengene flyttes fra")
                        if name == "from_line"
                        else _("Vælg hvilken budgetlinje pengene flyttes til"),
                        _GRANTED_SOURCE,
                    )
                )
            elif key and key not in by_key and not (name == "to_line" and key == NEW_LINE):
                found.append(
                    make_finding(
                        "budget_move.unknown_line",
                        ERROR,
                        f"{index}.{name}",
                        _("Vælg en af de bevilgede budgetlinjer"),
                        _GRANTED_SOURCE,
                    )
                )
        if source and source == target:
            found.append(
                make_finding(
                    "budget_move.same_line",
                    ERROR,
                    f"{index}.to_line",
                    _("Vælg en anden linje end den, pengene flyttes fra"),
                    _LINE_SOURCE,
                )
            )
        if target == NEW_LINE and not str(move.get("to_description") or "").strip():
            found.append(
                make_finding(
                    "budget_move.new_line_undescribed",
                    ERROR,
                    f"{index}.to_description",
                    _("Skriv hvad pengene skal bruges til på den nye linje"),
                    _LINE_SOURCE,
                )
            )
        if source in by_key and isinstance(amount, Decimal) and amount > 0:
            line = by_key[source]
            taken[source] = taken.get(source, Decimal("0.00")) + amount
            if taken[source] > line.amount:
                found.append(
                    make_finding(
                        "budget_move.more_than_line",
                        ERROR,
                        f"{index}.amount",
                        _(
                            "Linjen „%(line)s“ har %(granted)s bevilget. Der kan højst flyttes "
                            "%(granted)s fra den i alt."
                        ),
                        _GRANTED_SOURCE,
                        line=line.description,
                        granted=formatting.money(line.amount),
                    )
                )
            elif taken[source] == line.amount:
                found.append(
                    make_finding(
                        "budget_move.line_emptied",
                        WARNING,
                        f"{index}.amount",
                        _(
                            "Hele beløbet flyttes fra „%(line)s“. Linjen står så uden penge "
                            "resten af året."
                        ),
                        _LINE_SOURCE,
                        line=line.description,
                    )
                )
    if moves and not any(f.is_error for f in found):
        found.append(
            make_finding(
                "budget_move.needs_decision",
                WARNING,
                "moves",
                _(
                    "Hver budgetlinje er bundet til det, den er bevilget til. I kan godt bede om "
                    "at flytte pengene, men brug dem ikke til det nye formål, før kommunen har "
                    "truffet afgørelse. I får en afgørelse med begrundelse, som I kan klage over."
                ),
                _LINE_SOURCE,
            )
        )
    return found
