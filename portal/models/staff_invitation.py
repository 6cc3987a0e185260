"""An invitation to a new staff account: a single-use link, sent by e-mail, to set the
account's password. Only a hash of the link's token is kept, so that a copy of the database
cannot be used to take over an account that has not yet been set up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.municipality import StaffUser
from portal.models.types import UTCDateTime, utcnow


class StaffInvitation(db.Model):
    __tablename__ = "staff_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # SHA-256 of the token in the link (hex): the token itself is in the e-mail only.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the password is chosen, or when a newer invitation replaces this one.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by: Mapped[str] = mapped_column(String(200))

    staff: Mapped[StaffUser] = relationship()
