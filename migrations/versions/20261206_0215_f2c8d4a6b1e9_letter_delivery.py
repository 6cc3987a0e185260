"""letters sent as Digital Post

Each decision, hearing and repayment letter to a holder of custody is a row, written with the
decision or hearing and delivered afterwards through Digital Post (or physical post for an
exempt recipient); the day it was delivered is what the complaint deadline counts from.
Downgrading drops the table (the decisions and their letters stay).

Revision ID: f2c8d4a6b1e9
Revises: e4b7c1d9a2f5
Create Date: 2026-12-06 02:15:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f2c8d4a6b1e9"
down_revision = "e4b7c1d9a2f5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "letter_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("recipient_cpr", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("message_uuid", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_letter_delivery_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_letter_delivery_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearing.id"],
            name=op.f("fk_letter_delivery_hearing_id_hearing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_delivery")),
        sa.UniqueConstraint("public_id", name=op.f("uq_letter_delivery_public_id")),
    )
    with op.batch_alter_table("letter_delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_delivery_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_letter_delivery_decision_id"), ["decision_id"])
        batch_op.create_index(batch_op.f("ix_letter_delivery_hearing_id"), ["hearing_id"])


def downgrade():
    op.drop_table("letter_delivery")
