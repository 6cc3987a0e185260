"""the parent's language

The language a parent chose (Danish or English) is kept with the parent, so that the portal
speaks it again at the next login and writes the parent's e-mails in it.

Revision ID: d1a4e6b8c2f3
Revises: c5d2e8a4f617
Create Date: 2026-12-06 01:10:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d1a4e6b8c2f3"
down_revision = "c5d2e8a4f617"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("parent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table("parent", schema=None) as batch_op:
        batch_op.drop_column("language")
