"""staff invited by e-mail to set a password; national administrators; accounts without a
password until set

Revision ID: d3f1a7c2e9b4
Revises: c5e1a7d3b9f2
Create Date: 2026-12-06 05:00:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d3f1a7c2e9b4"
down_revision = "c5e1a7d3b9f2"
branch_labels = None
depends_on = None

# The hash of a password nobody can type: what an account invited but never set up gets on
# downgrade, where the column is NOT NULL again. (Argon2's verify refuses it as malformed.)
_UNUSABLE_HASH = "!unusable"


def upgrade():
    op.create_table(
        "staff_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_user.id"], name=op.f("fk_staff_invitation_staff_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_invitation_token_hash")),
    )
    with op.batch_alter_table("staff_invitation", schema=None) as batch_op:
        batch_op.create_index("ix_staff_invitation_staff_id", ["staff_id"])
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("national", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.alter_column("password_hash", existing_type=sa.String(length=200), nullable=True)


def downgrade():
    op.execute(
        sa.text(
            "UPDATE staff_user SET password_hash = :none WHERE password_hash IS NULL"
        ).bindparams(none=_UNUSABLE_HASH)
    )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.alter_column("password_hash", existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column("national")
    with op.batch_alter_table("staff_invitation", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_invitation_staff_id")
    op.drop_table("staff_invitation")
