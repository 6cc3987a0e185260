"""What the portal asks a population register, whichever one answers (portal.registers)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


class RegisterUnavailable(Exception):
    """The register did not answer, answered with a fault, or answered too late. The wizard
    goes on with manual entry."""


@dataclass(frozen=True)
class CustodyHolder:
    cpr: str
    # "mor", "far" or "anden": CPR's custody types 3 (the mother), 4 (the father), 5 and 6
    # (another holder); the values are the wizard's own for "Forhold til barnet".
    relation: str


@dataclass(frozen=True)
class Person:
    """A person as the register knows them. The address of a person with address protection
    ("navne- og adressebeskyttelse") is dropped here, at the edge, so that nothing further in
    can show, print or send it."""

    cpr: str
    name: str
    address: str | None = None
    address_protected: bool = False
    children: tuple[str, ...] = ()
    custody: tuple[CustodyHolder, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.address_protected and self.address is not None:
            object.__setattr__(self, "address", None)


class PersonRegister(ABC):
    """Look up one person by CPR number. Implementations are safe to share between threads."""

    @abstractmethod
    def person(self, cpr: str) -> Person | None:
        """The person, None when the register does not know the number; raises
        RegisterUnavailable when it cannot say."""
