from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.draft import Draft
from portal.models.types import UTCDateTime, utcnow


class CustodyConsent(db.Model):
    """The other holder of custody's consent to a draft (issue 15, point 4): one per draft.

    The link's token is kept only as its SHA-256 (`token_hash`); the CPR number the applicant
    may give only as the keyed hash parents' subjects are made of (`cpr_hash`). Who answered
    is kept by name and login provider, never by CPR number. A resent link replaces the token
    and starts the time again.
    """

    __tablename__ = "custody_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    cpr_hash: Mapped[str | None] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "consented" or "declined"; None while nobody has answered.
    answer: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("parent.id", ondelete="SET NULL"))
    answered_by_name: Mapped[str | None] = mapped_column(String(200))
    # The login provider's name (e.g. "udvikling", "mitid"), never the CPR number.
    answered_by_provider: Mapped[str | None] = mapped_column(String(40))
    # A digest of the answers the other holder read when consenting: a consent is to those.
    answers_hash: Mapped[str | None] = mapped_column(String(64))
    # The applicant's statement why the application is sent without the consent.
    statement: Mapped[str | None] = mapped_column(Text)
    # The state when the application was sent (portal.rules.custody_consent), as the
    # municipality received it.
    state_when_sent: Mapped[str | None] = mapped_column(String(20))

    # Deleting a draft deletes its consent and so its link (also where the database does not
    # enforce the foreign key's cascade).
    draft: Mapped[Draft] = relationship(
        backref=backref("custody_consent", cascade="all, delete-orphan", uselist=False)
    )
