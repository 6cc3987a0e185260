"""helper rates per year

A municipality's helper rate was one amount with the year of its level
("helper_hourly_rate", "helper_rate_year"); it is now a rate per year
("helper_hourly_rates": {"2022": "133"}), with holiday pay and whether family members may be
paid helpers beside it. The stored settings of each municipality are rewritten; downgrading
keeps the latest year's rate and drops what the older code does not know.

Revision ID: 7c3d5e9f1b22
Revises: 4b1e2c7d9a10
Create Date: 2026-12-05 01:10:00.000000+00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7c3d5e9f1b22"
down_revision = "4b1e2c7d9a10"
branch_labels = None
depends_on = None

# The defaults of the time (Esbjerg Kommune's guide, June 2022: 133 kr./time, 2022-niveau).
_RATE, _YEAR = "133.00", 2022

_municipality = sa.table(
    "municipality", sa.column("id", sa.Integer), sa.column("settings_data", sa.JSON)
)


def _rewrite(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_municipality.c.id, _municipality.c.settings_data))
    for row_id, data in rows.all():
        new = change(dict(data or {}))
        if new is not None:
            connection.execute(
                _municipality.update().where(_municipality.c.id == row_id).values(settings_data=new)
            )


def _per_year(data: dict) -> dict | None:
    if "helper_hourly_rate" not in data and "helper_rate_year" not in data:
        return None
    rate = data.pop("helper_hourly_rate", _RATE)
    year = data.pop("helper_rate_year", _YEAR)
    data["helper_hourly_rates"] = {str(year): str(rate)}
    return data


def _one_rate(data: dict) -> dict | None:
    known = ("helper_hourly_rates", "helper_holiday_pay_percent", "family_helpers_allowed")
    if not any(key in data for key in known):
        return None
    rates = data.pop("helper_hourly_rates", None) or {}
    data.pop("helper_holiday_pay_percent", None)
    data.pop("family_helpers_allowed", None)
    if rates:
        year = max(rates, key=int)
        data["helper_hourly_rate"] = str(rates[year])
        data["helper_rate_year"] = int(year)
    return data


def upgrade():
    _rewrite(_per_year)


def downgrade():
    _rewrite(_one_rate)
