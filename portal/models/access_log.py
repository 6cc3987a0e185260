from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import JSONDocument, UTCDateTime, utcnow


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


class ViewLog(db.Model):
    """Who among the municipality's staff looked at its case list, searched it or opened its
    statistics, and when: the views that show many families at once, which the per-case
    access log (AccessLog) does not cover. Kept apart from it because such a view belongs to
    no one case: it outlives the purge of any case it listed (portal.services.retention), and
    it is read per municipality, not per case. Rows are only ever added."""

    __tablename__ = "view_log"
    __table_args__ = (
        Index("ix_view_log_municipality_at", "municipality_id", "at"),
        Index("ix_view_log_staff_at", "staff_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Kept as it was at the time, as in AccessLog.
    staff_name: Mapped[str] = mapped_column(String(200))
    # "case_list", "search" (the list with a search term) or "statistics".
    what: Mapped[str] = mapped_column(String(20))
    # The list's filters and page as its address carried them ({"status": "open",
    # "side": "2"}), or the statistics' year ({"aar": "2026"}). Never the search term, which
    # is in `search`, masked.
    detail: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    # The search as typed with every CPR number in it masked (portal.services.access_log).
    search: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
