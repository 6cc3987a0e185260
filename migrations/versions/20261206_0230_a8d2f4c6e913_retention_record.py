"""what was deleted when its time was up

A record of each draft and case the portal deleted at the end of its period
(portal.services.retention), without personal data.

Revision ID: a8d2f4c6e913
Revises: f3a9c6e1b7d4
Create Date: 2026-12-06 02:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a8d2f4c6e913"
down_revision = "f3a9c6e1b7d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "retention_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("counted_from", sa.Date(), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_retention_record_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_record")),
    )
    with op.batch_alter_table("retention_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retention_record_municipality_id"), ["municipality_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("retention_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_record_municipality_id"))
    op.drop_table("retention_record")
