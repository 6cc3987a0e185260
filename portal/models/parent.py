from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class Parent(db.Model):
    """A parent (custody holder) as known from the login provider.

    `subject` is "cpr:" and a keyed hash of the CPR number, the same whichever login the
    parent used (portal.identity.providers.cpr_subject), so the CPR number itself is not kept.
    """

    __tablename__ = "parent"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    # The language the parent chose ("da" or "en"); None until they choose: Danish.
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
