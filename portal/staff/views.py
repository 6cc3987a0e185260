"""The caseworker's workspace. Every query is scoped to the caseworker's own municipality:
a case of another municipality is answered with 404, as if it did not exist."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from portal.apply.steps import steps_for
from portal.auth.session import current_staff, staff_required
from portal.extensions import db
from portal.models import Case
from portal.services.access_log import log_access
from portal.services.answers import bind

bp = Blueprint("staff", __name__, url_prefix="/sagsbehandling")


def municipality_case(public_id: str) -> Case:
    case = db.session.execute(
        select(Case).where(
            Case.public_id == public_id, Case.municipality_id == current_staff().municipality_id
        )
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    return case


@bp.get("/")
@staff_required
def cases():
    rows = db.session.execute(
        select(Case)
        .where(Case.municipality_id == current_staff().municipality_id)
        .order_by(Case.due_date, Case.id)
        .limit(200)
    ).scalars()
    return render_template("staff/cases.html", title=_("Sager"), cases=list(rows))


@bp.get("/sager/<public_id>")
@staff_required
def case(public_id: str):
    case = municipality_case(public_id)
    log_access(case, current_staff(), "opened")
    db.session.commit()
    sections = [
        (step, bind(step, row.data if (row := case.draft.step(step.slug)) else {}))
        for step in steps_for(case.case_type)
    ]
    return render_template(
        "staff/case.html",
        title=_("Sag %(number)s", number=case.number),
        case=case,
        sections=sections,
    )
