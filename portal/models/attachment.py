from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, new_public_id, utcnow


class Attachment(db.Model):
    """A file a parent attached: to a draft, and from submission on to the case as well.

    The bytes are in storage (portal.storage) under `storage_key`, a name made by the portal;
    `original_name` is only for display. `sha256` and `size` are taken while the file arrives,
    so that anyone can later show that the file handed on is the file received. A submitted
    attachment is never deleted: the municipality may remove it from the case with a reason,
    which is recorded, and the bytes are kept.
    """

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("draft_id IS NOT NULL OR case_id IS NOT NULL", name="has_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id"), index=True)
    # Set at submission (the draft's attachments become the case's), or when a parent adds
    # a file to a submitted case.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    # The caseworker's question (information request) the file answers, if any.
    info_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("information_request.id"), index=True
    )
    # The hearing (partshøring) the file was sent with as part of the family's answer, if any.
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"), index=True)
    # portal.rules.attachments.KINDS
    kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(String(200))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # Detected from the content (portal.uploads.formats), never the browser's claim.
    content_type: Mapped[str] = mapped_column(String(100))
    # "parent" or "staff"; the name is kept as it was at the time.
    uploaded_by_kind: Mapped[str] = mapped_column(String(10))
    uploaded_by_id: Mapped[int] = mapped_column()
    uploaded_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column()
    removed_by_name: Mapped[str | None] = mapped_column(String(200))
    removed_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def removed(self) -> bool:
        return self.removed_at is not None
