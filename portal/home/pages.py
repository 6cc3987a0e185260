"""The front page (the parent's drafts and cases, or the landing page), privacy and
accessibility."""

from flask import redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from portal import tracking
from portal.database import read_only
from portal.extensions import db
from portal.i18n import gettext as _
from portal.identity.session import current_parent, current_staff
from portal.models import Case
from portal.services import custody_consent, drafts
from portal.timeutil import now_utc


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
                selectinload(Case.decisions),
                selectinload(Case.municipality),
            )
            .order_by(Case.received_at.desc())
        ).scalars()
    )
    open_drafts = drafts.parent_drafts(parent.id)
    return render_template(
        "home/overview.html",
        title=_("Dine ansøgninger og sager"),
        drafts=open_drafts,
        draft_children={d.id: drafts.child_name(d) for d in open_drafts},
        consents=custody_consent.draft_states([d.id for d in open_drafts], now_utc()),
        cases=[(case, tracking.case_timeline(case, width=tracking.COMPACT)) for case in own_cases],
    )


def privacy():
    return render_template("home/privacy.html", title=_("Sådan behandler vi dine oplysninger"))


def accessibility():
    return render_template("home/accessibility.html", title=_("Tilgængelighedserklæring"))
