"""the other custody holder's consent

A draft whose family step names a second adult with custody is sent with that adult's
consent, or with the applicant's statement why not: one row per draft with the link's hashed
token, the e-mail address it went to, the keyed hash of a CPR number the applicant may give,
the answer and who gave it (name and login provider), a digest of the answers they read, the
applicant's statement and the state the application was sent in.

Revision ID: 9e2f4a6c8b13
Revises: 5e8a1c3f7b40
Create Date: 2026-12-05 01:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9e2f4a6c8b13"
down_revision = "5e8a1c3f7b40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "custody_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("cpr_hash", sa.String(length=128), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=True),
        sa.Column("answered_by_provider", sa.String(length=40), nullable=True),
        sa.Column("answers_hash", sa.String(length=64), nullable=True),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("state_when_sent", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["draft.id"],
            name=op.f("fk_custody_consent_draft_id_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["parent.id"],
            name=op.f("fk_custody_consent_answered_by_id_parent"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custody_consent")),
        sa.UniqueConstraint("draft_id", name=op.f("uq_custody_consent_draft_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_custody_consent_token_hash")),
    )


def downgrade():
    op.drop_table("custody_consent")
