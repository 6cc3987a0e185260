"""the child's CPR number sealed at rest

The child's CPR number was kept in clear in case_file.child_cpr, in the application the case
was sent with (case_file.application), in the wizard's answers (draft_step.data) and in the
decision letters kept as made (decision.letter). This seals them with the newest key in
CPR_KEYS (portal.crypto), and adds the keyed hash the caseworker's search finds a case by
(case_file.child_cpr_hash, under CPR_HASH_KEY). The environment's keys must be the ones the
portal will run with.

Downgrade: opens every value again with the environment's keys and drops the hash.

Revision ID: f3a9c6e1b7d4
Revises: f2c8d4a6b1e9
Create Date: 2026-12-06 02:15:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from portal.crypto import cipher


# revision identifiers, used by Alembic.
revision = "f3a9c6e1b7d4"
down_revision = "f2c8d4a6b1e9"
branch_labels = None
depends_on = None

_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")
_CASES = sa.table(
    "case_file",
    sa.column("id", sa.Integer),
    sa.column("child_cpr", sa.Text),
    sa.column("child_cpr_hash", sa.String),
    sa.column("application", _DOCUMENT),
)
_STEPS = sa.table("draft_step", sa.column("id", sa.Integer), sa.column("data", _DOCUMENT))
_DECISIONS = sa.table("decision", sa.column("id", sa.Integer), sa.column("letter", sa.LargeBinary))


def _rewrite(case_values, change_document, change_letter) -> None:
    """Every case row with `case_values(row)`, every wizard answer through `change_document`,
    every letter kept through `change_letter`."""
    connection = op.get_bind()
    letters = sa.select(_DECISIONS.c.id, _DECISIONS.c.letter).where(
        _DECISIONS.c.letter.is_not(None)
    )
    for row in connection.execute(letters).all():
        connection.execute(
            _DECISIONS.update()
            .where(_DECISIONS.c.id == row.id)
            .values(letter=change_letter(bytes(row.letter)))
        )
    cases = sa.select(_CASES.c.id, _CASES.c.child_cpr, _CASES.c.application)
    for row in connection.execute(cases).all():
        connection.execute(_CASES.update().where(_CASES.c.id == row.id).values(**case_values(row)))
    for row in connection.execute(sa.select(_STEPS.c.id, _STEPS.c.data)).all():
        changed = change_document(row.data)
        if changed != row.data:
            connection.execute(_STEPS.update().where(_STEPS.c.id == row.id).values(data=changed))


def upgrade():
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("child_cpr_hash", sa.String(length=64), nullable=True))
        batch_op.alter_column(
            "child_cpr",
            existing_type=sa.String(length=10),
            type_=sa.Text(),
            existing_nullable=False,
        )
    keys = cipher()
    _rewrite(
        lambda row: {
            "child_cpr": keys.seal(row.child_cpr),
            "child_cpr_hash": keys.digest(row.child_cpr),
            "application": keys.seal_fields(row.application),
        },
        keys.seal_fields,
        keys.seal_bytes,
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.alter_column("child_cpr_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_case_file_child_cpr_hash"), ["child_cpr_hash"])


def downgrade():
    keys = cipher()
    _rewrite(
        lambda row: {
            "child_cpr": keys.open(row.child_cpr),
            "application": keys.open_fields(row.application),
        },
        keys.open_fields,
        keys.open_bytes,
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_child_cpr_hash"))
        batch_op.drop_column("child_cpr_hash")
        batch_op.alter_column(
            "child_cpr",
            existing_type=sa.Text(),
            type_=sa.String(length=10),
            existing_nullable=False,
        )
