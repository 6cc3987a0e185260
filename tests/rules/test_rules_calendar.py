"""The family's year: each dated item of an approved training, from the guide's dates."""

from datetime import date

import pytest

from portal.rules.calendar import year_items
from portal.rules.settings import DEFAULT_SETTINGS, MonthDay, MunicipalitySettings
from portal.rules.sources import EXECUTIVE_ORDER, GUIDE

DECIDED = date(2026, 5, 1)
BORN = date(2011, 3, 10)


def items(*, visits=(), start=date(2026, 12, 5), end=date(2027, 12, 5), born=BORN, **kw):
    settings = kw.get("settings", DEFAULT_SETTINGS)
    found = year_items(
        decided=DECIDED,
        visits=list(visits),
        birth_date=born,
        settings=settings,
        start=start,
        end=end,
        ends_on=kw.get("ends_on"),
    )
    return [(item.day, item.kind) for item in found]


# (why, seed line, visits, expected (day, kind) pairs among the items)
ROWS = [
    (
        "the plan is due 14 days before each visit",
        '001, Bilag 13: "Tids- og faseplanen fremsendes til rådgiver senest 14 dage inden '
        'tilsynsbesøget"',
        [date(2027, 6, 1)],
        [(date(2027, 5, 18), "plan"), (date(2027, 6, 1), "visit")],
    ),
    (
        "the budget is due 15 November and decided at most 4 weeks later",
        '001: "senest 15. november ansøgning om budget ... der senest 4 uger senere vil fremsende '
        'en afgørelse"',
        [],
        [(date(2026, 12, 13), "budget_decision"), (date(2027, 11, 15), "budget")],
    ),
    (
        "the accounts are due 28 February and decided by 31 March",
        '001: "senest d. 28.02.XX, skal du fremsende et afstemt regnskab"; "Senest d. 31.03.xx '
        'modtager du afgørelse på regnskabet."',
        [],
        [(date(2027, 2, 28), "accounts"), (date(2027, 3, 31), "accounts_decision")],
    ),
    (
        "the goals are renewed every 6 months from the decision",
        '001: "Målene gælder i 6 måneder"',
        [],
        [(date(2027, 5, 1), "goals"), (date(2027, 11, 1), "goals")],
    ),
    (
        "the caseworker raises the end of training when the child turns 16",
        '001: "Når den unge fylder 18 år, stopper hjemmetræning ... når jeres barn fylder 16 år '
        'drøfte dette med jer"',
        [],
        [(date(2027, 3, 10), "age16")],
    ),
]


@pytest.mark.parametrize(("why", "seed", "visits", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_each_item_falls_on_the_guides_day(why, seed, visits, expected):
    found = items(visits=visits)
    assert set(expected) <= set(found), (why, seed)


def test_the_year_is_in_date_order_and_within_the_window():
    found = items(visits=[date(2027, 6, 1), date(2026, 12, 20)])
    days = [day for day, _kind in found]
    assert days == sorted(days)
    assert days[0] >= date(2026, 12, 5) and days[-1] <= date(2027, 12, 5)
    # The visit of 20 December: its plan on 6 December is inside, a visit after the end is not.
    assert (date(2026, 12, 6), "plan") in found
    assert date(2028, 1, 1) not in days


def test_deadlines_are_what_the_family_sends_and_each_cites_its_document():
    found = year_items(
        decided=DECIDED,
        visits=[date(2027, 6, 1)],
        birth_date=BORN,
        settings=DEFAULT_SETTINGS,
        start=date(2026, 12, 5),
        end=date(2027, 12, 5),
    )
    deadlines = {item.kind for item in found if item.deadline}
    assert deadlines == {"plan", "budget", "accounts", "goals"}
    # Bekendtgørelse § 4, stk. 1: supervision twice a year; the rest is the guide's practice.
    assert {item.source for item in found if item.kind == "visit"} == {EXECUTIVE_ORDER}
    assert {item.source for item in found if item.kind != "visit"} == {GUIDE}
    assert all(item.title for item in found)


def test_the_training_ends_at_18_and_only_the_final_accounts_follow():
    """001: "Når den unge fylder 18 år, stopper hjemmetræning"; the final accounts are due 8
    weeks after the end (001: "Senest 8 uger efter endt budgetår")."""
    born = date(2009, 6, 1)  # 18 on 1 June 2027, last day 31 May
    found = items(visits=[date(2027, 8, 1)], born=born)
    assert (date(2027, 6, 1), "age18") in found
    after = [(day, kind) for day, kind in found if day > date(2027, 6, 1)]
    assert after == [(date(2027, 7, 26), "final_accounts")]
    assert (date(2027, 2, 28), "accounts") in found


def test_the_final_accounts_replace_the_yearly_accounts_of_the_last_year():
    born = date(2008, 12, 1)  # 18 on 1 December 2026, last day 30 November
    found = items(visits=[date(2027, 3, 1)], born=born)
    assert found == [(date(2027, 1, 25), "final_accounts")]


def test_a_day_set_by_the_family_ends_the_year_there():
    """The family's own end: no visit, budget or goals after it; its last day and the final
    accounts 8 weeks on."""
    found = items(visits=[date(2027, 3, 1), date(2027, 9, 1)], ends_on=date(2027, 7, 1))
    after = [(day, kind) for day, kind in found if day >= date(2027, 6, 30)]
    assert after == [(date(2027, 6, 30), "training_ends"), (date(2027, 8, 25), "final_accounts")]
    assert (date(2027, 3, 1), "visit") in found
    assert (date(2027, 2, 28), "accounts") in found


def test_the_municipalitys_own_dates_are_used():
    """Every municipality sets its own practice; 001 is Esbjerg's ("senest 15. november")."""
    other = MunicipalitySettings.from_mapping(
        {**DEFAULT_SETTINGS.to_mapping(), "budget_due": "10-01", "accounts_due": "03-15"}
    )
    found = items(settings=other)
    assert (date(2027, 10, 1), "budget") in found
    assert (date(2027, 3, 15), "accounts") in found
    assert MonthDay(11, 15).in_year(2027) not in [d for d, k in found if k == "budget"]
