"""Properties of every rule, over any input of the right shape (issue 3, point 5).

The wizard asks the rules about whatever a parent has typed so far, so a check must answer
(never raise) for empty strings, missing dates, huge numbers and any Unicode; a ``ValueError``
stays the contract only for a malformed shape (an unknown day, kind or category).

Beyond that: giving a budget line a justification only ever removes findings about that line;
the same input always gives the same findings; a finding's ``field`` names a real key or row of
the input; and every finding carries a rendered Danish message and a source.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import portal.rules
from portal.rules.budget import CATEGORIES, check_budget
from portal.rules.findings import ERROR, WARNING, Finding
from portal.rules.goals import GOAL_FIELDS, check_goal
from portal.rules.lost_earnings import estimate
from portal.rules.schedule import DAYS, KINDS, check_week, week_totals
from tests.support.figures import SHIPPED

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every message template the rules define, as pybabel extracts them: all Danish literals.
# A counted message (N_plural) gives both its Danish forms.
DANISH_MSGIDS = frozenset(
    form
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        portal.rules.__path__[0],  # type: ignore[attr-defined]
        keywords={**DEFAULT_KEYWORDS, "N_plural": (1, 2)},
    )
    for form in (message if isinstance(message, tuple) else (message,))
)

# --- strategies -----------------------------------------------------------------------------

# Text as a parent may type or paste it: empty, blank, emoji, control characters, right-to-left
# script, combining marks, very long, and real Danish that trips the rules' word lists.
_tricky_texts = st.sampled_from(
    [
        "",
        " ",
        "\t\n\r ",
        "\u00a0",  # no-break space
        "\u200b",  # zero-width space: not whitespace to Python
        "\x00",
        "\x1b[31m",
        "🙂",
        "👨‍👩‍👧‍👦",
        "e\u0301",  # e + combining acute
        "مرحبا",
        "Ǆ ß İ ﬁ",  # case-folding oddities for re.IGNORECASE
        "Bedre motorik",
        "Mild trykkammerbehandling i udlandet",
        "CBD-olie",
        "%(total)s %s %%",  # format placeholders in the user's own text
        "Æblegrød på Ærø 1.234,50 kr.",
    ]
)
texts = st.one_of(
    st.none(),
    _tricky_texts,
    st.text(),
    st.text(st.characters(codec="utf-8"), max_size=5).map(lambda s: s * 4000),  # very long
)
non_blank_texts = st.one_of(_tricky_texts, st.text(min_size=1)).filter(lambda s: s.strip())

any_dates = st.one_of(
    st.dates(),
    st.sampled_from([date.min, date.max, date(2024, 2, 29), date(9999, 7, 1)]),
)
goal_dates = st.one_of(
    st.none(),
    st.just(""),  # an empty form field
    any_dates,
    st.datetimes(timezones=st.none() | st.just(UTC)),
)
times = st.one_of(
    st.none(),
    st.just(""),
    st.times(),
    st.times(timezones=st.just(timezone(timedelta(hours=2)))),
    st.sampled_from([time.min, time.max, time(0, 0, 59), time(23, 59, 59, 999999)]),
)

# Money and quantities: None, "", Decimals with up to 2 decimals up to 10**15 kr., and whole
# numbers far beyond 28 digits (Decimal's default precision) as a parent can type them.
_huge = 10**15
numbers = st.one_of(
    st.none(),
    st.just(""),
    st.decimals(min_value=-_huge, max_value=_huge, places=2),
    st.integers(min_value=-_huge, max_value=_huge),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([0, Decimal("0.00"), Decimal("-0.00"), Decimal("0.01"), 10**26, 10**27]),
)
non_negative_money = st.one_of(
    st.decimals(min_value=0, max_value=_huge, places=2),
    st.integers(min_value=0, max_value=10**40),
    st.just(0),
)
non_negative_hours = st.one_of(
    st.decimals(min_value=0, max_value=_huge, places=2),
    st.integers(min_value=0, max_value=10**30),
    st.sampled_from([0, Decimal("0.00"), Decimal("0.01"), 37, Decimal("37.5")]),
)
years = st.one_of(st.integers(1900, 3000), st.sampled_from([2016, 2022, 2023, 2024, 2025]))


@st.composite
def goals(draw):
    """A goal mapping: any subset of the keys; texts any text or None; dates any or None."""
    keys = draw(st.sets(st.sampled_from(GOAL_FIELDS)))
    return {
        key: draw(goal_dates if key.endswith("_by") else texts)
        for key in GOAL_FIELDS
        if key in keys
    }


week_entries = st.lists(
    st.fixed_dictionaries(
        {"day": st.sampled_from(DAYS), "kind": st.sampled_from(KINDS)},
        optional={"start": times, "end": times, "method": texts},
    ),
    max_size=25,
)


@st.composite
def budget_lines(draw, max_size=12):
    optional = {
        "description": texts,
        "justification": texts,
        "quantity": numbers,
        "amount": numbers,
        "hours_per_week": numbers,
        "weeks": numbers,
        "helper_goals": texts,
        "helper_family": st.sampled_from(["ja", "nej", None]),
    }
    return draw(
        st.lists(
            st.fixed_dictionaries({"category": st.sampled_from(CATEGORIES)}, optional=optional),
            max_size=max_size,
        )
    )


# --- what every finding must look like -------------------------------------------------------

_LINE_KEYS = {
    "description",
    "quantity",
    "amount",
    "justification",
    "hours_per_week",
    "weeks",
    "helper_goals",
    "helper_family",
}


def assert_well_formed(findings, *, prefix, fields_ok):
    """Every finding: a stable code, a known severity, a real field, a rendered Danish message
    from the rules' own templates, and a source."""
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.code.startswith(prefix + "."), finding.code
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", finding.code), finding.code
        assert finding.severity in (ERROR, WARNING)
        assert fields_ok(finding.field), (finding.code, finding.field)
        assert finding.message.strip(), finding.code
        assert finding.msgid in DANISH_MSGIDS, finding.code
        assert finding.msgid_plural == "" or finding.msgid_plural in DANISH_MSGIDS
        assert finding.message == finding.danish_template % finding.danish_params, finding.code
        assert "%(" not in finding.message, finding.code
        assert finding.source.strip(), finding.code


def row_field(n_rows, keys):
    def ok(field):
        index, dot, key = field.partition(".")
        return bool(dot) and index.isdigit() and int(index) < n_rows and key in keys

    return ok


# --- goals ----------------------------------------------------------------------------------


@PROPERTY
@given(goal=goals(), today=any_dates)
def test_check_goal_answers_any_goal_on_any_day(goal, today):
    found = check_goal(goal, today=today)
    assert_well_formed(found, prefix="goal", fields_ok=lambda f: f in GOAL_FIELDS)
    assert check_goal(dict(goal), today=today) == found  # deterministic
    # One finding per (code, field): nothing is reported twice.
    assert len({(f.code, f.field) for f in found}) == len(found)
    # The legal minimum: a goal with no date has an error on that date, whatever else it says.
    for key in ("short_term_by", "long_term_by"):
        if goal.get(key) in (None, ""):
            assert any(f.field == key and f.is_error for f in found)


def test_check_goal_on_the_last_representable_days():
    # 6 months or a year after these days is beyond date.max: no date can be "too far".
    for today in (date(9999, 7, 1), date(9999, 12, 31)):
        goal = {"short_term_by": date.max, "long_term_by": date.max}
        codes = {f.code for f in check_goal(goal, today=today)}
        assert not codes & {"goal.short_term_far", "goal.long_term_far"}
        assert "goal.short_term_date_past" not in codes
    found = check_goal({"short_term_by": date.min, "long_term_by": date.min}, today=date.max)
    assert {"goal.short_term_date_past", "goal.long_term_date_past"} <= {f.code for f in found}


# --- weekly schedule ------------------------------------------------------------------------


@PROPERTY
@given(entries=week_entries, birth=any_dates, today=any_dates)
def test_check_week_answers_any_rows_for_any_child_on_any_day(entries, birth, today):
    found = check_week(entries, child_birth_date=birth, today=today)
    totals = week_totals(entries, child_birth_date=birth, today=today)
    fields_ok = row_field(len(entries), {"start", "end"})
    assert_well_formed(found, prefix="schedule", fields_ok=lambda f: f == "week" or fields_ok(f))
    assert check_week([dict(e) for e in entries], child_birth_date=birth, today=today) == found
    assert all(minutes >= 0 for minutes in totals.minutes_by_kind.values())
    assert totals.training_minutes <= 7 * 24 * 60 or any(
        f.code == "schedule.overlap" for f in found
    )


def test_check_week_for_a_child_born_on_the_last_representable_day():
    # School would start in the year 10005, which date cannot hold: not school age.
    entries = [{"day": d, "start": time(6), "end": time(18), "kind": "training"} for d in DAYS]
    found = check_week(entries, child_birth_date=date.max, today=date.max)
    assert [f.code for f in found] == ["schedule.training_over_cap"]
    assert not week_totals(entries, child_birth_date=date(9995, 1, 1), today=date.max).school_age


# --- budget ---------------------------------------------------------------------------------


@PROPERTY
@given(lines=budget_lines(), year=years)
def test_check_budget_answers_any_lines_in_any_year(lines, year):
    result = check_budget(lines, year=year, figures=SHIPPED)
    fields_ok = row_field(len(lines), _LINE_KEYS)
    assert_well_formed(
        result.findings, prefix="budget", fields_ok=lambda f: f == "total" or fields_ok(f)
    )
    assert (
        check_budget([dict(ln) for ln in lines], year=year, figures=SHIPPED) == result
    )  # deterministic
    assert len(result.lines) == len(lines)
    amounts = [ln.amount for ln in result.lines]
    if all(abs(a) < 10**20 for a in amounts):
        # Exact to the øre; far beyond the cap, sums round to Decimal's 28 digits (no raise).
        assert result.total_training == sum(amounts, Decimal(0))
    # A line without text that says why has exactly one error asking for it.
    for index, line in enumerate(lines):
        asks = [f for f in result.findings if f.field == f"{index}.justification"]
        blank = not (line.get("justification") or "").strip()
        assert [f.code for f in asks] == (["budget.no_justification"] if blank else [])


@PROPERTY
@given(data=st.data(), lines=budget_lines().filter(bool), year=years)
def test_a_justification_only_ever_removes_findings_about_that_line(data, lines, year):
    index = data.draw(st.integers(0, len(lines) - 1), label="index")
    reason = data.draw(non_blank_texts, label="justification")
    justified = [dict(line) for line in lines]
    justified[index]["justification"] = reason

    before = check_budget(lines, year=year, figures=SHIPPED)
    after = check_budget(justified, year=year, figures=SHIPPED)

    pairs_before = [(f.code, f.field) for f in before.findings]
    pairs_after = [(f.code, f.field) for f in after.findings]
    assert set(pairs_after) <= set(pairs_before)
    removed = set(pairs_before) - set(pairs_after)
    assert all(field.startswith(f"{index}.") for _code, field in removed)
    # Exactly what holds: the justification is not part of any amount, so the totals, the cap
    # and every other finding (messages with totals included) stay as they were; the only
    # finding that can go is the one asking for the justification.
    was_blank = not (lines[index].get("justification") or "").strip()
    assert removed == (
        {("budget.no_justification", f"{index}.justification")} if was_blank else set()
    )
    assert [f for f in before.findings if (f.code, f.field) not in removed] == list(after.findings)
    assert (after.total_training, after.totals, after.cap, after.cap_year) == (
        before.total_training,
        before.totals,
        before.cap,
        before.cap_year,
    )
    expected_lines = list(before.lines)
    expected_lines[index] = replace(expected_lines[index], justification=reason.strip())
    assert list(after.lines) == expected_lines


@PROPERTY
@given(
    description=texts,
    amount=st.one_of(numbers, st.just(Decimal("706600.01"))),
    category=st.sampled_from(CATEGORIES),
    year=years,
    reason=non_blank_texts,
)
def test_a_justification_never_hides_what_the_law_forbids(
    description, amount, category, year, reason
):
    lines = [{"category": category, "description": description, "amount": amount}]
    before = check_budget(lines, year=year, figures=SHIPPED)
    after = check_budget([{**lines[0], "justification": reason}], year=year, figures=SHIPPED)
    forbidden = [f for f in before.findings if f.code.startswith("budget.excluded.")]
    assert forbidden == [f for f in after.findings if f.code.startswith("budget.excluded.")]


# --- lost earnings --------------------------------------------------------------------------


@PROPERTY
@given(
    income=non_negative_money,
    previous=non_negative_hours,
    requested=non_negative_hours,
    pension=non_negative_money,
    saved=non_negative_money,
    year=years,
)
def test_estimate_answers_any_non_negative_figures(
    income, previous, requested, pension, saved, year
):
    kwargs = {
        "previous_monthly_income": income,
        "previous_weekly_hours": previous,
        "requested_weekly_hours": requested,
        "employer_pension_monthly": pension,
        "saved_transport_monthly": saved,
        "year": year,
    }
    result = estimate(**kwargs, figures=SHIPPED)
    assert_well_formed(
        result.findings,
        prefix="lost_earnings",
        fields_ok=lambda f: f in {"weekly_hours", "requested_hours", "monthly_income"},
    )
    assert estimate(**kwargs, figures=SHIPPED) == result  # deterministic
    assert Decimal(0) <= result.hours_share <= 1
    assert Decimal(0) <= result.gross_benefit <= result.ceiling_full_time
    assert result.net_payout >= 0
    assert result.pension_contribution <= result.gross_benefit
    if Decimal(requested) == 0 or Decimal(previous) == 0:
        assert result.gross_benefit == 0
        assert any(f.is_error for f in result.findings)


@PROPERTY
@given(
    income=st.one_of(st.none(), st.just("")),
    previous=st.one_of(st.none(), st.just("")),
    requested=st.one_of(st.none(), st.just("")),
    year=years,
)
def test_estimate_with_nothing_filled_in_asks_for_hours_and_income(
    income, previous, requested, year
):
    result = estimate(
        previous_monthly_income=income,
        previous_weekly_hours=previous,
        requested_weekly_hours=requested,
        year=year,
        figures=SHIPPED,
    )
    assert {f.code for f in result.findings} == {
        "lost_earnings.no_income",
        "lost_earnings.no_previous_hours",
        "lost_earnings.no_requested_hours",
    }
    assert result.gross_benefit == result.net_payout == 0


def test_datetime_dates_in_a_goal_count_as_their_day_also_at_the_edges():
    goal = {
        "short_term_by": datetime.max.replace(tzinfo=UTC),
        "long_term_by": datetime.min.replace(tzinfo=UTC),
    }
    found = check_goal(goal, today=date(2025, 3, 10))
    assert {(f.code, f.field) for f in found} >= {
        ("goal.short_term_far", "short_term_by"),
        ("goal.long_term_date_past", "long_term_by"),
        ("goal.short_after_long", "short_term_by"),
    }


# --- the examples Hypothesis found, kept as plain regression tests ----------------------------

_26_DIGITS = Decimal("9" * 26)  # the most the wizard's amount field passes on (28 digits in øre)


def test_two_lines_of_26_digit_amounts_give_an_over_cap_error_not_a_crash():
    lines = [{"category": "equipment", "description": "Trampolin", "amount": _26_DIGITS}] * 2
    result = check_budget(lines, year=2024, figures=SHIPPED)
    assert result.total_training == 2 * _26_DIGITS
    (over,) = [f for f in result.findings if f.code == "budget.over_cap"]
    assert "199.999.999.999.999.999.999.999.998,00 kr." in over.message


def test_a_helper_with_absurd_hours_gets_advice_not_a_crash():
    line = {
        "category": "helper",
        "description": "H",
        "hours_per_week": 10**24,
        "justification": "x",
    }
    result = check_budget([line], year=2024, figures=SHIPPED)
    assert {f.code for f in result.findings} == {
        "budget.helper_over_normal_hours",
        "budget.helper_insurance",
        "budget.helper_no_goals",
        "budget.over_cap",
    }


def test_lost_earnings_with_huge_figures_answer():
    result = estimate(
        previous_monthly_income=0,
        previous_weekly_hours=10**27,
        requested_weekly_hours=10**27 + 1,
        saved_transport_monthly=10**27,
        year=2016,
        figures=SHIPPED,
    )
    assert [f.code for f in result.findings] == [
        "lost_earnings.no_income",
        "lost_earnings.more_hours_than_before",
    ]
    assert result.net_payout == 0
