"""Handling-time statistics as pages: the figures, two charts and a table with the same
numbers. Public for the municipalities that publish them; their own staff always see them
(portal.staff.statistics)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template, request
from flask_babel import format_decimal, format_percent
from sqlalchemy import select

from portal import charts
from portal.extensions import db
from portal.home import bp
from portal.i18n import gettext as _
from portal.models import Municipality
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.services.statistics import TypeStatistics, handling_statistics, years_with_cases
from portal.timeutil import today_local


@dataclass(frozen=True)
class Figures:
    rows: list[TypeStatistics]
    share_chart: charts.BarChart
    days_chart: charts.BarChart
    public: bool

    @property
    def any_decided(self) -> bool:
        return any(row.decided for row in self.rows)


def _days(value: float | None) -> str:
    return _("%(days)s dage", days=format_decimal(value, "#,##0.#")) if value is not None else ""


def figures(rows: list[TypeStatistics], *, public: bool) -> Figures:
    """Charts of the share decided within the deadline and of the median handling time. In
    public, a type with fewer than MIN_PUBLIC_GROUP decided cases shows no share or median."""
    share_rows, days_rows = [], []
    for row in rows:
        label = _(CASE_TYPE_LABELS[row.case_type])
        shown = row.decided and (row.publishable() or not public)
        if not row.decided:
            none = _("Ingen afgjorte sager")
            share_rows.append((label, None, none, None))
            days_rows.append((label, None, none, None))
        elif not shown:
            few = _("For få afgjorte sager til at vise tallet")
            share_rows.append((label, None, few, None))
            days_rows.append((label, None, few, None))
        else:
            share = row.share_within_deadline
            share_rows.append((label, share * 100, format_percent(share), None))
            days_rows.append(
                (label, row.median_days, _days(row.median_days), row.median_allowed_days)
            )
    return Figures(
        rows=rows,
        share_chart=charts.bar_chart(
            share_rows, maximum=100, tick_text=lambda v: format_percent(v / 100)
        ),
        days_chart=charts.bar_chart(days_rows, at_least=28, tick_text=lambda v: _days(v)),
        public=public,
    )


def chosen_year(years: list[int]) -> int | None:
    """?aar=2026, or ?aar=alle for every year; by default this year (or every year if none)."""
    value = request.args.get("aar")
    if value == "alle":
        return None
    if value and value.isdigit() and int(value) in years:
        return int(value)
    this_year = today_local().year
    return this_year if this_year in years else None


def page_context(municipality: Municipality, *, public: bool) -> dict:
    years = years_with_cases(municipality)
    year = chosen_year(years)
    rows = handling_statistics(municipality, year=year, today=today_local())
    return {
        "municipality": municipality,
        "years": years,
        "year": year,
        "figures": figures(rows, public=public),
        "case_type_labels": CASE_TYPE_LABELS,
    }


@bp.get("/statistik/")
def statistics_index():
    published = db.session.scalars(
        select(Municipality)
        .where(Municipality.publish_statistics.is_(True))
        .order_by(Municipality.name)
    ).all()
    return render_template(
        "statistics/index.html",
        title=_("Kommunernes sagsbehandlingstider"),
        municipalities=published,
    )


@bp.get("/statistik/<code>")
def statistics(code: str):
    municipality = db.session.execute(
        select(Municipality).where(
            Municipality.code == code, Municipality.publish_statistics.is_(True)
        )
    ).scalar_one_or_none()
    if municipality is None:
        abort(404)
    return render_template(
        "statistics/public.html",
        title=_("Sagsbehandlingstider i %(name)s", name=municipality.name),
        **page_context(municipality, public=True),
    )


@bp.app_template_filter("format_percent")
def _format_percent(value: float | None) -> str:
    return format_percent(value) if value is not None else ""
