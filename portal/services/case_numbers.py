"""Case numbers: HT-<year>-<six digits>, counted per year without gaps or duplicates."""

from __future__ import annotations

from portal.database import dialect_insert
from portal.extensions import db
from portal.models import CaseNumberCounter

PREFIX = "HT"


def next_case_number(year: int) -> str:
    table = CaseNumberCounter.__table__
    # One statement: the first case of a year creates the year's row, every later one counts
    # on. INSERT ... ON CONFLICT DO UPDATE is atomic on both databases: two first cases of
    # a year do not both create the row, and the row lock hands the numbers out in turn.
    insert = dialect_insert(table).values(year=year, last=1)
    number = db.session.execute(
        insert.on_conflict_do_update(
            index_elements=[table.c.year], set_={"last": table.c.last + 1}
        ).returning(table.c.last)
    ).scalar_one()
    return f"{PREFIX}-{year}-{number:06d}"
