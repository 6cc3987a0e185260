"""Attachments: keep what arrived whole and passed the checks, link a draft's files to its case,
remove a file from a draft (the parent) or from a case (the municipality, recorded).

Operations flush, never commit. Bytes and rows must agree: a file is put in storage before its
row is flushed, and the caller deletes the bytes of `Kept.keys` if the transaction then fails;
bytes of a removed draft file are deleted only after the commit (`delete_bytes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import Select, bindparam, func, or_, select, update

from portal.extensions import db
from portal.models import Attachment, Case, CaseEvent, Draft, Parent, StaffUser
from portal.rules.attachments import KINDS
from portal.rules.labels import label
from portal.services.access_log import REMOVED_ATTACHMENT, log_access
from portal.storage import storage
from portal.timeutil import now_utc
from portal.uploads.receive import Incoming, Limits, Upload

if TYPE_CHECKING:
    from portal.services.drafts import StoredDraft


@dataclass
class Kept:
    """What an upload added, and the files that were already there (same content)."""

    attachments: list[Attachment] = field(default_factory=list)
    duplicates: list[tuple[Incoming, Attachment]] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [a.storage_key for a in self.attachments]


def _active(query):
    return query.where(Attachment.removed_at.is_(None)).order_by(
        Attachment.created_at, Attachment.id
    )


@cache
def _draft_files() -> Select:
    # Built once, with a parameter: "Tjek dine svar", the attachments step and the
    # submission all ask, and building the statement cost more than running it.
    return _active(select(Attachment).where(Attachment.draft_id == bindparam("draft_id")))


def for_draft(draft: StoredDraft) -> list[Attachment]:
    return list(db.session.execute(_draft_files(), {"draft_id": draft.id}).scalars())


def for_case(case: Case, *, removed: bool = True) -> list[Attachment]:
    """The case's attachments in the order they arrived; with those the municipality removed
    unless `removed` is False."""
    query = select(Attachment).where(Attachment.case_id == case.id)
    if not removed:
        query = query.where(Attachment.removed_at.is_(None))
    return list(db.session.execute(query.order_by(Attachment.created_at, Attachment.id)).scalars())


def by_question(case: Case) -> dict[int, list[Attachment]]:
    """The files sent as the answer to each of the caseworker's questions, by question id
    (those the municipality removed left out)."""
    return group_by_question(for_case(case, removed=False))


def group_by_question(files: Iterable[Attachment]) -> dict[int, list[Attachment]]:
    answers: dict[int, list[Attachment]] = {}
    for attachment in files:
        if attachment.info_request_id is not None:
            answers.setdefault(attachment.info_request_id, []).append(attachment)
    return answers


def limits(existing: int) -> Limits:
    config = current_app.config
    return Limits(
        document=config["UPLOAD_MAX_DOCUMENT_SIZE"],
        video=config["UPLOAD_MAX_VIDEO_SIZE"],
        files=max(0, config["UPLOAD_MAX_FILES"] - existing),
        field=config["MAX_FORM_MEMORY_SIZE"],
        unpacked=config["UPLOAD_MAX_UNPACKED_SIZE"],
    )


def keep(
    upload: Upload,
    existing: Iterable[Attachment],
    *,
    kind: str,
    note: str | None,
    uploader: Parent,
    draft: StoredDraft | None = None,
    case: Case | None = None,
    info_request_id: int | None = None,
    hearing_id: int | None = None,
) -> Kept:
    """Store the upload's good files and record them on the draft or the case.

    A file whose content is already attached is not stored twice: the parent is told which
    attachment it is. The staged files of refused files are the caller's (Upload.discard)."""
    if kind not in KINDS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    kept = Kept()
    by_hash = {a.sha256: a for a in existing}
    try:
        for item in upload.files:
            if not item.ok:
                continue
            if item.sha256 in by_hash:
                kept.duplicates.append((item, by_hash[item.sha256]))
                continue
            key = storage().keep(item.staged)
            item.staged = None
            attachment = Attachment(
                draft_id=draft.id if draft is not None else None,
                case_id=case.id if case is not None else None,
                info_request_id=info_request_id,
                hearing_id=hearing_id,
                kind=kind,
                note=note or None,
                original_name=item.name,
                storage_key=key,
                size=item.size,
                sha256=item.sha256,
                content_type=item.format.mime,
                uploaded_by_kind="parent",
                uploaded_by_id=uploader.id,
                uploaded_by_name=uploader.name,
                created_at=now_utc(),
            )
            db.session.add(attachment)
            kept.attachments.append(attachment)
            by_hash[item.sha256] = attachment
        if draft is not None:
            db.session.execute(
                update(Draft).where(Draft.id == draft.id).values(updated_at=now_utc())
            )
        if case is not None and kept.attachments:
            case.events.append(
                CaseEvent(
                    at=now_utc(),
                    kind="attachments_added",
                    actor_kind="parent",
                    actor_name=uploader.name,
                    note=", ".join(a.original_name for a in kept.attachments),
                )
            )
        db.session.flush()
    except BaseException:
        delete_bytes(kept.keys)
        raise
    return kept


@dataclass(frozen=True)
class Resent:
    """A file the family sent again: the attachment already kept with the same content, and
    the kind it had before this upload named another (None if the kind stands)."""

    name: str
    attachment: Attachment
    earlier_kind: str | None = None


def take_new_kind(
    kept: Kept, kind: str | None, uploader: Parent, case: Case, *, now: datetime
) -> list[Resent]:
    """The files of an upload that were already on the case (``kept.duplicates``). They are not
    stored again, but a kind the family now names for one of them is what they mean it to be:
    the attachment takes it, and the case's history says so. ``kind`` None (nothing chosen)
    leaves every kind as it was."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    resent = []
    for item, same in kept.duplicates:
        if kind is None or same.kind == kind or same in kept.attachments:
            resent.append(Resent(item.name, same))
            continue
        earlier = same.kind
        same.kind = kind
        case.events.append(
            CaseEvent(
                at=now,
                kind="attachment_kind_changed",
                actor_kind="parent",
                actor_name=uploader.name,
                note=f"{same.original_name}: {label('attachment', earlier)} → "
                f"{label('attachment', kind)}",
            )
        )
        resent.append(Resent(item.name, same, earlier))
    db.session.flush()
    return resent


def delete_bytes(keys: Iterable[str]) -> None:
    """Delete stored bytes no row refers to any more. Call after the commit."""
    store = storage()
    for key in keys:
        store.delete(key)


def update_details(attachment: Attachment, *, kind: str, note: str | None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    attachment.kind = kind
    attachment.note = note or None
    db.session.flush()


def remove_from_draft(attachment: Attachment) -> str:
    """A parent takes a file out of their own draft. The municipality never received it, so the
    row and (after the commit) the bytes go: nothing is kept that nobody asked for. Returns the
    key whose bytes to delete."""
    if attachment.case_id is not None:
        raise ValueError("a submitted attachment is removed only by the municipality")
    key = attachment.storage_key
    db.session.delete(attachment)
    db.session.flush()
    return key


def discard_draft(draft: StoredDraft) -> list[str]:
    """Every file of a draft that is being deleted; returns the keys to delete after commit."""
    rows = list(
        db.session.execute(select(Attachment).where(Attachment.draft_id == draft.id)).scalars()
    )
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    return [row.storage_key for row in rows]


def manifest(attachments: Iterable[Attachment]) -> list[dict]:
    """The attachments as recorded in the submitted application."""
    return [
        {
            "id": a.public_id,
            "kind": a.kind,
            "name": a.original_name,
            "size": a.size,
            "sha256": a.sha256,
            "content_type": a.content_type,
            "note": a.note,
        }
        for a in attachments
    ]


def move_to_case(attachments: list[Attachment], case: Case) -> None:
    """At submission the draft's files (for_draft) become the case's."""
    for attachment in attachments:
        attachment.case_id = case.id
    db.session.flush()


def remove_from_case(
    attachment: Attachment, staff: StaffUser, case: Case, reason: str, *, now: datetime
) -> None:
    """The municipality takes a file off a case (sent to the wrong case, say). A document a
    public authority has received is part of the case and stays in its archive (arkivloven),
    so the bytes are kept; the file is marked removed, with who, when and why, in the case's
    history and access log."""
    attachment.removed_at = now
    attachment.removed_by_id = staff.id
    attachment.removed_by_name = staff.name
    attachment.removed_reason = reason
    case.events.append(
        CaseEvent(
            at=now,
            kind="attachment_removed",
            actor_kind="staff",
            actor_name=staff.name,
            note=f"{attachment.original_name}: {reason}",
        )
    )
    log_access(case, staff, "changed", REMOVED_ATTACHMENT + attachment.original_name)
    db.session.flush()


def parent_attachment(parent: Parent, public_id: str) -> Attachment | None:
    """An attachment on the parent's own draft or case that has not been removed; None for
    anything else, as if it did not exist."""
    return db.session.execute(
        select(Attachment)
        .outerjoin(Draft, Attachment.draft_id == Draft.id)
        .outerjoin(Case, Attachment.case_id == Case.id)
        .where(
            Attachment.public_id == public_id,
            Attachment.removed_at.is_(None),
            or_(Draft.parent_id == parent.id, Case.parent_id == parent.id),
        )
    ).scalar_one_or_none()


def case_attachment(case: Case, public_id: str) -> Attachment | None:
    return db.session.execute(
        select(Attachment).where(Attachment.case_id == case.id, Attachment.public_id == public_id)
    ).scalar_one_or_none()


def count_active(*, draft: StoredDraft | None = None, case: Case | None = None) -> int:
    query = select(func.count()).select_from(Attachment).where(Attachment.removed_at.is_(None))
    if case is not None:
        query = query.where(Attachment.case_id == case.id)
    else:
        query = query.where(Attachment.draft_id == draft.id)
    return db.session.scalar(query) or 0
