"""How a family reaches its municipality: postal address, e-mail, phone, web and opening hours.

A decision must say where to complain (forvaltningsloven § 25), and the family must be able to
reach the municipality by other ways than the portal. Each detail is optional: a municipality
that has not given its e-mail gets letters and pages without an e-mail, never an empty one.
Stored in the municipality's settings as ``{"contact": {"email": ..., ...}}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from portal.rules.i18n import N_

__all__ = ["CONTACT_LABELS", "MunicipalityContact"]

# What each detail is called where a person reads it, in the order they are shown.
CONTACT_LABELS: Mapping[str, str] = {
    "address": N_("Adresse"),
    "email": N_("E-mail"),
    "phone": N_("Telefon"),
    "hours": N_("Telefontid"),
    "web": N_("Hjemmeside"),
}

# A Danish or foreign phone number as people write it: "+45 76 16 16 16", "7616 1616".
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{6,}[0-9]")


@dataclass(frozen=True)
class MunicipalityContact:
    """The municipality's contact details; an empty string is a detail not given."""

    address: str = ""
    email: str = ""
    phone: str = ""
    web: str = ""
    hours: str = ""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, str):
                raise ValueError(f"contact.{item.name} must be text, not {value!r}")
        # Lines of the address kept, each stripped; blank lines dropped.
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        object.__setattr__(self, "address", "\n".join(lines))
        for name in ("email", "phone", "web", "hours"):
            object.__setattr__(self, name, " ".join(getattr(self, name).split()))
        if self.email:
            try:
                checked = validate_email(self.email, check_deliverability=False)
            except EmailNotValidError as error:
                raise ValueError(
                    f"contact.email {self.email!r} is not an e-mail address: {error}"
                ) from None
            object.__setattr__(self, "email", checked.normalized)
        if self.phone and not _PHONE.fullmatch(self.phone):
            raise ValueError(
                f"contact.phone {self.phone!r} is not a phone number "
                '(digits, spaces and a leading "+", e.g. "+45 76 16 16 16")'
            )
        if self.web:
            parts = urlsplit(self.web)
            if parts.scheme not in ("https", "http") or not parts.hostname:
                raise ValueError(
                    f"contact.web {self.web!r} is not a web address "
                    '(it starts with "https://", e.g. "https://www.esbjerg.dk")'
                )

    @classmethod
    def from_mapping(cls, data: Any) -> MunicipalityContact:
        """Read ``{"address": "...", "email": "...", ...}``; a missing key is a detail not
        given, an unknown key is refused (a misspelt "emial" would silently drop the e-mail)."""
        if not isinstance(data, Mapping):
            raise ValueError(f"contact must be a mapping of details, not {data!r}")
        unknown = set(data) - set(CONTACT_LABELS)
        if unknown:
            raise ValueError(
                f"unknown contact details: {sorted(unknown)} (known: {', '.join(CONTACT_LABELS)})"
            )
        return cls(**{key: "" if value is None else value for key, value in data.items()})

    def to_mapping(self) -> dict[str, str]:
        """The details given; ``from_mapping(c.to_mapping()) == c``."""
        return {name: getattr(self, name) for name in CONTACT_LABELS if getattr(self, name)}

    def details(self) -> list[tuple[str, str]]:
        """(label msgid, value) of each detail given, in reading order."""
        return [
            (text, getattr(self, name))
            for name, text in CONTACT_LABELS.items()
            if getattr(self, name)
        ]

    @property
    def phone_uri(self) -> str:
        """The number as a link to call (RFC 3966): "tel:+4576161616"."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)

    @property
    def web_label(self) -> str:
        """The web address as people say it: "www.esbjerg.dk" for "https://www.esbjerg.dk/"."""
        parts = urlsplit(self.web)
        return (parts.netloc + parts.path).rstrip("/")

    def __bool__(self) -> bool:
        return any(getattr(self, item.name) for item in fields(self))
