"""Case numbers: HT-<year>-<six digits>, counted per year without gaps or duplicates."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import CaseNumberCounter

PREFIX = "HT"


def next_case_number(year: int) -> str:
    table = CaseNumberCounter.__table__
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # The row for the year may not exist yet; two first cases of a year must not both
    # create it. After this the UPDATE takes a row lock, so numbers are handed out in turn.
    db.session.execute(insert(table).values(year=year, last=0).on_conflict_do_nothing())
    number = db.session.execute(
        update(table)
        .where(table.c.year == year)
        .values(last=table.c.last + 1)
        .returning(table.c.last)
    ).scalar_one()
    return f"{PREFIX}-{year}-{number:06d}"
