"""Every schema change is a migration: upgrade from empty, downgrade back, models match."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from portal.extensions import db
from portal.models import Municipality
from portal.services import training
from portal.timeutil import now_utc, today_local
from tests.conftest import make_app
from tests.support import factories, tracking
from tests.support.databases import fresh_database


def test_upgrade_from_empty_matches_the_models_and_downgrades_to_empty(tmp_path):
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {"case_file", "draft", "draft_step", "municipality", "staff_user"} <= tables

            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                assert compare_metadata(context, db.metadata) == []

            flask_migrate.downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()


def test_a_municipalitys_helper_rate_becomes_a_rate_per_year_and_back(tmp_path):
    # Stored settings from before the rates per year must still be read after the upgrade
    # (an unknown key is refused by portal.rules.settings), and the downgrade gives the
    # older code what it knows.
    old = {"helper_hourly_rate": "140.00", "helper_rate_year": 2023, "holiday_weeks": 6}
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade(revision="4b1e2c7d9a10")
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO municipality (code, name, settings_data, publish_statistics,"
                        " created_at) VALUES ('561', 'Esbjerg Kommune', :data, false, :now)"
                    ),
                    {"data": json.dumps(old), "now": datetime(2026, 1, 1, tzinfo=UTC)},
                )
            flask_migrate.upgrade()
            municipality = db.session.scalar(select(Municipality))
            assert municipality.settings_data == {
                "helper_hourly_rates": {"2023": "140.00"},
                "holiday_weeks": 6,
            }
            assert municipality.settings.helper_hourly_rates == {2023: Decimal("140.00")}
            db.session.remove()
            flask_migrate.downgrade(revision="4b1e2c7d9a10")
            with db.engine.connect() as connection:
                stored = connection.execute(text("SELECT settings_data FROM municipality")).scalar()
            stored = json.loads(stored) if isinstance(stored, str) else stored
            assert stored == old
            db.engine.dispose()


def test_parents_of_the_development_login_keep_their_subject_as_a_cpr_hash_and_back(tmp_path):
    # Issue 15: "existing parents keep their cases when they first log in with MitID (their
    # subject is the same keyed hash of the CPR number)".
    digest = "ab" * 32
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade(revision="7c3d5e9f1b22")
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO parent (subject, name, created_at) VALUES"
                        " (:subject, 'Mette Hansen', :now), ('bulk:1', 'Anden', :now)"
                    ),
                    {"subject": f"udvikling:{digest}", "now": datetime(2026, 1, 1, tzinfo=UTC)},
                )
            flask_migrate.upgrade()
            subjects = set(db.session.scalars(text("SELECT subject FROM parent")))
            assert subjects == {f"cpr:{digest}", "bulk:1"}
            db.session.remove()

            flask_migrate.downgrade(revision="7c3d5e9f1b22")
            subjects = set(db.session.scalars(text("SELECT subject FROM parent")))
            assert subjects == {f"udvikling:{digest}", "bulk:1"}
            db.session.remove()
            db.engine.dispose()


def test_cases_without_a_draft_go_on_downgrade_and_the_rest_stay(tmp_path):
    # The end of a training is a case without a draft; the older portal cannot show one, so
    # the downgrade removes those cases with what hangs on them and makes the draft required.
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            person, _cpr = tracking.parent()
            worker = factories.staff(esbjerg)
            approved = tracking.submitted_case(
                person, esbjerg, received=today_local() - timedelta(days=300)
            )
            tracking.decide(approved, worker, on=today_local() - timedelta(days=200))
            change = training.end_by_family(
                approved,
                person,
                last_day=today_local() + timedelta(days=30),
                reason="Vi flytter.",
                needs_instead=None,
                now=now_utc(),
            )
            db.session.commit()
            ending, kept = change.case.number, approved.number
            db.session.remove()

            flask_migrate.downgrade(revision="b7d2e5a91c44")
            numbers = set(db.session.scalars(text("SELECT number FROM case_file")))
            assert numbers == {kept} and ending not in numbers
            assert "training_change" not in inspect(db.engine).get_table_names()
            columns = {c["name"]: c for c in inspect(db.engine).get_columns("case_file")}
            assert columns["draft_id"]["nullable"] is False
            db.session.remove()
            flask_migrate.upgrade()
            db.engine.dispose()
