"""The weekly schedule (ugeskema): when formal training happens beside school, day care and
leisure (seed 001, "Ansøgning": "I ugeskemaet skal I angive, hvornår den formelle træning
finder sted").

Overlapping rows and rows that end before they start are errors: the schedule cannot be read.
Hours above the municipality's weekly cap are only a warning: "Der er i lovgivningen omkring
hjemmetræningen ikke et maksimalt timetal" (seed 001), so the portal never blocks what the law
allows; the parent is asked to explain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from portal.rules import formatting
from portal.rules.findings import ERROR, WARNING, Finding, make_finding
from portal.rules.i18n import N_, _
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.rules.sources import GUIDE

__all__ = [
    "DAYS",
    "DAY_LABELS",
    "KINDS",
    "KIND_LABELS",
    "WeekTotals",
    "budget_period_start",
    "check_week",
    "is_school_age",
    "school_start",
    "week_totals",
]

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "mon": N_("Mandag"),
        "tue": N_("Tirsdag"),
        "wed": N_("Onsdag"),
        "thu": N_("Torsdag"),
        "fri": N_("Fredag"),
        "sat": N_("Lørdag"),
        "sun": N_("Søndag"),
    }
)
# Home schooling is teaching, counted with school in the week's cap: "omfanget af
# hjemmetræningen skulle ses i sammenhæng med omfanget af barnets skolegang/hjemmeundervisning
# ... skolegang og hjemmetræning ikke kunne overstige 37 timer" (seed 001, »Ansøgning«). No lost
# earnings are paid for its hours (004 § 5).
KINDS: tuple[str, ...] = ("training", "school", "homeschool", "daycare", "leisure", "other")
KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "training": N_("Træning"),
        "school": N_("Skole"),
        "homeschool": N_("Hjemmeundervisning"),
        "daycare": N_("Dagtilbud"),
        "leisure": N_("Fritid"),
        "other": N_("Andet"),
    }
)

_CAP_SOURCE = (
    f"Kommunens retningslinje for ugentlig træning ({GUIDE}, »Ansøgning«); ingen grænse i loven"
)
_SCHEDULE_SOURCE = f"Ugeskema, bilag 8 punkt 13 ({GUIDE})"
_HOUR = Decimal(60)
_HUNDREDTH = Decimal("0.01")


def school_start(child_birth_date: date) -> date:
    """The day the child starts school (0. klasse): 1 August of the year it turns 6.

    Folkeskoleloven § 34: "Undervisningspligten indtræder den 1. august i det kalenderår,
    hvor barnet fylder 6 år". A deferred start (skoleudsættelse) is not known here; such a
    child simply has no school rows, so training alone is compared with the cap.
    """
    return date(child_birth_date.year + 6, 8, 1)


def budget_period_start(year: int, requested: date) -> date:
    """The day a budget's period starts, on which school age is judged for it: 1 January of
    the budget year, or the day the budget is requested if that is later (the support cannot
    start before it is asked for)."""
    return max(date(year, 1, 1), requested)


def is_school_age(child_birth_date: date, on: date) -> bool:
    # Compared as (year, month, day) rather than through ``school_start``: for a birth date in
    # the last 6 years ``date`` can hold (a typo such as 9999) school would start after
    # date.max, which ``date`` cannot represent; such a child is simply not of school age.
    return (on.year, on.month, on.day) >= (child_birth_date.year + 6, 8, 1)


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / _HOUR).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class WeekTotals:
    """What the week adds up to, in exact minutes, with hours for display.

    ``capped_minutes`` is the figure the municipality's cap applies to: formal training
    before school age, school plus training from school age (seed 001).
    """

    minutes_by_kind: Mapping[str, int]
    training_minutes_by_day: Mapping[str, int]
    training_minutes_by_method: Mapping[str, int]
    school_age: bool

    @property
    def training_minutes(self) -> int:
        return self.minutes_by_kind["training"]

    @property
    def school_minutes(self) -> int:
        """School and home schooling: both are the child's compulsory teaching."""
        return self.minutes_by_kind["school"] + self.minutes_by_kind["homeschool"]

    @property
    def training_plus_school_minutes(self) -> int:
        return self.training_minutes + self.school_minutes

    @property
    def capped_minutes(self) -> int:
        return self.training_plus_school_minutes if self.school_age else self.training_minutes

    @property
    def hours_by_kind(self) -> Mapping[str, Decimal]:
        return MappingProxyType({k: _hours(m) for k, m in self.minutes_by_kind.items()})

    @property
    def training_hours_by_day(self) -> Mapping[str, Decimal]:
        return MappingProxyType({d: _hours(m) for d, m in self.training_minutes_by_day.items()})

    @property
    def training_hours(self) -> Decimal:
        return _hours(self.training_minutes)

    @property
    def school_hours(self) -> Decimal:
        return _hours(self.school_minutes)

    @property
    def training_plus_school_hours(self) -> Decimal:
        return _hours(self.training_plus_school_minutes)

    @property
    def capped_hours(self) -> Decimal:
        return _hours(self.capped_minutes)


@dataclass(frozen=True)
class _Row:
    index: int
    day: str
    start: time | None
    end: time | None
    kind: str
    method: str

    @property
    def valid(self) -> bool:
        return self.start is not None and self.end is not None and self.start < self.end

    @property
    def minutes(self) -> int:
        assert self.start is not None and self.end is not None
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def _time(entry: Mapping[str, Any], key: str, index: int) -> time | None:
    value = entry.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, time):
        raise TypeError(f"entry {index}: {key} must be a datetime.time, not {value!r}")
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _rows(entries: Sequence[Mapping[str, Any]]) -> list[_Row]:
    rows = []
    for index, entry in enumerate(entries):
        day, kind = entry.get("day"), entry.get("kind")
        if day not in DAYS:
            raise ValueError(f"entry {index}: day must be one of {DAYS}, not {day!r}")
        if kind not in KINDS:
            raise ValueError(f"entry {index}: kind must be one of {KINDS}, not {kind!r}")
        rows.append(
            _Row(
                index=index,
                day=day,
                start=_time(entry, "start", index),
                end=_time(entry, "end", index),
                kind=kind,
                method=(entry.get("method") or "").strip(),
            )
        )
    return rows


def _totals(rows: list[_Row], *, child_birth_date: date, today: date) -> WeekTotals:
    by_kind = dict.fromkeys(KINDS, 0)
    by_day = dict.fromkeys(DAYS, 0)
    by_method: dict[str, int] = {}
    for row in rows:
        if not row.valid:
            continue
        by_kind[row.kind] += row.minutes
        if row.kind == "training":
            by_day[row.day] += row.minutes
            by_method[row.method] = by_method.get(row.method, 0) + row.minutes
    return WeekTotals(
        minutes_by_kind=MappingProxyType(by_kind),
        training_minutes_by_day=MappingProxyType(by_day),
        training_minutes_by_method=MappingProxyType(by_method),
        school_age=is_school_age(child_birth_date, today),
    )


def week_totals(
    entries: Sequence[Mapping[str, Any]], *, child_birth_date: date, today: date
) -> WeekTotals:
    """Hours per kind, training per day and per method, and training plus school.

    Entries: ``day`` ("mon".."sun"), ``start`` and ``end`` (``datetime.time``), ``kind``
    (one of ``KINDS``), ``method`` (optional). Rows without a valid time span are left out.
    """
    return _totals(_rows(entries), child_birth_date=child_birth_date, today=today)


def _span(row: _Row) -> str:
    assert row.start is not None and row.end is not None
    return f"{formatting.clock(row.start)}-{formatting.clock(row.end)}"


def check_week(
    entries: Sequence[Mapping[str, Any]],
    *,
    child_birth_date: date,
    today: date,
    settings: MunicipalitySettings | None = None,
) -> list[Finding]:
    """Findings for the weekly schedule; ``field`` is ``"<index>.<key>"`` or ``"week"``."""
    settings = settings or DEFAULT_SETTINGS
    rows = _rows(entries)
    findings: list[Finding] = []

    for row in rows:
        for key in ("start", "end"):
            if getattr(row, key) is None:
                findings.append(
                    make_finding(
                        "schedule.time_missing",
                        ERROR,
                        f"{row.index}.{key}",
                        _("Skriv hvornår aktiviteten starter og slutter."),
                        _SCHEDULE_SOURCE,
                    )
                )
        if row.start is not None and row.end is not None and row.end <= row.start:
            findings.append(
                make_finding(
                    "schedule.end_before_start",
                    ERROR,
                    f"{row.index}.end",
                    _("Sluttidspunktet skal være efter starttidspunktet."),
                    _SCHEDULE_SOURCE,
                )
            )

    findings += _overlaps([r for r in rows if r.valid])

    totals = _totals(rows, child_birth_date=child_birth_date, today=today)
    cap_minutes = settings.weekly_training_cap_hours * _HOUR
    if totals.capped_minutes > cap_minutes:
        params = {
            "hours": formatting.number(totals.capped_hours),
            "cap": formatting.number(settings.weekly_training_cap_hours),
            "municipality": settings.name,
        }
        if totals.school_age:
            findings.append(
                make_finding(
                    "schedule.school_and_training_over_cap",
                    WARNING,
                    "week",
                    _(
                        "Skole og træning er %(hours)s timer om ugen. %(municipality)s regner "
                        "normalt med højst %(cap)s timer i alt for skolebørn. Skriv i "
                        "ansøgningen, hvorfor barnet har brug for flere timer."
                    ),
                    _CAP_SOURCE,
                    **params,
                )
            )
        else:
            findings.append(
                make_finding(
                    "schedule.training_over_cap",
                    WARNING,
                    "week",
                    _(
                        "Der er %(hours)s timers træning om ugen. %(municipality)s regner "
                        "normalt med højst %(cap)s timer før skolealderen. Skriv i "
                        "ansøgningen, hvorfor barnet har brug for flere timer."
                    ),
                    _CAP_SOURCE,
                    **params,
                )
            )
    return findings


def _overlaps(rows: list[_Row]) -> list[Finding]:
    findings = []
    for day in DAYS:
        on_day = sorted((r for r in rows if r.day == day), key=lambda r: (r.start, r.end, r.index))
        for i, first in enumerate(on_day):
            for second in on_day[i + 1 :]:
                assert first.end is not None and second.start is not None
                if second.start >= first.end:
                    break  # sorted by start: no later row can overlap ``first``
                # Report on the row that starts later (or comes later in the list).
                findings.append(
                    make_finding(
                        "schedule.overlap",
                        ERROR,
                        f"{second.index}.start",
                        _(
                            "%(day)s: tidsrummet overlapper med %(other)s. Ret start eller "
                            "slut, så aktiviteterne ikke ligger oven i hinanden."
                        ),
                        _SCHEDULE_SOURCE,
                        other=_span(first),
                        day=DAY_LABELS[day],
                    )
                )
    return sorted(findings, key=lambda f: int(f.field.split(".")[0]))
