"""hearings

A written hearing (partshøring) on a case, and the files sent with the family's answer.
Downgrading drops the table and the attachments' link to it (the files stay on the case).

Revision ID: b7d2e5a91c44
Revises: a1c4e7f2b935
Create Date: 2026-12-05 22:10:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7d2e5a91c44"
down_revision = "a1c4e7f2b935"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hearing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("answer_by", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_by_name", sa.String(length=200), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_hearing_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["staff_user.id"], name=op.f("fk_hearing_sent_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hearing")),
        sa.UniqueConstraint("public_id", name=op.f("uq_hearing_public_id")),
    )
    with op.batch_alter_table("hearing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hearing_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hearing_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_attachment_hearing_id"), ["hearing_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_attachment_hearing_id_hearing"), "hearing", ["hearing_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attachment_hearing_id_hearing"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attachment_hearing_id"))
        batch_op.drop_column("hearing_id")
    with op.batch_alter_table("hearing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hearing_case_id"))
    op.drop_table("hearing")
