"""calendar feed links

A parent's secret link to the .ics feed of their year; only the token's SHA-256 is kept.
Downgrading drops the table: every calendar link stops working.

Revision ID: a1c4e7f2b935
Revises: 8e4f6a1c2d33
Create Date: 2026-12-05 02:10:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a1c4e7f2b935"
down_revision = "8e4f6a1c2d33"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["parent.id"],
            name=op.f("fk_calendar_feed_parent_id_parent"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("parent_id", name=op.f("uq_calendar_feed_parent_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_hash")),
    )


def downgrade():
    op.drop_table("calendar_feed")
