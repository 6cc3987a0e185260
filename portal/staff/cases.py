"""The municipality's cases: the list with its filters and pages, and a case's own page."""

from __future__ import annotations

from flask import abort, g, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.forms.workspace import WorkspaceFilterForm
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Case
from portal.rules.deadlines import days_left, deadline_state
from portal.services import workspace
from portal.services.access_log import log_access, log_view
from portal.staff.case_page import render_case
from portal.timeutil import today_local


def _page_number() -> int:
    value = request.args.get("side", "")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


@staff_required
def cases():
    staff = current_staff()
    municipality = staff.municipality
    settings = municipality.settings
    today = today_local()
    form = WorkspaceFilterForm(
        request.args,
        caseworkers=workspace.caseworkers(municipality.id),
        soon_days=settings.soon_window_days,
    )
    filters = form.filters()
    listing = workspace.list_cases(
        municipality.id,
        staff.id,
        filters,
        page=_page_number(),
        today=today,
        soon_days=settings.soon_window_days,
    )
    rows = [
        (
            row,
            deadline_state(row.deadline, today, settings=settings) if row.working else None,
            days_left(row.deadline, today),
        )
        for row in listing.rows
    ]
    query = form.query_args()
    # Every look at the list is in the access log, with its filters and page; a search with
    # its term masked (portal.services.access_log.log_view). One INSERT, committed here.
    shown = {name: value for name, value in query.items() if name != "soeg"}
    if listing.page > 1:
        shown["side"] = str(listing.page)
    log_view(staff, "search" if filters.search else "case_list", shown, filters.search)
    db.session.commit()

    def page_url(number: int) -> str:
        return url_for("staff.cases", **query, **({"side": number} if number > 1 else {}))

    return render_template(
        "staff/cases.html",
        title=_("Sager")
        if listing.pages == 1
        else _("Sager, side %(page)s af %(pages)s", page=listing.page, pages=listing.pages),
        form=form,
        filters=filters,
        chosen=form.chosen(),
        listing=listing,
        cases=rows,
        page_url=page_url,
        soon_window=settings.soon_window_days,
    )


@staff_required
def case(public_id: str):
    # Everything the page reads, in a few statements instead of one per part.
    case = db.session.execute(
        select(Case)
        .where(Case.public_id == public_id, Case.municipality_id == current_staff().municipality_id)
        .options(
            joinedload(Case.municipality),
            joinedload(Case.parent),
            joinedload(Case.assigned_to),
            joinedload(Case.related_case),
            joinedload(Case.decision),
            selectinload(Case.decisions),
            selectinload(Case.events),
            selectinload(Case.information_requests),
            selectinload(Case.delay_notices),
        )
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    g.page_municipality = case.municipality.settings
    log_access(case, current_staff(), "opened")
    db.session.commit()
    return render_case(case)
