"""decision granted before

What other decisions had already granted the child's home training for the budget year when a
decision was made, counted towards the same yearly cap (Bekendtgørelse om hjemmetræning § 6,
stk. 2): the letter says what remains under the cap as it was on the day.

Revision ID: 3b1f0c2a9d4e
Revises: 9638507aef42
Create Date: 2026-12-05 00:30:00.000000+00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3b1f0c2a9d4e"
down_revision = "9638507aef42"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("granted_before_ore", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("granted_before_ore")
