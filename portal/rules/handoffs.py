"""Hand-offs of a case to the municipality's case system (ESDH): at which events the case's
package goes, and how a hand-off stands.

Issue 18, point 3: "When a case arrives, and at each answer, decision and report, the case
package ... is handed to the municipality's ESDH". The case system is where the municipality
keeps its record of the case (journalisering, forvaltningsloven § 15 and offentlighedsloven
§ 15 on noting and recording documents); the portal hands over each document the case
receives or makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from portal.rules.i18n import N_

__all__ = ["EVENTS", "EVENT_LABELS", "STATUSES", "STATUS_LABELS"]

EVENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "received": N_("Sagen er modtaget"),
        "answered": N_("Familien har svaret på et spørgsmål"),
        "hearing_answered": N_("Familien har svaret i en partshøring"),
        "decided": N_("Afgørelse"),
        "supervision_report": N_("Tilsynsrapport"),
    }
)
EVENTS: tuple[str, ...] = tuple(EVENT_LABELS)
STATUSES: tuple[str, ...] = ("waiting", "delivered", "failed")
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "waiting": N_("Venter på at blive afleveret"),
        "delivered": N_("Afleveret"),
        "failed": N_("Ikke afleveret"),
    }
)
