"""what an administrator changed: settings, staff accounts and yearly figures, with old and
new value

Revision ID: b7e2d9f4a1c3
Revises: f2a8c4e6b1d9
Create Date: 2026-12-06 04:00:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "b7e2d9f4a1c3"
down_revision = "f2a8c4e6b1d9"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "admin_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("old_value", _JSON, nullable=True),
        sa.Column("new_value", _JSON, nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("admin_change", schema=None) as batch_op:
        batch_op.create_index("ix_admin_change_municipality_id", ["municipality_id"])
        batch_op.create_index("ix_admin_change_changed_at", ["changed_at"])


def downgrade():
    with op.batch_alter_table("admin_change", schema=None) as batch_op:
        batch_op.drop_index("ix_admin_change_changed_at")
        batch_op.drop_index("ix_admin_change_municipality_id")
    op.drop_table("admin_change")
