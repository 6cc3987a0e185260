from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, delete
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class LoginSession(db.Model):
    """A browser's session, kept on the server (portal.identity.store): the cookie carries
    only a random id, and this row is found by that id's SHA-256, so a copy of the table
    gives no cookie that works. Deleting the row ends the session at once."""

    __tablename__ = "login_session"
    __table_args__ = (Index("ix_login_session_user", "user_kind", "user_id"),)

    # Hex SHA-256 of the cookie's random id.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # "parent" or "staff" once logged in; None before.
    user_kind: Mapped[str | None] = mapped_column(String(10))
    user_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Updated at most once a minute (SESSION_RENEW_AFTER), not on every request.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The session's contents (language, form token, messages ...), as Flask serialises them.
    data: Mapped[str] = mapped_column(Text, default="{}")


def end_sessions(kind: str, user_id: int) -> int:
    """End every session of a user at once, in the caller's transaction (deactivating a staff
    account, changing its role, resetting its password). Returns how many there were."""
    result = db.session.execute(
        delete(LoginSession).where(LoginSession.user_kind == kind, LoginSession.user_id == user_id)
    )
    return result.rowcount
