"""What every Digital Post transport implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Letter:
    """One letter to one recipient, as the transport needs it."""

    message_uuid: str
    title: str
    filename: str
    document: bytes
    recipient_cpr: str | None
    recipient_name: str
    sender_cvr: str
    sender_name: str
    case_number: str
    created_at: datetime
    # Where a letter on paper goes, from the CPR register ("Kirkegade 14, 1. tv., 6700
    # Esbjerg"); None for a person with address protection or an unknown address.
    recipient_address: str | None = None


@dataclass(frozen=True)
class Sent:
    """How the letter went: ``channel`` "digital" or "physical" (an exempt recipient gets it
    on paper through the same service), and the transport's reference."""

    channel: str
    reference: str


class DeliveryFailed(Exception):
    """The letter was not delivered. ``permanent`` when sending it again cannot help (an
    invalid recipient, a message the service refuses)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transport(ABC):
    @abstractmethod
    def send(self, letter: Letter, memo_xml: bytes) -> Sent:
        """Hand the MeMo message on; raises DeliveryFailed when it is not delivered."""
