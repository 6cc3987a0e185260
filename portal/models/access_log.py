from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class AccessLog(db.Model):
    """Who among the municipality's staff opened, downloaded or changed which case, and when.

    Public administration must be able to show who has seen a citizen's personal data
    (databeskyttelsesforordningen art. 32; the municipality's logging duty). Rows are only
    ever added."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Kept as it was at the time, so the log reads right after a rename or a deleted account.
    staff_name: Mapped[str] = mapped_column(String(200))
    # "opened", "downloaded_attachment", "downloaded_dossier", "downloaded_zip", "changed" ...
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
