"""What the portal has deleted because its time was up (portal.services.retention), recorded
without personal data: which kind, the case number or the draft's opaque id, the dates the
deletion was counted from, and how much went."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class RetentionRecord(db.Model):
    __tablename__ = "retention_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "draft" (an untouched draft) or "case" (a training and the cases that belong to it).
    kind: Mapped[str] = mapped_column(String(10))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    # The case number of the case the others belonged to, or the draft's public id: neither
    # names the child nor the family.
    reference: Mapped[str] = mapped_column(String(40))
    # The day the period was counted from: the draft's last save, or the day the case ended.
    counted_from: Mapped[date] = mapped_column(Date)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cases: Mapped[int] = mapped_column(default=0)
    files: Mapped[int] = mapped_column(default=0)
    # Every row deleted, in every table.
    rows: Mapped[int] = mapped_column(default=0)
