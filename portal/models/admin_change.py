"""What an administrator changed, and when: a municipality's settings, its staff accounts, or
the yearly figures every municipality uses (issue: a municipality runs its own portal). Each
row keeps the value before and after, so the settings pages can show their own history and a
mistaken change can be seen and put right. Rows are never changed or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import JSONDocument, UTCDateTime, utcnow


class AdminChange(db.Model):
    __tablename__ = "admin_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality whose settings or people changed; None for a yearly figure, which
    # every municipality uses.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    # "settings", "people" or "figures": which administrator's page shows the change.
    area: Mapped[str] = mapped_column(String(20))
    # What changed within the area: a setting's key ("handling_times.new_application"), a
    # staff account's e-mail, a yearly figure's kind and year ("cap.2027").
    subject: Mapped[str] = mapped_column(String(200))
    old_value: Mapped[Any | None] = mapped_column(JSONDocument)
    new_value: Mapped[Any | None] = mapped_column(JSONDocument)
    # Who made the change: the staff account, or None for a command run on the server; the
    # name as it was then, kept when the account is later renamed or deactivated.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
