"""identity across logins

A parent's subject becomes "cpr:<keyed hash>" whichever login they use (the development
login's "udvikling:<keyed hash>" is renamed: the hash is the same), so parents keep their cases
when they first log in with MitID. Staff gain the single sign-on subject stored at their first
SSO login, and municipalities a switch for local passwords.

The downgrade renames every "cpr:" subject back to "udvikling:", the only login the older code
knows, so parents who came through MitID can still be found by the development login.

Revision ID: 5e8a1c3f7b40
Revises: 7c3d5e9f1b22
Create Date: 2026-12-05 01:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e8a1c3f7b40"
down_revision = "7c3d5e9f1b22"
branch_labels = None
depends_on = None


def _rename_subjects(old: str, new: str) -> None:
    # Both SQLite and PostgreSQL know || and substr (1-based).
    op.execute(
        sa.text(
            "UPDATE parent SET subject = :new || substr(subject, :start) "
            "WHERE subject LIKE :pattern"
        ).bindparams(new=new, start=len(old) + 1, pattern=old + "%")
    )


def upgrade():
    _rename_subjects("udvikling:", "cpr:")
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "password_login_enabled", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sso_subject", sa.String(length=400), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_staff_user_sso_subject"), ["sso_subject"])


def downgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_staff_user_sso_subject"), type_="unique")
        batch_op.drop_column("sso_subject")
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.drop_column("password_login_enabled")
    _rename_subjects("cpr:", "udvikling:")
