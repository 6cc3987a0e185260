"""The yearly cap on training expenses, counted across every decision for the child.

"Kommunalbestyrelsens udgifter til nødvendige træningsredskaber, kurser, hjælpere mv. til det
enkelte barn eller den enkelte unge må ikke overstige et beløb på 706.600 kr. årligt
(2024-niveau)" (seed 004, Bekendtgørelse om hjemmetræning § 6, stk. 2), and Ankestyrelsen reads
the year as any twelve months: "der ikke kan bevilges hjælp til de udgifter til
træningsredskaber, kurser, hjælpere mv., som inden for en sammenhængende periode på 12 måneder
overstiger dette beløb" (seed 003, pkt. 157 d). A budget for next year, equipment outside the
budget or a new method are decided one by one, so what one request may ask for depends on what
the others granted. Lost earnings are not training expenses (§ 5 against § 6) and never count.

How a grant counts in a month (the seeds say what the help is, not when it is spent):
- "Hjælpen kan omfatte både enkeltstående og løbende ydelser" (seed 004, § 6, stk. 1).
- A one-off grant (equipment outside the year's budget) counts in full in the month it takes
  effect (the month of its decision), held inside its own budget year.
- A budget is help for the rest of its year: "Budgettet vil være gældende året ud", paid out
  "hver måned", and "Der kan først bevilliges udgifter til hjemmetræning, når der er truffet
  afgørelse" (seed 001, »Budget« and »Håndtering af den økonomiske del«). It counts in equal
  parts in every month from the month of its decision (January at the earliest) to December.
- A twelve-month period that spans two years has two yearly figures; the seeds are silent on
  which applies, so the higher one does (what protects the family), and a period touching a
  year whose figure is not yet published is only as certain as that figure.
Every amount lies in its own budget year, so each calendar year is one of the twelve-month
periods: no twelve months ever hold less than the largest year's total.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from portal.rules import formatting
from portal.rules.budget import training_cap
from portal.rules.findings import WARNING, Finding, make_finding
from portal.rules.i18n import _
from portal.rules.numbers import ORE
from portal.rules.sources import ANKESTYRELSEN, EXECUTIVE_ORDER
from portal.rules.yearly import YearlyFigures

__all__ = [
    "ONE_OFF_CASE_TYPES",
    "CapPosition",
    "Grant",
    "Window",
    "by_month",
    "cap_advice",
    "cap_position",
    "window_params",
    "year_params",
    "year_total",
]

# "enkeltstående ... ydelser" (§ 6, stk. 1): "træningsredskaber, der ikke indgår i det årlige
# budget" (seed 001, »Budget«). Every other request with a budget grants help for its year.
ONE_OFF_CASE_TYPES: frozenset[str] = frozenset({"extra_equipment"})

YEAR_SOURCE = f"{EXECUTIVE_ORDER} § 6, stk. 2"
WINDOW_SOURCE = (
    f"{ANKESTYRELSEN}, pkt. 157 d: »inden for en sammenhængende periode på 12 måneder«; "
    f"{EXECUTIVE_ORDER} § 6, stk. 2"
)

_ZERO = Decimal("0.00")
_MONTHS = 12


def _month(year: int, month: int) -> int:
    """A month as one number, so that twelve months in a row are a range."""
    return year * _MONTHS + month - 1


def _first_day(month: int) -> date:
    return date(month // _MONTHS, month % _MONTHS + 1, 1)


def _last_day(month: int) -> date:
    year, number = month // _MONTHS, month % _MONTHS + 1
    return date(year, number, calendar.monthrange(year, number)[1])


@dataclass(frozen=True)
class Grant:
    """Training expenses granted (or asked for) for the child: ``amount`` for budget year
    ``year``, taking effect on ``effective`` (the day of the decision, or of the request while
    it is undecided). ``one_off`` for equipment outside the budget. ``reference`` and
    ``case_type`` say where it was granted, for the caseworker."""

    amount: Decimal
    year: int
    effective: date
    one_off: bool = False
    category: str = ""
    reference: str = ""
    case_type: str = ""

    def monthly(self) -> dict[int, Decimal]:
        """The amount by month (see the module's notes); the parts add up to the øre."""
        december = _month(self.year, 12)
        start = _month(self.effective.year, self.effective.month)
        first = min(max(start, _month(self.year, 1)), december)
        if self.one_off:
            return {first: self.amount}
        count = december - first + 1
        share = (self.amount / count).quantize(ORE, rounding=ROUND_DOWN)
        parts = dict.fromkeys(range(first, december + 1), share)
        parts[december] += self.amount - share * count
        return parts


def by_month(grants: Iterable[Grant]) -> dict[int, Decimal]:
    months: dict[int, Decimal] = {}
    for grant in grants:
        for month, amount in grant.monthly().items():
            months[month] = months.get(month, _ZERO) + amount
    return months


def year_total(grants: Iterable[Grant], year: int) -> Decimal:
    """What is granted for budget year ``year``."""
    return sum((grant.amount for grant in grants if grant.year == year), _ZERO)


@dataclass(frozen=True)
class Window:
    """Twelve months in a row, what is granted in them (``earlier``: before this request) and
    the cap that applies to them."""

    first: date
    last: date
    total: Decimal
    earlier: Decimal
    cap: Decimal
    cap_year: int
    cap_known: bool

    @property
    def excess(self) -> Decimal:
        """How much of this request's money in these months passes the cap."""
        return max(min(self.total - self.cap, self.total - self.earlier), _ZERO)


def _window_cap(first: int, yearly: YearlyFigures) -> tuple[Decimal, int, bool]:
    """The higher of the yearly figures of the years the twelve months touch; known only when
    each year's own figure is published."""
    years = sorted({first // _MONTHS, (first + _MONTHS - 1) // _MONTHS})
    figures = [(year, *training_cap(year, yearly)[:2]) for year in years]
    _year, cap, cap_year = max(figures, key=lambda item: (item[1], item[0]))
    return cap, cap_year, all(year == figure_year for year, _cap, figure_year in figures)


def _worst_window(
    earlier: Sequence[Grant], new: Sequence[Grant], figures: YearlyFigures
) -> Window | None:
    """Of the twelve-month periods that hold some of the new money, the one most over its cap
    (the earliest of equals); None when nothing new is asked for."""
    new_months = [month for month, amount in by_month(new).items() if amount > 0]
    if not new_months:
        return None
    before, after = by_month(earlier), by_month(new)
    worst: Window | None = None
    for first in range(min(new_months) - _MONTHS + 1, max(new_months) + 1):
        months = range(first, first + _MONTHS)
        earlier_total = sum((before.get(m, _ZERO) for m in months), _ZERO)
        total = earlier_total + sum((after.get(m, _ZERO) for m in months), _ZERO)
        cap, cap_year, known = _window_cap(first, figures)
        window = Window(
            _first_day(first), _last_day(first + _MONTHS - 1), total, earlier_total, cap,
            cap_year, known,
        )  # fmt: skip
        if worst is None or window.total - window.cap > worst.total - worst.cap:
            worst = window
    return worst


@dataclass(frozen=True)
class CapPosition:
    """Where a request stands against the cap of its budget year ``year`` and of any twelve
    months, counting what is already granted for the child."""

    year: int
    cap: Decimal
    cap_year: int
    cap_source: str
    granted: Decimal
    requested: Decimal
    window: Window | None
    earlier: tuple[Grant, ...]

    @property
    def cap_known(self) -> bool:
        return self.cap_year == self.year

    @property
    def remaining(self) -> Decimal:
        """What is left under the year's cap before this request (negative when over)."""
        return self.cap - self.granted

    @property
    def remaining_after(self) -> Decimal:
        return self.remaining - self.requested

    @property
    def year_excess(self) -> Decimal:
        """How much of this request passes the year's cap (all of it when the earlier grants
        already reach the cap)."""
        return max(min(-self.remaining_after, self.requested), _ZERO)

    @property
    def window_excess(self) -> Decimal:
        return self.window.excess if self.window is not None else _ZERO

    @property
    def window_says_more(self) -> bool:
        """The twelve months are over the cap by more than the budget year is."""
        return self.window_excess > self.year_excess


def cap_position(
    earlier: Sequence[Grant], new: Sequence[Grant], *, year: int, figures: YearlyFigures
) -> CapPosition:
    """What ``new`` (this request's amounts) does to the cap of budget year ``year`` and of any
    twelve months, given what is ``earlier`` granted for the child."""
    cap, cap_year, source = training_cap(year, figures)
    return CapPosition(
        year=year,
        cap=cap,
        cap_year=cap_year,
        cap_source=source,
        granted=year_total(earlier, year),
        requested=sum((grant.amount for grant in new), _ZERO),
        window=_worst_window(earlier, new, figures),
        earlier=tuple(earlier),
    )


def window_params(window: Window) -> dict[str, str]:
    return {
        "start": formatting.long_date(window.first),
        "end": formatting.long_date(window.last),
        "total": formatting.money(window.total),
        "granted": formatting.money(window.earlier),
        "cap": formatting.money(window.cap),
        "cap_year": str(window.cap_year),
        "excess": formatting.money(window.excess),
    }


def year_params(position: CapPosition) -> dict[str, str]:
    return {
        "year": str(position.year),
        "granted": formatting.money(position.granted),
        "total": formatting.money(position.granted + position.requested),
        "cap": formatting.money(position.cap),
        "cap_year": str(position.cap_year),
        "excess": formatting.money(position.year_excess),
    }


def cap_advice(position: CapPosition) -> list[Finding]:
    """Advice to the family when the request, with what is already granted, passes the cap.

    Advice, never an error: "der ikke kan bevilges hjælp til de udgifter ..., som ...
    overstiger dette beløb" binds the municipality's grant, not the family's right to apply
    and to get a decision it can complain about. A request over the cap on its own is the
    budget's own finding (portal.rules.budget); this speaks only when earlier grants count.
    """
    found = []
    if position.granted > 0 and position.year_excess > 0:
        found.append(
            make_finding(
                "cap.over_year_with_granted",
                WARNING,
                "total",
                _(
                    "Der er allerede bevilget %(granted)s til træningsudgifter i %(year)s. Med "
                    "denne ansøgning bliver det %(total)s, og %(excess)s af det ansøgte er over "
                    "loftet på %(cap)s (%(cap_year)s-niveau) for ét barn. Kommunen kan ikke "
                    "bevilge det, der er over loftet, men I kan stadig sende ansøgningen og få en "
                    "afgørelse, som I kan klage over."
                ),
                f"{YEAR_SOURCE}: {position.cap_source}",
                **year_params(position),
            )
        )
    if position.window is not None and position.window.earlier > 0 and position.window_says_more:
        found.append(
            make_finding(
                "cap.over_12_months",
                WARNING,
                "total",
                _(
                    "I de 12 måneder fra %(start)s til %(end)s er der allerede bevilget "
                    "%(granted)s; med denne ansøgning bliver det %(total)s, og %(excess)s af det "
                    "ansøgte er over loftet på %(cap)s (%(cap_year)s-niveau). Kommunen kan ikke "
                    "bevilge det, der er over loftet, men I kan stadig sende ansøgningen og få en "
                    "afgørelse, som I kan klage over."
                ),
                WINDOW_SOURCE,
                **window_params(position.window),
            )
        )
    return found
