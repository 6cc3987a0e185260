"""Re-sealing the CPR numbers (the child's, and the holders of custody's) with the newest key
(CPR_KEYS, portal.crypto).

Rows are read and written as stored (tokens, not the numbers), a batch at a time with a
commit after each, so a large municipality is re-sealed in steps that can be interrupted and
run again: a value already sealed with the newest key is left as it is.
"""

from __future__ import annotations

import sqlalchemy as sa

from portal.crypto import cipher
from portal.extensions import db
from portal.models.types import JSONDocument

# The tables as stored: plain text and JSON, so nothing is opened on the way through.
_CASES = sa.table(
    "case_file",
    sa.column("id", sa.Integer),
    sa.column("child_cpr", sa.Text),
    sa.column("application", JSONDocument),
    sa.column("custody_holders", JSONDocument),
)
_DRAFTS = sa.table(
    "draft", sa.column("id", sa.Integer), sa.column("register_holders", JSONDocument)
)
_LETTERS = sa.table(
    "letter_delivery", sa.column("id", sa.Integer), sa.column("recipient_cpr", sa.Text)
)
_STEPS = sa.table("draft_step", sa.column("id", sa.Integer), sa.column("data", JSONDocument))
_DECISIONS = sa.table("decision", sa.column("id", sa.Integer), sa.column("letter", sa.LargeBinary))


# Each table and how each of its sealed columns is re-sealed (portal.crypto.CprCipher).
TABLES = {
    "case_file": (
        _CASES,
        {"child_cpr": "reseal", "application": "reseal_fields", "custody_holders": "reseal_fields"},
    ),
    "draft": (_DRAFTS, {"register_holders": "reseal_fields"}),
    "draft_step": (_STEPS, {"data": "reseal_fields"}),
    "letter_delivery": (_LETTERS, {"recipient_cpr": "reseal"}),
    "decision": (_DECISIONS, {"letter": "reseal_bytes"}),
}


def _batch(table: sa.TableClause, columns: list[str], after_id: int, batch_size: int) -> list:
    """The next `batch_size` rows after `after_id`, by id: a walk that can stop anywhere."""
    return db.session.execute(
        sa.select(table.c.id, *(table.c[name] for name in columns))
        .where(table.c.id > after_id)
        .order_by(table.c.id)
        .limit(batch_size)
    ).all()


def rotate_batch(table_name: str, after_id: int, batch_size: int) -> tuple[int | None, int]:
    """Re-seal the next batch of rows after `after_id` with the newest key: the last id read
    (None when there were no more rows) and how many rows changed. The caller commits."""
    table, columns = TABLES[table_name]
    keys = cipher()
    rows = _batch(table, list(columns), after_id, batch_size)
    changed = 0
    for row in rows:
        stored = {name: row._mapping[name] for name in columns}
        resealed = {
            name: getattr(keys, how)(stored[name])
            for name, how in columns.items()
            if stored[name] is not None
        }
        if any(resealed[name] != stored[name] for name in resealed):
            db.session.execute(table.update().where(table.c.id == row.id).values(**resealed))
            changed += 1
    return (rows[-1].id if rows else None), changed


_HASHED = sa.table(
    "case_file",
    sa.column("id", sa.Integer),
    sa.column("child_cpr", sa.Text),
    sa.column("child_cpr_hash", sa.String),
)


def rehash_batch(after_id: int, batch_size: int) -> tuple[int | None, int]:
    """Recompute the next batch of search hashes after `after_id` under the newest hash key
    (CPR_HASH_KEYS), from the numbers as they open: the last id read (None when there were
    no more rows) and how many hashes changed. A hash already under the newest key is left,
    so an interrupted run is simply run again. The caller commits."""
    keys = cipher()
    rows = _batch(_HASHED, ["child_cpr", "child_cpr_hash"], after_id, batch_size)
    changed = 0
    for row in rows:
        digest = keys.digest(keys.open(row.child_cpr))
        if digest != row.child_cpr_hash:
            db.session.execute(
                _HASHED.update().where(_HASHED.c.id == row.id).values(child_cpr_hash=digest)
            )
            changed += 1
    return (rows[-1].id if rows else None), changed
