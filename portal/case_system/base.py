"""What every connector to the case system implements, and the package it hands over."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

# The manifest's format, so that an import written for it can tell a later one.
FORMAT = "hjemmetraening-sagspakke/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class PackageFile:
    """One file of the package: a document the portal made, or an attachment as received."""

    path: str  # inside the package, e.g. "Bilag/01 Lægeerklæring - erklaering.pdf"
    size: int
    sha256: str  # taken when the portal made or received the file
    media_type: str
    description: str
    open: Callable[[], BinaryIO]


@dataclass(frozen=True)
class Package:
    """A case as it is handed to the case system at one event."""

    key: str  # names the package: the folder, the network connector's idempotency key
    event: str  # portal.rules.handoffs.EVENTS
    event_label: str
    case_number: str
    case_type: str
    case_title: str
    child_name: str
    child_cpr: str
    municipality_code: str
    municipality_name: str
    # The case system's own number for the case, once a hand-off before this one got it.
    esdh_case_number: str | None
    created_at: datetime
    files: Sequence[PackageFile]
    # The portal's number of the training the case belongs to (a budget, accounts, a
    # change), for the case system to file it with that training's case.
    related_case_number: str | None = None

    def manifest(self) -> dict:
        """The package described as JSON: what the case is, and every file with its SHA-256
        (what an import checks before it files the documents)."""
        return {
            "format": FORMAT,
            "key": self.key,
            "event": {"code": self.event, "label": self.event_label},
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            "municipality": {"code": self.municipality_code, "name": self.municipality_name},
            "case": {
                "number": self.case_number,
                "type": self.case_type,
                "title": self.case_title,
                "esdh_case_number": self.esdh_case_number,
                "related_case_number": self.related_case_number,
            },
            # Whom the case is about: the case system files it under the child (part).
            "child": {"name": self.child_name, "cpr": self.child_cpr},
            "files": [
                {
                    "id": number,
                    "path": file.path,
                    "size": file.size,
                    "sha256": file.sha256,
                    "media_type": file.media_type,
                    "description": file.description,
                }
                for number, file in enumerate(self.files, start=1)
            ],
        }


@dataclass(frozen=True)
class Receipt:
    """The case system's answer: its receipt for the package and its number for the case
    (None where it gives none, as a folder does not)."""

    receipt: str
    esdh_case_number: str | None


class HandoffFailed(Exception):
    """The package was not handed over. ``permanent`` when handing it over again cannot
    help (the case system refuses the package itself)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Connector(ABC):
    @abstractmethod
    def deliver(self, package: Package) -> Receipt:
        """Hand the package over; raises HandoffFailed. Handing over a package with a key
        the case system has already received answers with that first receipt and adds
        nothing (a worker may stop after handing over and before recording it)."""
