"""Hearings (partshøring): the family reads what the municipality proposes and answers before
it decides or acts on it.

The supervision report goes to the parents "til høring" with "en høringsfrist på 2 uger"
(seed 001, "Tilsyn"; Bekendtgørelse § 4, stk. 5); a repayment claim waits for the hearing:
"Før der træffes afgørelse om tilbagebetaling, vil du blive partshørt" (seed 001,
"Tilbagebetalingskrav"); and an ending: "Der vil altid være en dialog med jer som forældre, inden
der træffes afgørelse om ophør af hjemmetræningen. Dette vil ske i form af en skriftlig høring"
(seed 001, "Ophør af hjemmetræning"). Forvaltningsloven § 19 is the general rule behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from portal.rules.deadlines import add_period
from portal.rules.i18n import N_
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.rules.sources import EXECUTIVE_ORDER, GUIDE

__all__ = ["KINDS", "KIND_LABELS", "KIND_SOURCES", "answer_by", "is_late"]

KINDS: tuple[str, ...] = ("supervision_report", "repayment", "ending")

KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "supervision_report": N_("Høring over tilsynsrapporten"),
        "repayment": N_("Høring før afgørelse om tilbagebetaling"),
        "ending": N_("Høring før kommunen ændrer eller stopper hjemmetræningen"),
    }
)

# Where the family can read why they are heard, by the document's title.
KIND_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "supervision_report": f"{GUIDE}, »Tilsyn«; {EXECUTIVE_ORDER}, § 4, stk. 5",
        "repayment": f"{GUIDE}, »Tilbagebetalingskrav«; forvaltningsloven § 19",
        "ending": f"{GUIDE}, »Ophør af hjemmetræning«; forvaltningsloven § 19",
    }
)


def answer_by(sent: date, settings: MunicipalitySettings | None = None) -> date:
    """The last day of the hearing: the municipality's hearing period after the day it was
    sent (2 weeks by default)."""
    settings = settings or DEFAULT_SETTINGS
    return add_period(sent, settings.hearing_period)


def is_late(deadline: date, answered: date) -> bool:
    """An answer after the deadline is still read (it is never refused), but the municipality
    may have decided before it came: the page says so."""
    return answered > deadline
