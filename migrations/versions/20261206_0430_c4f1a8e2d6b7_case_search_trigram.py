"""the caseworker's search by part of a name or case number from trigram indexes

The caseworker's list finds a case by part of the child's name or of the case number,
`lower(...) LIKE '%...%'` (portal.services.workspace), which no b-tree index can serve: with
100,000 cases every search read all of the municipality's names twice (the count and the
page). On PostgreSQL two GIN indexes of trigrams (the pg_trgm extension, which PostgreSQL
ships and lets a database owner install) serve it. SQLite has no such index and keeps
reading every case, which suits the embedded database's size.

Downgrade: drops the two indexes. The extension stays: it holds no data, and other objects
in the database may use it.

Revision ID: c4f1a8e2d6b7
Revises: c4d8e2a6f1b5
Create Date: 2026-12-06 04:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c4f1a8e2d6b7"
down_revision = "c4d8e2a6f1b5"
branch_labels = None
depends_on = None

COLUMNS = ("child_name", "number")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        op.create_index(
            f"ix_case_{column}_trigram",
            "case_file",
            [sa.text(f"lower({column}) gin_trgm_ops")],
            postgresql_using="gin",
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.drop_index(f"ix_case_{column}_trigram", table_name="case_file")
