"""the end or change of a home training

A case may now exist without a draft: the family's notice that it ends the training is sent
from a page of its own, and the municipality opens a case on its own motion to adjust, reduce
or stop a training. Each is linked to the training by a training_change row, and to the
hearing the family had on the municipality's proposal.

Downgrading removes those cases with their history, decisions and access log (the older
portal cannot show a case without a draft), then makes the draft required again.

Revision ID: c5d2e8a4f617
Revises: c3e8a4d1f6b2
Create Date: 2026-12-05 22:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c5d2e8a4f617"
down_revision = "c3e8a4d1f6b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.alter_column("draft_id", existing_type=sa.Integer(), nullable=True)

    op.create_table(
        "training_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("initiated_by", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("needs_instead", sa.Text(), nullable=True),
        sa.Column("basis", sa.Text(), nullable=True),
        sa.Column("by_agreement", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("decided_effective_on", sa.Date(), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearing.id"],
            name=op.f("fk_training_change_hearing_id_hearing"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_training_change_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_id"],
            ["case_file.id"],
            name=op.f("fk_training_change_training_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_change")),
        sa.UniqueConstraint("case_id", name=op.f("uq_training_change_case_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_training_change_public_id")),
    )
    with op.batch_alter_table("training_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_change_training_id"), ["training_id"], unique=False
        )


# What points at a case without a draft, removed before the case (SQLite may not cascade).
_REMOVE = (
    "DELETE FROM decision_line WHERE decision_id IN (SELECT id FROM decision WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL))",
    "DELETE FROM lost_earnings_grant WHERE decision_id IN (SELECT id FROM decision WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL))",
    "DELETE FROM decision WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "DELETE FROM case_event WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "DELETE FROM information_request WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "DELETE FROM delay_notice WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "DELETE FROM access_log WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "DELETE FROM attachment WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "UPDATE notification SET case_id = NULL WHERE case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "UPDATE case_file SET related_case_id = NULL WHERE related_case_id IN (SELECT id FROM case_file WHERE draft_id IS NULL)",
    "DELETE FROM case_file WHERE draft_id IS NULL",
)


def downgrade():
    with op.batch_alter_table("training_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_change_training_id"))
    op.drop_table("training_change")
    for statement in _REMOVE:
        op.execute(statement)

    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.alter_column("draft_id", existing_type=sa.Integer(), nullable=False)
