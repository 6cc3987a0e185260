"""one outbox for everything that leaves the portal, delivered by a worker

Each message has a channel (e-mail first), a moment before which a failed message is not
tried again, the moment it was given up, and what a channel other than e-mail needs. Messages
that had used up their attempts are marked as given up, so the administrator sees them.

Revision ID: f2a8c4e6b1d9
Revises: f2a9c6e1d7b4
Create Date: 2026-12-06 02:10:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "f2a8c4e6b1d9"
down_revision = "f2a9c6e1d7b4"
branch_labels = None
depends_on = None

# The attempts a message had before this revision (portal.notify.outbox.MAX_ATTEMPTS then).
_OLD_MAX_ATTEMPTS = 10


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=20), server_default="email", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "payload",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_notification_failed_at", ["failed_at"], unique=False)
    notification = sa.table(
        "notification",
        sa.column("sent_at", sa.DateTime(timezone=True)),
        sa.column("failed_at", sa.DateTime(timezone=True)),
        sa.column("attempts", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        notification.update()
        .where(notification.c.sent_at.is_(None), notification.c.attempts >= _OLD_MAX_ATTEMPTS)
        .values(failed_at=notification.c.created_at)
    )


def downgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_failed_at")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("payload")
        batch_op.drop_column("channel")
