"""The municipality's decision on a case: one per case, with its reasons and the complaint
guidance every decision must carry (forvaltningsloven §§ 24-25, seeds 000 and 003)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.case import Case
from portal.models.types import UTCDateTime, utcnow


class Decision(db.Model):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One decision per case: a second caseworker deciding at the same moment is refused here.
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), unique=True
    )
    # portal.rules.case_status.OUTCOMES: "approved", "partly_approved", "refused".
    outcome: Mapped[str] = mapped_column(String(20))
    # The decision and its reasons, as the family reads them.
    text: Mapped[str] = mapped_column(Text)
    complaint_guidance: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="decision")
