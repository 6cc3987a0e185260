"""The other holder of custody's consent to an application (issue 15, point 4).

The request comes "efter anmodning fra indehaveren af forældremyndigheden" (seed 003,
servicelovens § 32 a, now barnets lov § 85). When the family step names a second adult with
custody, the portal asks that adult to consent before the application is sent. The seeds are
silent on the other holder's consent and on how long to wait for it; the portal waits the
municipality's `consent_days` (default 14). What protects the family: a refusal or no answer
is never a dead end. After a refusal or when the time has run out, the applicant may send
with a statement why, and the municipality decides (and the family may complain).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal

from portal.rules.i18n import N_
from portal.rules.settings import MunicipalitySettings

__all__ = [
    "CONSENT_STATE_LABELS",
    "LOGIN_LABELS",
    "ConsentState",
    "consent_expires",
    "consent_state",
    "may_send",
    "may_send_without",
    "needs_consent",
]

ConsentState = Literal["not_asked", "waiting", "consented", "changed", "declined", "expired"]

CONSENT_STATE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "not_asked": N_("Ikke spurgt endnu"),
        "waiting": N_("Venter på svar"),
        "consented": N_("Har givet samtykke"),
        "changed": N_("Har givet samtykke, men ansøgningen er ændret siden"),
        "declined": N_("Har sagt nej"),
        "expired": N_("Har ikke svaret i tide"),
    }
)

# How the other holder logged in, by the login provider's name (never the CPR number). A
# provider the list does not know is shown by its name.
LOGIN_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "udvikling": N_("Udviklingslogin"),
        "mitid": N_("MitID"),
    }
)


def needs_consent(adults: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the family step names a second adult with custody (custody "ja")."""
    return sum(1 for adult in adults if adult.get("custody") == "ja") >= 2


def consent_expires(sent_at: datetime, settings: MunicipalitySettings) -> datetime:
    """The moment a consent link stops working: the municipality's days after it was sent."""
    return sent_at + timedelta(days=settings.consent_days)


def consent_state(
    answer: str | None, expires_at: datetime | None, now: datetime, *, changed: bool = False
) -> ConsentState:
    """The state of the other holder's consent: `answer` is "consented", "declined" or None
    (not answered); `expires_at` None when no link has been sent; `changed` whether the
    answers differ from those the other holder read (a consent is to what they read)."""
    if answer == "consented":
        return "changed" if changed else "consented"
    if answer == "declined":
        return answer
    if expires_at is None:
        return "not_asked"
    return "expired" if now >= expires_at else "waiting"


def may_send_without(state: ConsentState) -> bool:
    """After a refusal, when the other holder has not answered in time, or when the answers
    changed after the consent, the applicant may send anyway with a statement why (or send
    the link again): a family always has the right to a decision."""
    return state in ("declined", "expired", "changed")


def may_send(needed: bool, state: ConsentState, statement: str | None) -> bool:
    """Whether the application may be sent as far as the other holder's consent goes."""
    if not needed or state == "consented":
        return True
    return may_send_without(state) and bool((statement or "").strip())
