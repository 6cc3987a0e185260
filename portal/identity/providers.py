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
        # A keyed hash: the subject is stable for the same CPR number but does not reveal it.
        key = current_app.config["SECRET_KEY"].encode()
        digest = hmac.new(key, cpr_number.encode(), hashlib.sha256).hexdigest()
        return Identity(subject=f"{self.name}:{digest}", name=name)


PROVIDERS: tuple[LoginProvider, ...] = (DevelopmentLogin(),)


def enabled_providers(app: Flask) -> list[LoginProvider]:
    return [provider for provider in PROVIDERS if provider.enabled(app)]
