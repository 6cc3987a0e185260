"""Handling-time statistics as pages: the figures, two charts and a table with the same
numbers. Public for the municipalities that publish them; their own staff always see them
(portal.staff.statistics)."""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Municipality
from portal.services import statistics as handling
from portal.timeutil import today_local


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
        **handling.page(
            municipality, public=True, asked_year=request.args.get("aar"), today=today_local()
        ),
    )
