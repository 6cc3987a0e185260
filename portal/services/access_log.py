"""The access log: one row per staff action on a case (AccessLog), and one per look at the
municipality's case list, search or statistics (ViewLog)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AccessLog, Case, StaffUser, ViewLog
from portal.rules.formatting import mask_cpr_numbers
from portal.services.workspace import Listing
from portal.timeutil import now_utc, start_of_local_day

ACTIONS = (
    "opened",
    "downloaded_attachment",
    "downloaded_dossier",
    "downloaded_zip",
    "downloaded_letter",
    "downloaded_receipt",
    "changed",
)

# The detail of an attachment's removal: this prefix, then the file's name. Kept as it has
# always been written, so that the log reads old and new entries alike.
REMOVED_ATTACHMENT = "Bilag fjernet: "


def log_access(case: Case, staff: StaffUser, action: str, detail: str | None = None) -> AccessLog:
    if action not in ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}")
    entry = AccessLog(
        case_id=case.id,
        staff_id=staff.id,
        staff_name=staff.name,
        action=action,
        detail=detail,
        at=now_utc(),
    )
    db.session.add(entry)
    return entry


# The views of many families at once that ViewLog records.
VIEWS = ("case_list", "search", "statistics")
VIEWS_PER_PAGE = 100


def log_view(
    staff: StaffUser, what: str, detail: dict[str, str], search: str | None = None
) -> ViewLog:
    """Record that `staff` looked at the case list (with its filters and page), searched it,
    or opened the statistics: one INSERT, flushed with the request's commit.

    A search for a CPR number is itself personal data about the child searched for. The term
    is kept with every CPR number in it masked to its birth date (``150318-xxxx``), never in
    clear and not as a keyed hash either: the log is kept for years and read by
    administrators, and a hash under CPR_HASH_KEY would let anyone holding the key confirm a
    guessed number, and would stop matching when that key is rotated. The rest of the term (a
    case number, part of a name) is kept as typed, since the log must show what was looked
    for."""
    if what not in VIEWS:
        raise ValueError(f"unknown view {what!r}")
    entry = ViewLog(
        municipality_id=staff.municipality_id,
        staff_id=staff.id,
        staff_name=staff.name,
        what=what,
        detail=detail,
        search=mask_cpr_numbers(search)[:200] if search else None,
        at=now_utc(),
    )
    db.session.add(entry)
    return entry


def views(
    municipality_id: int,
    *,
    staff_id: int | None = None,
    day: date | None = None,
    page: int = 1,
) -> Listing:
    """One page of the municipality's logged views, newest first, of one staff member and
    one day (Danish time) when given."""
    where = [ViewLog.municipality_id == municipality_id]
    if staff_id is not None:
        where.append(ViewLog.staff_id == staff_id)
    if day is not None:
        start = start_of_local_day(day)
        where += [ViewLog.at >= start, ViewLog.at < start_of_local_day(day + timedelta(days=1))]
    total = db.session.execute(select(func.count(ViewLog.id)).where(*where)).scalar_one()
    pages = max(1, math.ceil(total / VIEWS_PER_PAGE))
    page = min(max(page, 1), pages)
    rows = db.session.scalars(
        select(ViewLog)
        .where(*where)
        .order_by(ViewLog.at.desc(), ViewLog.id.desc())
        .limit(VIEWS_PER_PAGE)
        .offset((page - 1) * VIEWS_PER_PAGE)
    ).all()
    return Listing(rows=list(rows), total=total, page=page, pages=pages, per_page=VIEWS_PER_PAGE)
