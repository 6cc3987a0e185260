"""Case numbers: HT-<year>-<six digits>, counted per year without gaps or duplicates."""

from __future__ import annotations

from sqlalchemy import update

from portal.database import insert_unless_present
from portal.extensions import db
from portal.models import CaseNumberCounter

PREFIX = "HT"


def next_case_number(year: int) -> str:
    table = CaseNumberCounter.__table__
    # The row for the year may not exist yet; two first cases of a year must not both
    # create it. After this the UPDATE takes a row lock, so numbers are handed out in turn.
    db.session.execute(insert_unless_present(table).values(year=year, last=0))
    number = db.session.execute(
        update(table)
        .where(table.c.year == year)
        .values(last=table.c.last + 1)
        .returning(table.c.last)
    ).scalar_one()
    return f"{PREFIX}-{year}-{number:06d}"
