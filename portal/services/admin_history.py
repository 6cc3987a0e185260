"""Recording what an administrator changes, and reading it back as a history.

Every operation that changes a municipality's settings, a staff account or a yearly figure
calls `record` in the same transaction as the change, so a change is never stored without
its record, nor recorded without being stored."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import AdminChange, Municipality, StaffUser
from portal.timeutil import now_utc

AREAS = ("settings", "people", "figures")


def record(
    area: str,
    subject: str,
    old_value: Any,
    new_value: Any,
    *,
    by: StaffUser | None,
    municipality: Municipality | None = None,
    by_name: str | None = None,
) -> AdminChange | None:
    """Record one change; nothing when the value did not change. `by` is None for a command
    run on the server, which names itself in `by_name`."""
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    if old_value == new_value:
        return None
    change = AdminChange(
        municipality_id=municipality.id if municipality is not None else None,
        area=area,
        subject=subject,
        old_value=old_value,
        new_value=new_value,
        staff_id=by.id if by is not None else None,
        changed_by=by.name if by is not None else (by_name or "server"),
        changed_at=now_utc(),
    )
    db.session.add(change)
    return change


def history(
    area: str,
    *,
    municipality: Municipality | None,
    keys: Collection[str] | None = None,
    limit: int = 200,
) -> list[AdminChange]:
    """The area's changes, newest first: one municipality's, or the national ones (None);
    with `keys`, only the changes of those subjects and of what lies under them ("contact"
    also finds "contact.phone"), so that a quiet page keeps its history behind busy ones."""
    query = select(AdminChange).where(AdminChange.area == area)
    if keys is not None:
        query = query.where(
            or_(
                AdminChange.subject.in_(list(keys)),
                *(AdminChange.subject.startswith(f"{key}.", autoescape=True) for key in keys),
            )
        )
    if municipality is None:
        query = query.where(AdminChange.municipality_id.is_(None))
    else:
        query = query.where(AdminChange.municipality_id == municipality.id)
    query = query.order_by(AdminChange.changed_at.desc(), AdminChange.id.desc()).limit(limit)
    return list(db.session.scalars(query))
