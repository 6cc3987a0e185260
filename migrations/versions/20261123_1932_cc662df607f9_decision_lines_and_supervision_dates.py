"""decision lines and supervision dates: the decision on each budget line (amount granted,
refusal, reason), the cap the approved expenses were checked against, and the next two
supervision visits

Revision ID: cc662df607f9
Revises: ce7c317a33f8
Create Date: 2026-11-23 19:32:39.296138+00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "cc662df607f9"
down_revision = "ce7c317a33f8"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "decision_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("line_index", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("requested_ore", sa.BigInteger(), nullable=False),
        sa.Column("approved_ore", sa.BigInteger(), nullable=False),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "NOT refused OR approved_ore = 0", name=op.f("ck_decision_line_refused_grants_nothing")
        ),
        sa.CheckConstraint(
            "approved_ore = requested_ore OR reason IS NOT NULL",
            name=op.f("ck_decision_line_reason_unless_in_full"),
        ),
        sa.CheckConstraint(
            "approved_ore >= 0 AND approved_ore <= requested_ore",
            name=op.f("ck_decision_line_approved_within_request"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_decision_line_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_line")),
        sa.UniqueConstraint("decision_id", "line_index", name=op.f("uq_decision_line_decision_id")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("budget_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cap_ore", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("cap_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("next_supervision", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("second_supervision", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("second_supervision")
        batch_op.drop_column("next_supervision")
        batch_op.drop_column("cap_year")
        batch_op.drop_column("cap_ore")
        batch_op.drop_column("budget_year")

    op.drop_table("decision_line")
