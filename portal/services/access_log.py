"""The access log of a case: one row per staff action on it."""

from __future__ import annotations

from portal.extensions import db
from portal.models import AccessLog, Case, StaffUser
from portal.timeutil import now_utc

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
