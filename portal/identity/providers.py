"""How parents prove who they are.

A login provider hands the portal an `Identity`. Production uses MitID through the
municipality's broker; the embedded default is a development login (name + CPR number) that
is off unless the configuration switches it on, and is labelled as such on every page.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from flask import Flask, current_app

from portal.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Identity:
    subject: str  # the provider's stable identifier, qualified with the provider's name
    name: str


class LoginProvider(Protocol):
    name: str
    label: str

    def enabled(self, app: Flask) -> bool: ...


class DevelopmentLogin:
    name = "udvikling"
    label = _l("Udviklingslogin (kun til test – ikke MitID)")

    def enabled(self, app: Flask) -> bool:
        return bool(app.config.get("DEV_LOGIN_ENABLED"))

    def identity(self, name: str, cpr_number: str) -> Identity:
        return Identity(subject=f"{self.name}:{cpr_subject_hash(cpr_number)}", name=name)


def cpr_subject_hash(cpr_number: str) -> str:
    """The keyed hash of a CPR number that parents' subjects are made of: stable for the same
    number, but it does not reveal it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, cpr_number.encode(), hashlib.sha256).hexdigest()


def subject_cpr_hash(subject: str) -> str:
    """The keyed CPR hash in a parent's subject ("<provider>:<hash>")."""
    return subject.rpartition(":")[2]


def subject_provider(subject: str) -> str:
    """The name of the login provider a parent's subject comes from."""
    return subject.partition(":")[0]


PROVIDERS: tuple[LoginProvider, ...] = (DevelopmentLogin(),)


def enabled_providers(app: Flask) -> list[LoginProvider]:
    return [provider for provider in PROVIDERS if provider.enabled(app)]
