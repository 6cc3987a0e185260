from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import JSONDocument, UTCDateTime, utcnow
from portal.rules.people import ROLES
from portal.rules.settings import MunicipalitySettings, with_current


class Municipality(db.Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality number (kommunekode), e.g. "561" for Esbjerg.
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # Where the municipality wants mail about new cases and parents' answers.
    inbox_email: Mapped[str | None] = mapped_column(String(254))
    # The municipality's own rules (portal.rules.settings): handling times, caps, rates.
    settings_data: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    # Whether anyone may see the municipality's handling-time statistics (portal.services.
    # statistics); the municipality's own staff always can.
    publish_statistics: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Whether staff may log in with a local password. Once the municipality's single sign-on
    # works, an admin switches passwords off (`flask staff passwords off`) and keeps them for
    # break-glass use only.
    password_login_enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[list[StaffUser]] = relationship(back_populates="municipality")

    @property
    def settings(self) -> MunicipalitySettings:
        return self.settings_from(self.name, self.settings_data)

    @staticmethod
    def settings_from(name: str, settings_data: dict | None) -> MunicipalitySettings:
        # The rules name the municipality in their advice ("Esbjerg Kommune regner normalt ...").
        return MunicipalitySettings.from_mapping({"name": name, **(settings_data or {})})

    def settings_for_case(self, case_rules: dict) -> MunicipalitySettings:
        """The settings a case follows: the rules it was received under, with how the
        municipality works now (its contact details, its retention periods)."""
        return self.settings_from(self.name, with_current(case_rules, self.settings_data or {}))


class SettingsVersion(db.Model):
    """A municipality's rules of a case as they were from a moment on. A case received before
    a change keeps the rules it was received under: the change pins every case not yet pinned
    to the version it replaces (portal.services.municipality_settings), so a case without a
    version follows the municipality's current rules."""

    __tablename__ = "settings_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime)
    # The settings as stored in Municipality.settings_data then.
    settings_data: Mapped[dict] = mapped_column(JSONDocument, default=dict)


class StaffUser(db.Model):
    """A municipal employee known to the portal, bound to one municipality: logs in with the
    municipality's single sign-on, or with the local password where the municipality allows."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None for an invited account until its owner sets a password (portal.services.people),
    # and for one that logs in only with the municipality's single sign-on.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="caseworker")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Wrong passwords since the last login, counted with one UPDATE so that none is lost
    # (portal.identity.staff_accounts). Guessing is slowed per client and per account with
    # the client (portal.limits), so that nobody can lock the owner out.
    failed_logins: Mapped[int] = mapped_column(default=0)
    # Set by the account-wide lock that let anyone lock a caseworker out; no longer set or
    # read, and cleared at the next login or password reset.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The municipality's single sign-on subject ("<issuer> <sub>"), stored at the first SSO
    # login, which matched the account by e-mail (portal.identity.staff_sso).
    sso_subject: Mapped[str | None] = mapped_column(String(400), unique=True)
    # An admin who may also add the yearly figures every municipality uses (the cap, the
    # lost-earnings ceiling, the ATP rates). Given only on the server (`flask staff national`),
    # because the figures are the same for the whole country.
    national: Mapped[bool] = mapped_column(default=False, server_default=false())

    municipality: Mapped[Municipality] = relationship(back_populates="staff")

    ROLES = ROLES
