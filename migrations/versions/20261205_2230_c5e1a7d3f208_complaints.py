"""complaints and several decisions per case

A family's complaint about a decision or about the handling time, with its files
(attachment.complaint_id), a hearing on new information, its reconsideration, its forwarding to Ankestyrelsen and
Ankestyrelsen's answer. A case may now have several decisions, numbered by `sequence`; the one
in force has no `superseded_at`. Existing decisions become number 1.

Downgrading keeps only the decision in force of each case (the replaced decisions and their
lines are deleted, since the older schema allows one decision per case) and drops the
complaints; their files stay on their cases.

Revision ID: c5e1a7d3f208
Revises: b7d2e5a91c44
Create Date: 2026-12-05 22:30:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c5e1a7d3f208"
down_revision = "b7d2e5a91c44"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint("uq_decision_case_id", type_="unique")
        batch_op.create_unique_constraint("uq_decision_case_id", ["case_id", "sequence"])

    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("recorded_by_kind", sa.String(length=10), nullable=False),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("reconsider_by", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("reconsidered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reconsidered_by_name", sa.String(length=200), nullable=True),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("forward_note", sa.Text(), nullable=True),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.Column("result_note", sa.Text(), nullable=True),
        sa.Column("result_recorded_by_name", sa.String(length=200), nullable=True),
        sa.Column("previous_due_date", sa.Date(), nullable=True),
        sa.Column("new_due_date", sa.Date(), nullable=True),
        sa.Column("new_decision_id", sa.Integer(), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_complaint_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decision.id"],
            name=op.f("fk_complaint_decision_id_decision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["new_decision_id"],
            ["decision.id"],
            name=op.f("fk_complaint_new_decision_id_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["hearing.id"],
            name=op.f("fk_complaint_hearing_id_hearing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_complaint_decision_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_complaint_public_id")),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complaint_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_attachment_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_attachment_complaint_id_complaint"),
            "complaint",
            ["complaint_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_attachment_complaint_id_complaint"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_attachment_complaint_id"))
        batch_op.drop_column("complaint_id")

    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_case_id"))
    op.drop_table("complaint")
    # The older code knows no complaint statuses: such a case is decided.
    op.execute(
        "UPDATE case_file SET status = 'decided' WHERE status IN ('reconsideration', 'forwarded')"
    )

    # One decision per case again: the one in force stays, renumbered 1.
    for table in ("decision_line", "lost_earnings_grant"):
        op.execute(
            sa.text(
                f"DELETE FROM {table} WHERE decision_id IN "  # noqa: S608 - fixed table names
                "(SELECT id FROM decision WHERE superseded_at IS NOT NULL)"
            )
        )
    op.execute("DELETE FROM decision WHERE superseded_at IS NOT NULL")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint("uq_decision_case_id", type_="unique")
        batch_op.create_unique_constraint("uq_decision_case_id", ["case_id"])
        batch_op.drop_column("superseded_at")
        batch_op.drop_column("sequence")
