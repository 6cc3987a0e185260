"""a municipality's rules of a case as they were from a moment on, and the version a case
was received under

Revision ID: c4d8e2a6f1b5
Revises: b7e2d9f4a1c3
Create Date: 2026-12-06 04:15:00.000000+00:00

"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "c4d8e2a6f1b5"
down_revision = "b7e2d9f4a1c3"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
# The first version of every municipality's rules holds since long before any case.
_LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def upgrade():
    version = op.create_table(
        "settings_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settings_data", _JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_settings_version_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settings_version")),
    )
    with op.batch_alter_table("settings_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_settings_version_municipality_id"), ["municipality_id"], unique=False
        )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settings_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_case_file_settings_version_id_settings_version"),
            "settings_version",
            ["settings_version_id"],
            ["id"],
        )
    municipality = sa.table("municipality", sa.column("id"), sa.column("settings_data", _JSON))
    rows = op.get_bind().execute(sa.select(municipality.c.id, municipality.c.settings_data))
    op.bulk_insert(
        version,
        [
            {"municipality_id": id_, "effective_from": _LONG_AGO, "settings_data": data or {}}
            for id_, data in rows
        ],
    )


def downgrade():
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_case_file_settings_version_id_settings_version"), type_="foreignkey"
        )
        batch_op.drop_column("settings_version_id")
    with op.batch_alter_table("settings_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settings_version_municipality_id"))
    op.drop_table("settings_version")
