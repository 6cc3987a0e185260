"""the yearly figures (cap, lost-earnings ceiling, ATP rates) as data, seeded from the figures
the portal was shipped with

Revision ID: e6a2c8f4b1d7
Revises: d3f1a7c2e9b4
Create Date: 2026-12-06 05:10:00.000000+00:00

"""

import json
from datetime import datetime, UTC
from decimal import Decimal
from pathlib import Path

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "e6a2c8f4b1d7"
down_revision = "d3f1a7c2e9b4"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
# The figures the portal was shipped with, each with its source (portal/rules/data/).
_SEED = Path(__file__).resolve().parents[2] / "portal" / "rules" / "data"
_FILES = {
    "cap": "caps.json",
    "lost_earnings_ceiling": "lost_earnings_ceilings.json",
    "atp": "atp_rates.json",
}


def _seed_rows():
    added_at = datetime(2026, 12, 6, 5, 10, tzinfo=UTC)
    for kind, name in _FILES.items():
        document = json.loads((_SEED / name).read_text(encoding="utf-8"))
        for item in document["figures"]:
            yield {
                "kind": kind,
                "year": int(item["year"]),
                "amount": Decimal(item["amount"]) if "amount" in item else None,
                "data": {"tiers": item["tiers"]} if "tiers" in item else {},
                "source": item["source"],
                "source_date": None,
                "added_by": "portal",
                "added_at": added_at,
            }


def upgrade():
    table = op.create_table(
        "yearly_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("data", _JSON, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_date", sa.Date(), nullable=True),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yearly_figure")),
        sa.UniqueConstraint("kind", "year", name=op.f("uq_yearly_figure_kind_year")),
    )
    op.bulk_insert(table, list(_seed_rows()))


def downgrade():
    op.drop_table("yearly_figure")
