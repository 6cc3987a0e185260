"""How parents prove who they are.

A login provider hands the portal an `Identity`. Production uses MitID through the
municipality's broker (portal.identity.oidc); the embedded default is a development login
(name + CPR number) that is off unless the configuration switches it on, is refused in
production, and is labelled as such on every page.

Whatever the provider, a parent's subject is the same keyed hash of the CPR number, so a
parent who first used one login keeps their cases when they use another.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.models import Parent


@dataclass(frozen=True)
class Identity:
    subject: str  # "cpr:<keyed hash of the CPR number>" (cpr_subject)
    name: str
    # The number itself, for the register lookup of this login's session only
    # (portal.identity.session.login_parent); never stored with the parent.
    cpr_number: str | None = field(default=None, repr=False, compare=False)


class LoginProvider(Protocol):
    name: str
    label: str
    endpoint: str  # where the login starts

    def enabled(self, app: Flask) -> bool: ...


def cpr_subject_hash(cpr_number: str) -> str:
    """The keyed hash of a CPR number: stable for the same number, but it does not reveal it.
    The CPR number itself is never stored."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, cpr_number.encode(), hashlib.sha256).hexdigest()


def cpr_subject(cpr_number: str) -> str:
    """The parent's subject, whatever the login: "cpr:<keyed hash>"."""
    return f"cpr:{cpr_subject_hash(cpr_number)}"


def subject_cpr_hash(subject: str) -> str:
    """The keyed CPR hash in a parent's subject."""
    return subject.rpartition(":")[2]


class DevelopmentLogin:
    name = "udvikling"
    label = _l("Udviklingslogin (kun til test – ikke MitID)")
    endpoint = "auth.dev_login"

    def enabled(self, app: Flask) -> bool:
        return bool(app.config.get("DEV_LOGIN_ENABLED"))

    def identity(self, name: str, cpr_number: str) -> Identity:
        # The subject is the hash of the number as typed, as it always was (a parent's cases
        # are found by it); the register is asked with the digits alone.
        digits = cpr_number.replace("-", "").replace(" ", "")
        return Identity(subject=cpr_subject(cpr_number), name=name, cpr_number=digits)


class MitIDLogin:
    """MitID through the municipality's OpenID Connect broker (portal.identity.mitid)."""

    name = "mitid"
    label = _l("Log ind med MitID")
    endpoint = "auth.mitid_login"

    def enabled(self, app: Flask) -> bool:
        return bool(app.config.get("MITID_ISSUER") and app.config.get("MITID_CLIENT_ID"))


PROVIDERS: tuple[LoginProvider, ...] = (MitIDLogin(), DevelopmentLogin())


def parent_for_identity(identity: Identity) -> Parent:
    """The parent with this subject, made at their first login."""
    parent = db.session.execute(
        select(Parent).where(Parent.subject == identity.subject)
    ).scalar_one_or_none()
    if parent is None:
        parent = Parent(subject=identity.subject, name=identity.name)
        db.session.add(parent)
        db.session.flush()
    return parent


def enabled_providers(app: Flask) -> list[LoginProvider]:
    return [provider for provider in PROVIDERS if provider.enabled(app)]
