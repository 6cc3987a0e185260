"""login sessions kept on the server

A browser's session (who is logged in, the form token, messages) moves from the signed cookie
into this table; the cookie carries only a random id, stored here as its SHA-256. Downgrading
drops the table: everyone is logged out, as with a changed SECRET_KEY.

Revision ID: 8e4f6a1c2d33
Revises: 9e2f4a6c8b13
Create Date: 2026-12-05 01:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "8e4f6a1c2d33"
down_revision = "9e2f4a6c8b13"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_kind", sa.String(length=10), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_login_session")),
    )
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_session_last_seen_at"), ["last_seen_at"], unique=False
        )
        batch_op.create_index("ix_login_session_user", ["user_kind", "user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_index("ix_login_session_user")
        batch_op.drop_index(batch_op.f("ix_login_session_last_seen_at"))

    op.drop_table("login_session")
