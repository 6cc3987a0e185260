"""Deleting what the portal may no longer keep (portal.rules.retention): untouched drafts,
after a warning e-mail, and ended cases with everything that belongs to them, their files in
storage included. `review` lists what is due without changing anything (`flask retention
--dry-run` prints it); `carry_out` warns and deletes, and records each deletion without
personal data (RetentionRecord). The command commits, then removes the files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Attachment, Case, Draft, Notification, RetentionRecord
from portal.notify.links import public_url
from portal.notify.outbox import queue
from portal.rules import retention as rules
from portal.rules.case_status import CLOSED_STATUSES
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.services.training import training_end
from portal.storage import storage
from portal.timeutil import local_date

__all__ = ["Due", "carry_out", "remove_files", "review"]

Action = Literal["warn", "delete", "purge", "blocked"]
_APPROVED = ("approved", "partly_approved")


@dataclass(frozen=True)
class Due:
    """A draft or case whose time is up, or soon up: what happens to it, its reference (case
    number, or the draft's opaque id), the day its period counts from and the day it goes."""

    kind: Literal["draft", "case"]
    action: Action
    reference: str
    municipality_id: int
    counted_from: date
    goes_on: date
    row_id: int


def review(today: date) -> list[Due]:
    """Everything that is due today, drafts first, oldest first."""
    return _drafts_due(today) + _cases_due(today)


def _warning_key(draft: Draft) -> str:
    # A new save is a new period, and so a new warning.
    return f"retention:draft:{draft.id}:{local_date(draft.updated_at).isoformat()}"


def _drafts_due(today: date) -> list[Due]:
    drafts = db.session.scalars(
        sa.select(Draft)
        .where(Draft.status == "draft")
        .options(selectinload(Draft.municipality), selectinload(Draft.parent))
        .order_by(Draft.updated_at, Draft.id)
    ).all()
    warned = dict(
        db.session.execute(
            sa.select(Notification.key, Notification.created_at).where(
                Notification.key.startswith("retention:draft:", autoescape=True)
            )
        ).all()
    )
    found = []
    for draft in drafts:
        saved = local_date(draft.updated_at)
        sent = warned.get(_warning_key(draft))
        warned_on = local_date(sent) if sent else None
        settings = draft.municipality.settings
        if not draft.parent.email:
            # No address to warn: the draft goes on the day its period ends, as it would have
            # after a warning sent on time.
            warned_on = rules.draft_deleted_on(saved, settings=settings) - timedelta(
                days=rules.DRAFT_WARNING_DAYS
            )
        action = rules.draft_action(saved, warned_on, today, settings)
        if action == "keep":
            continue
        goes_on = rules.draft_deleted_on(saved, warned_on or today, settings)
        found.append(
            Due("draft", action, draft.public_id, draft.municipality_id, saved, goes_on, draft.id)
        )
    return found


def _cases_due(today: date) -> list[Due]:
    """A case with the cases that belong to it (budgets, accounts, changes ...) is one unit:
    purged together, counted from the day the training ended, or the later day its last case
    closed."""
    cases = db.session.scalars(
        sa.select(Case).options(selectinload(Case.municipality)).order_by(Case.id)
    ).all()
    groups: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        groups[case.related_case_id or case.id].append(case)
    found = []
    for root_id, group in groups.items():
        root = next(case for case in group if case.id == root_id)
        facts = rules.CaseFacts(
            ended_on=_ended_on(root, group, today),
            in_progress=any(case.status not in CLOSED_STATUSES for case in group),
        )
        settings = root.municipality.settings
        verdict = rules.case_verdict(facts, today, settings)
        if verdict == "keep":
            continue
        goes_on = rules.case_purge_on(facts.ended_on, settings)
        found.append(
            Due(
                "case",
                verdict,
                root.number,
                root.municipality_id,
                facts.ended_on,
                goes_on,
                root.id,
            )
        )
    return sorted(found, key=lambda due: (due.counted_from, due.row_id))


def _ended_on(root: Case, group: list[Case], today: date) -> date | None:
    """The day the unit ended: the last day any of its cases changed, and for an approved
    training no sooner than the training ended (None while it runs). Whether a case of it is
    still open or under complaint is asked apart (rules.CaseFacts.in_progress)."""
    last_change = max(local_date(case.updated_at) for case in group)
    decision = root.decision
    if root.case_type == "new_application" and decision and decision.outcome in _APPROVED:
        end = training_end(root, today)
        if end.state != "ended":
            return None
        return max(end.ends_on, last_change)
    return last_change


def carry_out(today: date, now: datetime) -> tuple[list[Due], list[str]]:
    """Warn and delete what is due: what was done, and the storage keys of the files that
    belonged to what was deleted (removed by `remove_files` once the deletion is committed)."""
    done, keys = [], []
    for due in review(today):
        if due.action == "warn":
            draft = db.session.get(Draft, due.row_id)
            if _warn(draft, due.goes_on):
                done.append(due)
        elif due.action in ("delete", "purge"):
            table = Draft.__table__ if due.kind == "draft" else Case.__table__
            rows, files = _delete_with_dependants(table, due.row_id)
            keys += files
            db.session.add(
                RetentionRecord(
                    kind=due.kind,
                    municipality_id=due.municipality_id,
                    reference=due.reference,
                    counted_from=due.counted_from,
                    purged_at=now,
                    cases=len(rows.get("case_file", ())),
                    files=len(files),
                    rows=sum(len(ids) for ids in rows.values()),
                )
            )
            done.append(due)
    db.session.flush()
    return done, keys


def _warn(draft: Draft, goes_on: date) -> bool:
    parent = draft.parent
    return bool(
        queue(
            _warning_key(draft),
            "draft_expiring",
            parent.email,
            language=parent.language,
            parent=parent,
            municipality=draft.municipality.name,
            contact=draft.municipality.settings.contact,
            case_type=CASE_TYPE_LABELS[draft.case_type],
            deleted_on=goes_on,
            link=public_url("apply.resume", draft_id=draft.public_id),
        )
    )


def _delete_with_dependants(start: sa.Table, row_id: int) -> tuple[dict[str, set], list[str]]:
    """Delete a row and every row that refers to it, directly or through others (the draft's
    steps and files; the case's history, decisions, complaints, the cases and drafts that
    belong to it ...), whatever the foreign key says on delete. Read from the schema, so a
    table added later is not forgotten. Returns the ids deleted per table and the storage
    keys of the attachments among them."""
    tables = db.metadata.sorted_tables
    found: dict[str, set] = {start.name: {row_id}}
    pending = [(start.name, {row_id})]
    while pending:
        name, ids = pending.pop()
        for table in tables:
            for key in table.foreign_keys:
                if key.column.table.name != name:
                    continue
                referring = set(
                    db.session.scalars(sa.select(table.c.id).where(key.parent.in_(ids))).all()
                )
                new = referring - found.get(table.name, set())
                if new:
                    found.setdefault(table.name, set()).update(new)
                    pending.append((table.name, new))
    files = list(
        db.session.scalars(
            sa.select(Attachment.storage_key).where(Attachment.id.in_(found.get("attachment", ())))
        ).all()
    )
    order = {table.name: n for n, table in enumerate(tables)}
    # Deleted in the schema's order, those that refer before those referred to. The references
    # that order cannot follow (a case and its draft refer to each other, a case to the
    # training it belongs to) are set aside first.
    for name, ids in found.items():
        table = tables[order[name]]
        loose = {
            key.parent.name: None
            for key in table.foreign_keys
            if key.column.table.name in found and order[key.column.table.name] >= order[name]
        }
        if loose:
            db.session.execute(table.update().where(table.c.id.in_(ids)).values(**loose))
    for table in reversed(tables):
        if table.name in found:
            db.session.execute(table.delete().where(table.c.id.in_(found[table.name])))
    return found, files


def remove_files(keys: list[str]) -> None:
    store = storage()
    for key in keys:
        store.delete(key)
