"""late supervision visits found by index

The staff list asks on every page which cases have a late supervision visit or report
(portal.services.workspace). With 100,000 cases that meant reading every visit ever held;
two partial indexes hold only the visits that can be late: not yet held, or held with the
report not yet sent.

Downgrade: drops the two indexes.

Revision ID: f2a9c6e1d7b4
Revises: a8d2f4c6e913
Create Date: 2026-12-06 02:45:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f2a9c6e1d7b4"
down_revision = "a8d2f4c6e913"
branch_labels = None
depends_on = None

UNHELD = "replaced_at IS NULL AND held_on IS NULL"
UNREPORTED = "replaced_at IS NULL AND held_on IS NOT NULL AND report_sent_at IS NULL"


def upgrade():
    op.create_index(
        "ix_visit_unheld_planned",
        "supervision_visit",
        ["planned_on"],
        postgresql_where=sa.text(UNHELD),
        sqlite_where=sa.text(UNHELD),
    )
    op.create_index(
        "ix_visit_unreported_due",
        "supervision_visit",
        ["report_due"],
        postgresql_where=sa.text(UNREPORTED),
        sqlite_where=sa.text(UNREPORTED),
    )


def downgrade():
    op.drop_index("ix_visit_unreported_due", table_name="supervision_visit")
    op.drop_index("ix_visit_unheld_planned", table_name="supervision_visit")
