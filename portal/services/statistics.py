"""Handling times per request type: how many cases, how long a decision took (median), and how
many were decided within the deadline. For the municipality, and for the public when the
municipality publishes them (Municipality.publish_statistics).

"Der findes ikke en officiel opgørelse over den kommunale sagsbehandlingstid på
handicapområdet" (seed 002): these figures are that account, per municipality.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import case, func, select

from portal import charts
from portal.extensions import db
from portal.i18n import gettext as _
from portal.i18n import locale_name, ngettext
from portal.models import Case, Decision, Municipality, SupervisionVisit
from portal.rules import formatting
from portal.rules import supervision as supervision_rules
from portal.rules.case_status import DECIDED_STATUSES, OPEN_STATUSES
from portal.rules.case_types import CASE_TYPES
from portal.rules.i18n import plural_count
from portal.rules.labels import label
from portal.timeutil import COPENHAGEN, local_date

# Published figures about fewer decided cases than this could point at one family.
MIN_PUBLIC_GROUP = 5


@dataclass(frozen=True)
class TypeStatistics:
    case_type: str
    received: int
    open: int
    open_overdue: int
    decided: int
    withdrawn: int
    within_deadline: int
    # Days from receipt to decision, over the decided cases.
    median_days: float | None
    # The handling time in days the same cases had (their deadline minus their receipt).
    median_allowed_days: float | None

    @property
    def share_within_deadline(self) -> float | None:
        return self.within_deadline / self.decided if self.decided else None

    def publishable(self) -> bool:
        return self.decided >= MIN_PUBLIC_GROUP


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=COPENHAGEN).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=COPENHAGEN).astimezone(UTC)
    return start, end


def years_with_cases(municipality: Municipality) -> list[int]:
    first, last = db.session.execute(
        select(func.min(Case.received_at), func.max(Case.received_at)).where(
            Case.municipality_id == municipality.id
        )
    ).one()
    if first is None:
        return []
    return list(range(local_date(last).year, local_date(first).year - 1, -1))


def handling_statistics(
    municipality: Municipality, *, year: int | None, today: date
) -> list[TypeStatistics]:
    """One row per request type (every type, also those without cases), for the cases
    received in `year` (every year when None)."""
    query = (
        select(
            Case.case_type,
            Case.status,
            Case.received_at,
            Case.due_date,
            # A change taken to note is handled the day it was (its last change), without a
            # decision: it counts with the decided (portal.rules.changes).
            case((Case.status == "noted", Case.updated_at), else_=Decision.decided_at).label(
                "decided_at"
            ),
        )
        # The first decision ends the handling time; one made after a complaint does not.
        .outerjoin(Decision, (Decision.case_id == Case.id) & (Decision.sequence == 1))
        .where(Case.municipality_id == municipality.id)
    )
    if year is not None:
        start, end = _year_bounds(year)
        query = query.where(Case.received_at >= start, Case.received_at < end)
    rows: dict[str, list] = {case_type: [] for case_type in CASE_TYPES}
    for row in db.session.execute(query):
        rows.setdefault(row.case_type, []).append(row)

    result = []
    for case_type in CASE_TYPES:
        cases = rows[case_type]
        decided = [
            r
            for r in cases
            if r.status in DECIDED_STATUSES | {"noted"} and r.decided_at is not None
        ]
        taken = [(local_date(r.decided_at) - local_date(r.received_at)).days for r in decided]
        allowed = [(r.due_date - local_date(r.received_at)).days for r in decided]
        result.append(
            TypeStatistics(
                case_type=case_type,
                received=len(cases),
                open=sum(1 for r in cases if r.status in OPEN_STATUSES),
                open_overdue=sum(
                    1 for r in cases if r.status in OPEN_STATUSES and r.due_date < today
                ),
                decided=len(decided),
                withdrawn=sum(1 for r in cases if r.status == "withdrawn"),
                within_deadline=sum(1 for r in decided if local_date(r.decided_at) <= r.due_date),
                median_days=statistics.median(taken) if taken else None,
                median_allowed_days=statistics.median(allowed) if allowed else None,
            )
        )
    return result


@dataclass(frozen=True)
class Figures:
    """The figures as the pages show them: the rows, and two charts of the same numbers."""

    rows: list[TypeStatistics]
    share_chart: charts.BarChart
    days_chart: charts.BarChart
    public: bool

    @property
    def any_decided(self) -> bool:
        return any(row.decided for row in self.rows)


def _days(value: float | None) -> str:
    if value is None:
        return ""
    shown = round(Decimal(str(value)), 1)
    return ngettext(
        "%(days)s dag",
        "%(days)s dage",
        plural_count(shown),
        days=formatting.number(shown, locale_name(), decimals=1),
    )


def figures(rows: list[TypeStatistics], *, public: bool) -> Figures:
    """Charts of the share decided within the deadline and of the median handling time. In
    public, a type with fewer than MIN_PUBLIC_GROUP decided cases shows no share or median."""
    share_rows, days_rows = [], []
    for row in rows:
        name = _(label("case_type", row.case_type))
        shown = row.decided and (row.publishable() or not public)
        if not row.decided:
            none = _("Ingen afgjorte sager")
            share_rows.append((name, None, none, None))
            days_rows.append((name, None, none, None))
        elif not shown:
            few = _("For få afgjorte sager til at vise tallet")
            share_rows.append((name, None, few, None))
            days_rows.append((name, None, few, None))
        else:
            share = row.share_within_deadline
            share_rows.append((name, share * 100, formatting.percent(share, locale_name()), None))
            days_rows.append(
                (name, row.median_days, _days(row.median_days), row.median_allowed_days)
            )
    return Figures(
        rows=rows,
        share_chart=charts.bar_chart(
            share_rows, maximum=100, tick_text=lambda v: formatting.percent(v / 100, locale_name())
        ),
        days_chart=charts.bar_chart(days_rows, at_least=28, tick_text=lambda v: _days(v)),
        public=public,
    )


def chosen_year(asked: str | None, years: list[int], today: date) -> int | None:
    """?aar=2026, or ?aar=alle for every year; by default this year (or every year if none)."""
    if asked == "alle":
        return None
    if asked and asked.isdigit() and int(asked) in years:
        return int(asked)
    return today.year if today.year in years else None


@dataclass(frozen=True)
class SupervisionStatistics:
    """Supervision over the 12 months up to today: "2 gange årligt føre tilsyn" (Bekendtgørelse
    § 4, stk. 1) and "Tilsynsrapporten vil blive tilsendt senest 2 uger efter tilsynet" (seed
    001, »Tilsyn«). Seed 002 found 42 % of families with fewer than two visits a year."""

    # Trainings approved at least 12 months ago and still running (the child under 18).
    trainings: int
    with_two_visits: int
    # Visits held in the 12 months whose report is sent or past its due day.
    reports: int
    reports_in_time: int

    @property
    def share_two_visits(self) -> float | None:
        return self.with_two_visits / self.trainings if self.trainings else None

    @property
    def share_reports_in_time(self) -> float | None:
        return self.reports_in_time / self.reports if self.reports else None

    def publishable(self, count: int) -> bool:
        return count >= MIN_PUBLIC_GROUP


def supervision_statistics(municipality: Municipality, *, today: date) -> SupervisionStatistics:
    year_ago = today - relativedelta(years=1)
    approved_before = datetime.combine(year_ago, datetime.min.time(), tzinfo=COPENHAGEN)
    trainings = db.session.execute(
        select(Case.id, Case.child_birth_date)
        .join(Decision, Decision.case_id == Case.id)
        .where(
            Case.municipality_id == municipality.id,
            Case.case_type == "new_application",
            Decision.outcome.in_(("approved", "partly_approved")),
            Decision.decided_at < approved_before.astimezone(UTC),
        )
    ).all()
    running = {row.id for row in trainings if relativedelta(today, row.child_birth_date).years < 18}
    visits = db.session.execute(
        select(
            SupervisionVisit.case_id,
            SupervisionVisit.held_on,
            SupervisionVisit.report_sent_at,
            SupervisionVisit.report_due,
        )
        .join(Case, Case.id == SupervisionVisit.case_id)
        .where(
            Case.municipality_id == municipality.id,
            SupervisionVisit.held_on.is_not(None),
            SupervisionVisit.held_on > year_ago,
            SupervisionVisit.held_on <= today,
        )
    ).all()
    held: dict[int, list[date]] = {case_id: [] for case_id in running}
    for visit in visits:
        if visit.case_id in held:
            held[visit.case_id].append(visit.held_on)
    with_two, counted = supervision_rules.two_visits_share(held, today=today)
    in_time, reports = supervision_rules.report_in_time_share(
        (
            (
                v.held_on,
                local_date(v.report_sent_at) if v.report_sent_at else None,
                v.report_due,
            )
            for v in visits
            if v.report_due is not None
        ),
        today=today,
    )
    return SupervisionStatistics(counted, with_two, reports, in_time)


def page(municipality: Municipality, *, public: bool, asked_year: str | None, today: date) -> dict:
    """What a statistics page shows: the municipality, its years, the year chosen, and the
    figures (public or for its own staff)."""
    years = years_with_cases(municipality)
    year = chosen_year(asked_year, years, today)
    rows = handling_statistics(municipality, year=year, today=today)
    return {
        "municipality": municipality,
        "years": years,
        "year": year,
        "figures": figures(rows, public=public),
        "supervision": supervision_statistics(municipality, today=today),
    }
