"""The caseworker's list of the municipality's cases: filters, search, sorting and pages.

Two statements whatever the page size or the filters: one counts the matching cases, one
reads the page. Only the columns the list shows are read (never the application document),
and the caseworker's name comes in the same statement, so a page of 50 costs what a page of
10 does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Subquery, func, or_, select
from sqlalchemy import case as sa_case

from portal.crypto import cipher
from portal.extensions import db
from portal.models import Case, Complaint, StaffUser, SupervisionVisit
from portal.rules import case_status
from portal.timeutil import local_date

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 50
SORTS = ("deadline", "received", "number")
# "supervision": a training with a supervision visit past its day without a record, or a
# report past its due day (portal.models.SupervisionVisit.late).
DEADLINES = ("overdue", "soon", "supervision")
# "open" stands for every status in case_status.OPEN_STATUSES, "complaints" for every status
# in case_status.COMPLAINT_STATUSES.
STATUS_CHOICES = ("open", "complaints", *case_status.STATUSES)
# The statuses in which the municipality works to a deadline of its own: the handling time
# of an open request, and the reconsideration of a complained-about decision (its own
# deadline, Complaint.reconsider_by). With Ankestyrelsen, the case waits on Ankestyrelsen.
WORKING_STATUSES = case_status.OPEN_STATUSES | {"reconsideration"}
# The complaint being reconsidered, joined in the same statement: at most one per case, since
# only the decision in force can be in reconsideration.
_RECONSIDERED = (
    (Complaint.case_id == Case.id) & (Complaint.kind == "decision") & Complaint.outcome.is_(None)
)
# The deadline a case is listed by: the reconsideration's while it runs, else the handling
# time's.
DEADLINE = func.coalesce(Complaint.reconsider_by, Case.due_date)
SEARCH_MAX = 100
# A whole CPR number as a caseworker types it: "1503184321" or "150318-4321".
CPR_NUMBER = re.compile(r"\d{6}[- ]?\d{4}")


@dataclass(frozen=True)
class Filters:
    """What the caseworker asked for. Empty strings mean "all"."""

    search: str = ""
    case_type: str = ""
    status: str = ""
    # "", "mine", "none" (no caseworker yet) or a caseworker's id as text.
    caseworker: str = ""
    deadline: str = ""
    sort: str = "deadline"
    per_page: int = DEFAULT_PAGE_SIZE

    @property
    def narrowed(self) -> bool:
        """Whether anything but the sort order and page size was chosen."""
        return any((self.search, self.case_type, self.status, self.caseworker, self.deadline))


@dataclass(frozen=True)
class Row:
    public_id: str
    number: str
    case_type: str
    status: str
    child_name: str
    received_at: datetime
    due_date: date
    expected_date: date | None
    caseworker: str | None
    reconsider_by: date | None = None
    # A supervision visit or report of the training is late.
    supervision_late: bool = False

    @property
    def deadline(self) -> date:
        """The deadline the municipality works to now (portal.services.workspace.DEADLINE)."""
        return self.reconsider_by or self.due_date

    @property
    def working(self) -> bool:
        """Whether the municipality works to the deadline (an open or reconsidered case)."""
        return self.status in WORKING_STATUSES

    @property
    def received_on(self) -> date:
        """The Danish calendar day the case was received: the list shows days, not times."""
        return local_date(self.received_at)


@dataclass(frozen=True)
class Listing:
    rows: list[Row]
    total: int
    page: int
    pages: int
    per_page: int

    @property
    def first(self) -> int:
        """The position of the page's first case in the whole list (1-based)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    def page_numbers(self, around: int = 2) -> list[int | None]:
        """The pages to link to: the first, the last, and a few around this one; None where
        pages are left out. [1, None, 7, 8, 9, 10, 11, None, 40]"""
        shown = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers: list[int | None] = []
        previous = 0
        for number in sorted(n for n in shown if 1 <= n <= self.pages):
            if previous and number - previous == 2:
                # A gap of one page: the page itself is as short as the "…".
                numbers.append(previous + 1)
            elif previous and number - previous > 2:
                numbers.append(None)
            numbers.append(number)
            previous = number
        return numbers


def _conditions(
    municipality_id: int, staff_id: int, filters: Filters, *, today: date, soon_days: int
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Case.municipality_id == municipality_id]
    if filters.case_type:
        where.append(Case.case_type == filters.case_type)
    if filters.status == "open":
        where.append(Case.status.in_(case_status.OPEN_STATUSES))
    elif filters.status == "complaints":
        where.append(Case.status.in_(case_status.COMPLAINT_STATUSES))
    elif filters.status:
        where.append(Case.status == filters.status)
    if filters.caseworker == "mine":
        where.append(Case.assigned_to_id == staff_id)
    elif filters.caseworker == "none":
        where.append(Case.assigned_to_id.is_(None))
    elif filters.caseworker.isdigit():
        where.append(Case.assigned_to_id == int(filters.caseworker))
    # Deadlines are the decided or withdrawn case's history, not a task: only open and
    # reconsidered cases are overdue or due soon, exactly as the list marks them.
    if filters.deadline == "overdue":
        where += [Case.status.in_(WORKING_STATUSES), today > DEADLINE]
    elif filters.deadline == "soon":
        where += [
            Case.status.in_(WORKING_STATUSES),
            today <= DEADLINE,
            today + timedelta(days=soon_days) >= DEADLINE,
        ]
    # "supervision" joins the late trainings instead (list_cases).
    if filters.search:
        # Part of the case number or of the child's name, in any case of letters. The
        # database's lower() is Unicode-aware on both backends (portal.database), so "øster"
        # finds "Østergaard".
        needle = filters.search.lower()
        found = [
            func.lower(Case.number).contains(needle, autoescape=True),
            func.lower(Case.child_name).contains(needle, autoescape=True),
        ]
        if CPR_NUMBER.fullmatch(filters.search.strip()):
            # A whole CPR number: the number is sealed, so it is found by its keyed hash, under
            # each hash key while a new one is rolled out (one key: one value in the list).
            found.append(Case.child_cpr_hash.in_(cipher().digests(filters.search)))
        where.append(or_(*found))
    return where


def _late_cases(today: date) -> Subquery:
    """The trainings with a late supervision visit or report, each once. Joined, not asked
    per case (`Case.id IN (...)`): the database finds the few late visits once and reads
    just their cases, where an IN or EXISTS was weighed against every case of the
    municipality (40,000 cases: the filter took 100-200 ms on PostgreSQL, joined 15-20)."""
    return (
        select(SupervisionVisit.case_id)
        .where(SupervisionVisit.late(today))
        .distinct()
        .subquery("late_supervision")
    )


def _supervision_late(today: date) -> ColumnElement[bool]:
    """Whether the case has a late supervision visit or report: for the rows of one page."""
    return Case.id.in_(select(SupervisionVisit.case_id).where(SupervisionVisit.late(today)))


def _sort_keys(filters: Filters, late: Subquery | None) -> list[tuple[ColumnElement, bool]]:
    """The page's order as (expression, descending) pairs. `late` is the late trainings,
    outer-joined, when the order puts them first."""
    if filters.sort == "received":
        return [(Case.received_at, True), (Case.id, True)]
    if filters.sort == "number":
        return [(Case.number, False), (Case.id, False)]
    # Missed or late supervision first (Bekendtgørelse § 4, stk. 1: twice a year), then open
    # and reconsidered cases, the earliest deadline first: passed and soon-due deadlines stand
    # at the top. A notice of delay does not move a case down: its deadline has still passed.
    # With the supervision filter every case listed is late: the deadline alone orders them.
    if late is None:
        return [(DEADLINE, False), (Case.id, False)]
    first = sa_case(
        (late.c.case_id.is_not(None), 0),
        (Case.status.in_(WORKING_STATUSES), 1),
        else_=2,
    )
    return [(first, False), (DEADLINE, False), (Case.id, False)]


def _in_order(keys: list[tuple[ColumnElement, bool]]) -> list[ColumnElement]:
    return [key.desc() if descending else key for key, descending in keys]


def list_cases(
    municipality_id: int,
    staff_id: int,
    filters: Filters,
    *,
    page: int,
    today: date,
    soon_days: int,
) -> Listing:
    """One page of the municipality's cases that match `filters`. A page after the last one
    shows the last page (a bookmark outlives the cases it found)."""
    where = _conditions(municipality_id, staff_id, filters, today=today, soon_days=soon_days)
    # count(*), not count(id): the count is read from an index alone where it can be.
    counted = select(func.count()).select_from(Case)
    if filters.deadline in ("overdue", "soon"):
        # Only these filters read the reconsideration's deadline.
        counted = counted.outerjoin(Complaint, _RECONSIDERED)
    late = _late_cases(today)
    supervision = filters.deadline == "supervision"
    if supervision:
        counted = counted.join(late, late.c.case_id == Case.id)
    total = db.session.execute(counted.where(*where)).scalar_one()
    per_page = filters.per_page
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    # The page is chosen from the cases' ids and sort keys alone; what the list shows (the
    # caseworker's name, the late supervision) is read for the page's rows only, not for
    # every case of the municipality that the order has to sort.
    chosen = select(Case.id.label("id")).outerjoin(Complaint, _RECONSIDERED)
    if supervision:
        chosen = chosen.join(late, late.c.case_id == Case.id)
    elif filters.sort == "deadline":
        chosen = chosen.outerjoin(late, late.c.case_id == Case.id)
    keys = _sort_keys(filters, late if filters.sort == "deadline" and not supervision else None)
    # A page past the middle is read from the other end: the same rows, since the order ends
    # with the case's id and so is total, but the database steps over fewer rows to reach
    # them (the last of 800 pages is the first in reverse). The rows are put back in the
    # page's order by the query below, which orders by the keys again.
    offset, limit, order = (page - 1) * per_page, per_page, keys
    if offset and offset > total - offset - per_page:
        limit = min(per_page, total - offset)
        offset = max(0, total - offset - per_page)
        order = [(key, not descending) for key, descending in keys]
    chosen = (
        chosen.add_columns(*(key.label(f"k{n}") for n, (key, _d) in enumerate(keys)))
        .where(*where)
        .order_by(*_in_order(order))
        .limit(limit)
        .offset(offset)
        .subquery("chosen")
    )
    query = (
        select(
            Case.public_id,
            Case.number,
            Case.case_type,
            Case.status,
            Case.child_name,
            Case.received_at,
            Case.due_date,
            Case.expected_date,
            StaffUser.name.label("caseworker"),
            Complaint.reconsider_by,
            _supervision_late(today).label("supervision_late"),
        )
        .join(chosen, chosen.c.id == Case.id)
        .outerjoin(StaffUser, StaffUser.id == Case.assigned_to_id)
        .outerjoin(Complaint, _RECONSIDERED)
        .order_by(*_in_order([(chosen.c[f"k{n}"], d) for n, (_key, d) in enumerate(keys)]))
    )
    rows = [Row(**row._asdict()) for row in db.session.execute(query)]
    return Listing(rows=rows, total=total, page=page, pages=pages, per_page=per_page)


def caseworkers(municipality_id: int) -> list[tuple[int, str, bool]]:
    """The municipality's staff to filter by: (id, name, active). Former colleagues stay in
    the list: their cases must still be found and handed on."""
    rows = db.session.execute(
        select(StaffUser.id, StaffUser.name, StaffUser.active)
        .where(StaffUser.municipality_id == municipality_id)
        .order_by(StaffUser.active.desc(), StaffUser.name, StaffUser.id)
    )
    return [(row.id, row.name, row.active) for row in rows]
