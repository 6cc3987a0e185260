"""Everything that leaves the portal, waiting to be delivered or delivered: an e-mail today,
later a Digital Post letter or a hand-off to the case system, each a `channel` with its own
handler (portal.outbox). A row is written in the same transaction as the change it tells
about, so it exists only if the change does, and the worker (`flask worker`) delivers it.

Each message has a unique key (what it is about, e.g. "reminder:due_soon:<case>:<date>"), so
that nothing is queued twice, and is kept after delivery so that it is never delivered twice."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import JSONDocument, UTCDateTime, utcnow

if TYPE_CHECKING:
    from portal.models.case import Case


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_sent_at", "sent_at"),
        Index("ix_notification_failed_at", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # How it leaves the portal: "email", later "digital_post", "case_system".
    channel: Mapped[str] = mapped_column(String(20), default="email", server_default="email")
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_file.id", ondelete="SET NULL"), index=True
    )
    case: Mapped[Case | None] = relationship()
    # The kind of message (portal.notify.messages), e.g. "case_received".
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # What a channel other than e-mail needs besides recipient, subject and body (a letter's
    # document, a case package's files).
    payload: Mapped[dict | None] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set while one worker delivers the message, so that two workers never both deliver it.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # After a failed attempt, not before this moment (the wait doubles, up to a cap).
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Given up after the last attempt; shown to the municipality's administrator, who may
    # have it tried again.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
