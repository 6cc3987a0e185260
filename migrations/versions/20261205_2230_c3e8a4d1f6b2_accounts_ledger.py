"""accounts ledger, per-line review and repayment claim

The accounts of a budget year as sent (each granted line with what the ledger sums to, and the
dated entries with their receipts), the caseworker's approved amount per line, and the
repayment claim put to the family in a hearing. Downgrading drops the three tables: the accounts' review and
any proposed claim are lost; the accounts as sent stay in the case's application.

Revision ID: c3e8a4d1f6b2
Revises: c5e1a9d47b20
Create Date: 2026-12-05 22:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c3e8a4d1f6b2"
down_revision = "c5e1a9d47b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accounts_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_key", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("granted_ore", sa.BigInteger(), nullable=False),
        sa.Column("spent_ore", sa.BigInteger(), nullable=False),
        sa.Column("approved_ore", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reviewed_by_name", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "approved_ore IS NULL OR approved_ore >= 0",
            name=op.f("ck_accounts_line_approved_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_accounts_line_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_line")),
        sa.UniqueConstraint("case_id", "position", name=op.f("uq_accounts_line_case_id")),
    )
    op.create_table(
        "ledger_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount_ore >= 0", name=op.f("ck_ledger_entry_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_ledger_entry_attachment_id_attachment"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_ledger_entry_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["accounts_line.id"],
            name=op.f("fk_ledger_entry_line_id_accounts_line"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entry")),
    )
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_entry_attachment_id"), ["attachment_id"])
        batch_op.create_index(batch_op.f("ix_ledger_entry_case_id"), ["case_id"])
        batch_op.create_index(batch_op.f("ix_ledger_entry_line_id"), ["line_id"])
    op.create_table(
        "repayment_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by_name", sa.String(length=200), nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearing.id"],
            name=op.f("fk_repayment_claim_hearing_id_hearing"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_repayment_claim_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["staff_user.id"],
            name=op.f("fk_repayment_claim_proposed_by_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repayment_claim")),
        sa.UniqueConstraint("case_id", name=op.f("uq_repayment_claim_case_id")),
        sa.UniqueConstraint("hearing_id", name=op.f("uq_repayment_claim_hearing_id")),
    )


def downgrade():
    op.drop_table("repayment_claim")
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entry_line_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entry_case_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entry_attachment_id"))
    op.drop_table("ledger_entry")
    op.drop_table("accounts_line")
