"""Complaints: about a decision (reconsidered by the municipality, then Ankestyrelsen) and
about the handling time (answered by the municipality itself).

Pure data and checks. A complaint about a decision must reach the municipality within 4 weeks
of the family getting the decision; the municipality reconsiders it within 4 weeks and either
changes the decision or upholds it and forwards the complaint to Ankestyrelsen
(Retssikkerhedsloven §§ 66-67, not in the seeds; the portal's DEFAULT_COMPLAINT_GUIDANCE says
the same to the family). A late complaint is never refused by the portal: the family always
has the right to send it, and the municipality decides whether there are special reasons to
consider it.

A complaint about the handling time is no complaint about a decision: it goes to the
municipality itself, which answers it in writing (seed 000: "borgere har et lovbestemt krav på
at få oplyst, hvornår der kan forventes en afgørelse").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from portal.rules.deadlines import add_period
from portal.rules.findings import WARNING, Finding, make_finding
from portal.rules.formatting import long_date
from portal.rules.i18n import N_
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings

__all__ = [
    "CHANNELS",
    "CHANNEL_LABELS",
    "COMPLAINT_WEEKS",
    "KINDS",
    "KIND_LABELS",
    "LATE_SOURCE",
    "RESULTS",
    "RESULT_LABELS",
    "complaint_deadline",
    "late_complaint",
    "reconsider_by",
]

KINDS: tuple[str, ...] = ("decision", "handling_time")
KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "decision": N_("Klage over afgørelsen"),
        "handling_time": N_("Klage over sagsbehandlingstiden"),
    }
)

# How the complaint reached the municipality: "I kan klage skriftligt eller mundtligt til
# kommunen" (DEFAULT_COMPLAINT_GUIDANCE).
CHANNELS: tuple[str, ...] = ("portal", "oral", "letter")
CHANNEL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "portal": N_("Sendt i hjemmetræningsløsningen"),
        "oral": N_("Mundtligt"),
        "letter": N_("Brev eller e-mail"),
    }
)

# What Ankestyrelsen answered.
RESULTS: tuple[str, ...] = ("upheld", "changed", "sent_back")
RESULT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "upheld": N_("Stadfæstet: afgørelsen gælder"),
        "changed": N_("Ændret: kommunen skriver den ændrede afgørelse"),
        "sent_back": N_("Hjemvist: kommunen behandler sagen igen"),
    }
)

# Retssikkerhedsloven § 67, stk. 1: the complaint must reach the municipality within 4 weeks
# of the family getting the decision.
COMPLAINT_WEEKS = 4
LATE_SOURCE = N_("Retssikkerhedsloven § 67 og afgørelsens klagevejledning")


def complaint_deadline(decided_on: date) -> date:
    """The last day a complaint about a decision the family got on ``decided_on`` arrives in
    time. The portal delivers the decision the day it is made."""
    return decided_on + timedelta(weeks=COMPLAINT_WEEKS)


def late_complaint(received_on: date, decided_on: date) -> Finding | None:
    """Advice when a complaint arrives after the 4 weeks: what it means, never a refusal."""
    deadline = complaint_deadline(decided_on)
    if received_on <= deadline:
        return None
    return make_finding(
        "complaint.late",
        WARNING,
        "reasons",
        N_(
            "Klagefristen på 4 uger udløb %(deadline)s. Kommunen kan afvise at behandle en "
            "klage, der kommer for sent, medmindre der er særlige grunde til, at den kommer nu. "
            "Skriv grundene i klagen. I kan stadig sende den."
        ),
        LATE_SOURCE,
        deadline=long_date(deadline),
    )


def reconsider_by(received_on: date, settings: MunicipalitySettings | None = None) -> date:
    """The day the municipality must have reconsidered a decision after a complaint received
    on ``received_on``: its reconsideration period (4 weeks by default, § 67, stk. 1)."""
    settings = settings or DEFAULT_SETTINGS
    return add_period(received_on, settings.reconsideration_period)
