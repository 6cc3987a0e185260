"""lost earnings decided per parent

The decision on a request records, per parent who applied for lost earnings (tabt
arbejdsfortjeneste), the monthly amount and weekly hours granted from a start date with an
optional follow-up date (never an end date), or a refusal with its reason, and the day a
reduction or stop of a running grant takes effect. Existing decisions have none.

Revision ID: 4b1e2c7d9a10
Revises: 3b1f0c2a9d4e
Create Date: 2026-12-05 01:00:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "4b1e2c7d9a10"
down_revision = "3b1f0c2a9d4e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "lost_earnings_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("parent_name", sa.String(length=200), nullable=False),
        sa.Column("requested_minutes", sa.Integer(), nullable=False),
        sa.Column("granted_minutes", sa.Integer(), nullable=False),
        sa.Column("monthly_ore", sa.BigInteger(), nullable=False),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("follow_up_date", sa.Date(), nullable=True),
        sa.Column("previous_monthly_ore", sa.BigInteger(), nullable=True),
        sa.Column("takes_effect", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "calculation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.CheckConstraint(
            "monthly_ore >= 0", name=op.f("ck_lost_earnings_grant_monthly_not_negative")
        ),
        sa.CheckConstraint(
            "NOT refused OR monthly_ore = 0",
            name=op.f("ck_lost_earnings_grant_refused_grants_nothing"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_lost_earnings_grant_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lost_earnings_grant")),
        sa.UniqueConstraint(
            "decision_id", "position", name=op.f("uq_lost_earnings_grant_decision_id")
        ),
    )


def downgrade():
    op.drop_table("lost_earnings_grant")
