"""Every schema change is a migration: upgrade from empty, downgrade back, models match."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db
from tests.conftest import make_app
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
