from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class CalendarFeed(db.Model):
    """A parent's secret calendar link (portal.services.year): the link carries a random
    token, and this row holds only its SHA-256, so a copy of the table gives no link that
    works. One link per parent: a new link replaces the row, deleting it revokes the link."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id", ondelete="CASCADE"), unique=True)
    # Hex SHA-256 of the link's random token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
