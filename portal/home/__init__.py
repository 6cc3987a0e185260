"""The parent's own page: drafts and cases."""

from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from portal import tracking
from portal.auth.session import current_parent, current_staff
from portal.database import read_only
from portal.extensions import db
from portal.i18n import gettext as _
from portal.models import Case
from portal.rules.case_status import STATUS_LABELS
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.services import drafts

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    read_only()
    if current_staff() is not None:
        return redirect(url_for("staff.cases"))
    parent = current_parent()
    if parent is None:
        return render_template("home/landing.html", title=_("Hjemmetræning"))
    own_cases = list(
        db.session.execute(
            select(Case)
            .where(Case.parent_id == parent.id)
            # The overview shows status and dates; the application document, the largest
            # column by far, is read only on the case's own page.
            .options(
                defer(Case.application),
                selectinload(Case.decision),
                selectinload(Case.municipality),
            )
            .order_by(Case.received_at.desc())
        ).scalars()
    )
    return render_template(
        "home/overview.html",
        title=_("Dine ansøgninger og sager"),
        drafts=drafts.parent_drafts(parent.id),
        cases=[(case, tracking.case_timeline(case, width=tracking.COMPACT)) for case in own_cases],
        status_labels=STATUS_LABELS,
        case_type_labels=CASE_TYPE_LABELS,
    )


@bp.get("/privatliv")
def privacy():
    return render_template("home/privacy.html", title=_("Sådan behandler vi dine oplysninger"))


@bp.get("/tilgaengelighed")
def accessibility():
    return render_template("home/accessibility.html", title=_("Tilgængelighedserklæring"))


# The family's case pages and the published statistics are routes on this blueprint.
from portal.home import cases, statistics  # noqa: E402, F401
