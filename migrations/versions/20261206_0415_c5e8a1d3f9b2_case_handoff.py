"""hand-offs to the case system

Each hand-off of a case's package to the municipality's case system (ESDH) is a row, written
with the outbox message that carries it, with the case system's receipt and case number once
it answers. Downgrading drops the table (the outbox messages stay).

Revision ID: c5e8a1d3f9b2
Revises: e6a2c8f4b1d7
Create Date: 2026-12-06 04:15:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c5e8a1d3f9b2"
down_revision = "e6a2c8f4b1d7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_handoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("receipt", sa.String(length=300), nullable=True),
        sa.Column("esdh_case_number", sa.String(length=100), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_handoff_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_handoff")),
        sa.UniqueConstraint("key", name=op.f("uq_case_handoff_key")),
    )
    with op.batch_alter_table("case_handoff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_handoff_case_id"), ["case_id"])


def downgrade():
    op.drop_table("case_handoff")
