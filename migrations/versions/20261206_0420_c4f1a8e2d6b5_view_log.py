"""who looked at the case list, searched it or opened the statistics

Revision ID: c4f1a8e2d6b5
Revises: c5e8a1d3f9b2
Create Date: 2026-12-06 04:20:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "c4f1a8e2d6b5"
down_revision = "c5e8a1d3f9b2"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "view_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("staff_name", sa.String(length=200), nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("detail", _JSON, nullable=False),
        sa.Column("search", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name="fk_view_log_municipality_id_municipality",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_user.id"], name="fk_view_log_staff_id_staff_user"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_view_log"),
    )
    with op.batch_alter_table("view_log", schema=None) as batch_op:
        batch_op.create_index("ix_view_log_municipality_at", ["municipality_id", "at"])
        batch_op.create_index("ix_view_log_staff_at", ["staff_id", "at"])


def downgrade():
    with op.batch_alter_table("view_log", schema=None) as batch_op:
        batch_op.drop_index("ix_view_log_staff_at")
        batch_op.drop_index("ix_view_log_municipality_at")
    op.drop_table("view_log")
