"""Letters sent to the family as Digital Post: what kinds there are, how a delivery stands, and
the day the family got a decision, which the complaint deadline counts from.

Retssikkerhedsloven § 67, stk. 1 counts the 4 weeks from the day the family got the decision
(portal.rules.complaints); with Digital Post that is the day the letter was delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

from portal.rules.i18n import N_

__all__ = [
    "CHANNEL_LABELS",
    "KINDS",
    "RETRYING_LABEL",
    "STATUSES",
    "STATUS_LABELS",
    "received_on",
]

KINDS: tuple[str, ...] = ("decision", "hearing", "repayment")
STATUSES: tuple[str, ...] = ("pending", "delivered", "failed")
STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "pending": N_("Venter på at blive sendt"),
        "delivered": N_("Leveret"),
        "failed": N_("Ikke leveret"),
    }
)
# A letter whose last attempt failed in a way that may pass (the service was down): the worker
# tries again after a growing wait (portal.outbox).
RETRYING_LABEL = N_("Ikke leveret endnu; prøves igen")
CHANNEL_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "digital": N_("Digital Post"),
        # KombiPost sends the letter on paper to a recipient exempt from Digital Post.
        "physical": N_("Fysisk post (fritaget for Digital Post)"),
    }
)


def received_on(decided_on: date, delivered_on: Iterable[date | None]) -> date:
    """The day the family got the decision: the latest day its letter reached one of the
    holders of custody (each has the full 4 weeks from their own letter, so the family's
    deadline is the later one). Until a letter is delivered, the day of the decision, which the
    family reads on their case page the same day."""
    days = [day for day in delivered_on if day is not None]
    return max(days) if days else decided_on
