"""supervision visits, the family's plan and the caseworker's report

A visit per date named by an approving decision of a training (Bekendtgørelse § 4, stk. 1),
the family's time-and-phase plan for it (Bilag 13) and the record and report after it
(Bilag 14). The data step makes the visits of the decisions already on file: a later
decision's dates replace the earlier decision's visits. Downgrading drops the tables and the
attachments' link to a plan (the files stay on the case).

Revision ID: c5e1a9d47b20
Revises: c5e1a7d3f208
Create Date: 2026-12-05 22:30:00.000000+00:00

"""

import secrets
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c5e1a9d47b20"
down_revision = "c5e1a7d3f208"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "supervision_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("extra", sa.Boolean(), nullable=False),
        sa.Column("moved_from", sa.Date(), nullable=True),
        sa.Column("moved_reason", sa.Text(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("participants", _JSON, nullable=True),
        sa.Column("participants_note", sa.Text(), nullable=True),
        sa.Column("child_heard", sa.Boolean(), nullable=True),
        sa.Column("child_heard_how", sa.Text(), nullable=True),
        sa.Column("report", _JSON, nullable=True),
        sa.Column("recommendation", sa.String(length=20), nullable=True),
        sa.Column("recommendation_reason", sa.Text(), nullable=True),
        sa.Column("report_due", sa.Date(), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("report_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("report_sent_by_name", sa.String(length=200), nullable=True),
        sa.Column("hearing_id", sa.Integer(), nullable=True),
        sa.Column("follow_up", sa.String(length=20), nullable=True),
        sa.Column("follow_up_note", sa.Text(), nullable=True),
        sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_by_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_supervision_visit_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decision.id"], name=op.f("fk_supervision_visit_decision_id_decision")
        ),
        sa.ForeignKeyConstraint(
            ["hearing_id"], ["hearing.id"], name=op.f("fk_supervision_visit_hearing_id_hearing")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_visit")),
        sa.UniqueConstraint("public_id", name=op.f("uq_supervision_visit_public_id")),
    )
    op.create_index(
        op.f("ix_supervision_visit_case_id"), "supervision_visit", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_supervision_visit_decision_id"), "supervision_visit", ["decision_id"], unique=False
    )
    op.create_index(
        op.f("ix_supervision_visit_report_due"), "supervision_visit", ["report_due"], unique=False
    )
    op.create_table(
        "supervision_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("goals", _JSON, nullable=False),
        sa.Column("sections", _JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["supervision_visit.id"],
            name=op.f("fk_supervision_plan_visit_id_supervision_visit"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_plan")),
        sa.UniqueConstraint("public_id", name=op.f("uq_supervision_plan_public_id")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_supervision_plan_visit_id")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("supervision_plan_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_attachment_supervision_plan_id"), ["supervision_plan_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_attachment_supervision_plan_id_supervision_plan"),
            "supervision_plan",
            ["supervision_plan_id"],
            ["id"],
        )
    _visits_of_decisions_on_file()


def _visits_of_decisions_on_file():
    """001, »Tilsyn«: "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen". Each
    approving decision's dates become visits of its training; a later decision's replace
    those still ahead of it, as they would have in the portal."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT d.id, d.decided_at, d.next_supervision, d.second_supervision, c.id, "
            "c.case_type, c.related_case_id FROM decision d JOIN case_file c ON c.id = d.case_id "
            "WHERE d.outcome IN ('approved', 'partly_approved') "
            "AND d.next_supervision IS NOT NULL ORDER BY d.decided_at, d.id"
        )
    ).all()
    by_training = {}
    for decision_id, decided_at, first, second, case_id, case_type, related in rows:
        training = case_id if case_type == "new_application" else related
        if training is None:
            continue
        by_training.setdefault(training, []).append((decision_id, decided_at, first, second))
    visit = sa.table(
        "supervision_visit",
        sa.column("public_id", sa.String),
        sa.column("case_id", sa.Integer),
        sa.column("decision_id", sa.Integer),
        sa.column("planned_on", sa.Date),
        sa.column("extra", sa.Boolean),
        sa.column("replaced_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    values = []
    for training, decisions in by_training.items():
        for position, (decision_id, _decided_at, first, second) in enumerate(decisions):
            later = decisions[position + 1][1] if position + 1 < len(decisions) else None
            for day in (first, second):
                if day is None:
                    continue
                if isinstance(day, str):
                    day = datetime.fromisoformat(day).date()
                if isinstance(later, str):
                    later = datetime.fromisoformat(later)
                if isinstance(later, datetime) and later.tzinfo is None:
                    later = later.replace(tzinfo=UTC)
                values.append(
                    {
                        "public_id": secrets.token_hex(16),
                        "case_id": training,
                        "decision_id": decision_id,
                        "planned_on": day,
                        "extra": False,
                        # A visit whose day had passed when the later decision came stays,
                        # held or missed; only the visits still ahead give way.
                        "replaced_at": later if later and day >= later.date() else None,
                        "created_at": now,
                    }
                )
    if values:
        op.bulk_insert(visit, values)


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_attachment_supervision_plan_id_supervision_plan"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_attachment_supervision_plan_id"))
        batch_op.drop_column("supervision_plan_id")
    op.drop_table("supervision_plan")
    op.drop_index(op.f("ix_supervision_visit_report_due"), table_name="supervision_visit")
    op.drop_index(op.f("ix_supervision_visit_decision_id"), table_name="supervision_visit")
    op.drop_index(op.f("ix_supervision_visit_case_id"), table_name="supervision_visit")
    op.drop_table("supervision_visit")
