"""The family's year: the dated items of one approved home training, from plain data.

Each item has a Danish title (translated by the web layer), its day and the document it rests
on. The items are the supervision visits (named in the decisions, moved or added by the
caseworker), the plan due before each visit,
the budget and the accounts with the municipality's own dates, the renewal of the goals and the
child's 16th and 18th birthdays.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.rules.decisions import plan_due
from portal.rules.hearings import KIND_SOURCES
from portal.rules.i18n import N_
from portal.rules.settings import MunicipalitySettings
from portal.rules.sources import EXECUTIVE_ORDER, GUIDE
from portal.rules.training import (
    eighteenth_birthday,
    final_accounts_due,
    last_day,
    training_ends_on,
)

__all__ = ["YearItem", "hearing_item", "year_items"]

# 001: "der senest 4 uger senere vil fremsende en afgørelse på hel eller delvis bevilling eller
# afslag på ansøgningen" (the budget applied for by 15 November).
_BUDGET_DECISION_AFTER = timedelta(weeks=4)
# 001: "Målene gælder i 6 måneder".
_GOALS_HOLD = relativedelta(months=6)
# 001: "Når den unge fylder 18 år, stopper hjemmetræning" (portal.rules.training); the
# caseworker raises it when the child turns 16 ("når jeres barn fylder 16 år drøfte dette med
# jer").
_TALK_AGE = 16


@dataclass(frozen=True)
class YearItem:
    """One dated item of the family's year. `deadline` items are something the family must
    send; a deadline before today is overdue."""

    kind: str
    day: date
    title: str  # a marked message (N_), translated where it is shown
    source: str
    deadline: bool = False


def year_items(
    *,
    decided: date,
    visits: Sequence[date],
    birth_date: date,
    settings: MunicipalitySettings,
    start: date,
    end: date,
    plans_sent: Collection[date] = frozenset(),
    ends_on: date | None = None,
) -> list[YearItem]:
    """The items dated from `start` to `end` (both included), in date order. A visit in
    `plans_sent` has its plan sent: no longer a deadline. The training ends at 18 or on the
    first day without training the family or the municipality set (`ends_on`,
    portal.rules.training): after it come no visits, budgets or goals, only the final
    accounts, 8 weeks after the last day."""
    ends = training_ends_on(birth_date, ends_on)
    final_due = final_accounts_due(ends)
    running = [
        *_visit_items(visits, plans_sent),
        *_budget_items(settings, start.year, end.year),
        *_goal_items(decided, end),
    ]
    items = [item for item in running if item.day < ends]
    # The yearly accounts of the years before the end; the final accounts cover the last one.
    items += [
        item for item in _accounts_items(settings, start.year, end.year) if item.day < final_due
    ]
    by_age = ends == eighteenth_birthday(birth_date)
    items += [*_end_items(ends, by_age=by_age), *_birthday_items(birth_date)]
    return sorted(
        (item for item in items if start <= item.day <= end), key=lambda i: (i.day, i.kind)
    )


def _visit_items(visits: Iterable[date], plans_sent: Collection[date]) -> Iterable[YearItem]:
    for visit in visits:
        # Bekendtgørelse § 4, stk. 1: supervision at least twice a year, dates in the decision.
        yield YearItem("visit", visit, N_("Tilsynsbesøg"), EXECUTIVE_ORDER)
        # 001, Bilag 13: "Tids- og faseplanen fremsendes til rådgiver senest 14 dage inden
        # tilsynsbesøget".
        if visit in plans_sent:
            yield YearItem("plan", plan_due(visit), N_("Tids- og faseplanen er sendt"), GUIDE)
        else:
            yield YearItem(
                "plan", plan_due(visit), N_("Send tids- og faseplanen"), GUIDE, deadline=True
            )


def _budget_items(settings: MunicipalitySettings, first: int, last: int) -> Iterable[YearItem]:
    for year in range(first, last + 1):
        # 001: "senest 15. november ansøgning om budget for det kommende budgetår".
        due = settings.budget_due.in_year(year)
        yield YearItem("budget", due, N_("Send budgettet for næste år"), GUIDE, deadline=True)
        yield YearItem(
            "budget_decision",
            due + _BUDGET_DECISION_AFTER,
            N_("Kommunens afgørelse om budgettet"),
            GUIDE,
        )


def _accounts_items(settings: MunicipalitySettings, first: int, last: int) -> Iterable[YearItem]:
    for year in range(first, last + 1):
        # 001: "senest d. 28.02.XX, skal du fremsende et afstemt regnskab".
        yield YearItem(
            "accounts",
            settings.accounts_due.in_year(year),
            N_("Send regnskabet for sidste år"),
            GUIDE,
            deadline=True,
        )
        # 001: "Senest d. 31.03.xx modtager du afgørelse på regnskabet."
        yield YearItem(
            "accounts_decision",
            settings.accounts_decision.in_year(year),
            N_("Kommunens afgørelse om regnskabet"),
            GUIDE,
        )


def _goal_items(decided: date, end: date) -> Iterable[YearItem]:
    # 001: "Målene gælder i 6 måneder": new goals every half year from the decision.
    periods = 1
    while (renew := decided + _GOALS_HOLD * periods) <= end:
        yield YearItem("goals", renew, N_("Forny målene for træningen"), GUIDE, deadline=True)
        periods += 1


def _end_items(ends_on: date, *, by_age: bool) -> Iterable[YearItem]:
    if not by_age:
        # At 18 the birthday item says it; a day set by the family or the municipality is its own.
        yield YearItem(
            "training_ends", last_day(ends_on), N_("Sidste dag med hjemmetræning"), GUIDE
        )
    # 001: "Senest 8 uger efter endt budgetår"; for a training that ends, 8 weeks after its end.
    yield YearItem(
        "final_accounts",
        final_accounts_due(ends_on),
        N_("Send det afsluttende regnskab"),
        GUIDE,
        deadline=True,
    )


def _birthday_items(birth_date: date) -> Iterable[YearItem]:
    yield YearItem(
        "age16",
        birth_date + relativedelta(years=_TALK_AGE),
        N_("Barnet fylder 16 år: rådgiveren taler med jer om tiden efter 18 år"),
        GUIDE,
    )
    yield YearItem(
        "age18",
        eighteenth_birthday(birth_date),
        N_("Barnet fylder 18 år: hjemmetræningen slutter"),
        GUIDE,
    )


def hearing_item(kind: str, answer_by: date) -> YearItem:
    """A hearing waiting for the family's answer: the supervision report's "høringsfrist på 2
    uger" (001, "Tilsyn"), a repayment claim or an ending (portal.rules.hearings)."""
    return YearItem("hearing", answer_by, N_("Svar på høringen"), KIND_SOURCES[kind], deadline=True)
