"""The municipality's own handling-time statistics, and its choice to publish them."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.i18n import gettext as _
from portal.identity.session import admin_required, current_staff, staff_required
from portal.services import municipality_settings
from portal.services import statistics as handling
from portal.services.access_log import log_view
from portal.timeutil import today_local


@staff_required
def statistics():
    staff = current_staff()
    shown = handling.page(
        staff.municipality, public=False, asked_year=request.args.get("aar"), today=today_local()
    )
    # The statistics read every case of the municipality: in the access log (issue 18, 6).
    year = shown["year"]
    log_view(staff, "statistics", {"aar": "alle" if year is None else str(year)})
    db.session.commit()
    return render_template(
        "staff/statistics.html", title=_("Statistik over sagsbehandlingstider"), **shown
    )


@admin_required
def publish_statistics():
    staff = current_staff()
    municipality = staff.municipality
    municipality_settings.change_publication(
        municipality, request.form.get("publish") == "ja", by=staff
    )
    db.session.commit()
    flash(
        _("Statistikken er nu offentlig.")
        if municipality.publish_statistics
        else _("Statistikken er ikke længere offentlig."),
        "success",
    )
    return redirect(url_for("staff.statistics"))
