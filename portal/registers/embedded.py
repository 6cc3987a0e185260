"""The embedded register: invented families in a JSON file (data/families.json by default),
so that the wizard's choice of child works on one machine with no outside service."""

from __future__ import annotations

import json
from pathlib import Path

from portal.registers.base import CustodyHolder, Person, PersonRegister

DEFAULT_FILE = Path(__file__).parent / "data" / "families.json"


class FileRegister(PersonRegister):
    def __init__(self, path: Path = DEFAULT_FILE) -> None:
        self.path = path
        with path.open(encoding="utf-8") as file:
            rows = json.load(file)["persons"]
        self._persons = {row["cpr"]: _person(row) for row in rows}

    def person(self, cpr: str) -> Person | None:
        return self._persons.get(cpr)


def _person(row: dict) -> Person:
    return Person(
        cpr=row["cpr"],
        name=row["name"],
        address=row.get("address"),
        address_protected=bool(row.get("address_protected")),
        children=tuple(row.get("children", ())),
        custody=tuple(
            CustodyHolder(cpr=holder["cpr"], relation=holder["relation"])
            for holder in row.get("custody", ())
        ),
    )
