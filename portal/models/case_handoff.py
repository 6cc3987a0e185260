from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class CaseHandoff(db.Model):
    """One hand-off of a case's package to the municipality's case system (ESDH): when the
    case arrived, and at each answer, decision and report (issue 18, point 3).

    Written with the outbox message that carries it (portal.outbox, channel "case_system"),
    in the transaction of the event, and brought up to date by the worker when the case system
    answers: its receipt and its own case number, which later hand-offs of the case reuse."""

    __tablename__ = "case_handoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    # portal.rules.handoffs.EVENTS: "received", "answered", "hearing_answered", "decided",
    # "supervision_report".
    event: Mapped[str] = mapped_column(String(30))
    # The outbox message's key, which also names the package (the folder, the idempotency
    # key of the network connector): one event is handed off once.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # portal.rules.handoffs.STATUSES: "waiting", "delivered", "failed" (the last attempt
    # failed; the worker tries again until it gives up).
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    # The case system's receipt for the package, and its own number for the case.
    receipt: Mapped[str | None] = mapped_column(String(300))
    esdh_case_number: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
