"""Hjemmetræning: self-service for families and caseworkers.

`create_app` builds the application; importing the package has no side effects.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(env: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    from portal.config import CONFIGS

    app = Flask(__name__, instance_relative_config=True)
    env = env or os.environ.get("PORTAL_ENV", "production")
    if env not in CONFIGS:
        raise RuntimeError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, not {env!r}")
    app.config.from_mapping(CONFIGS[env](Path(app.instance_path)).as_dict())
    app.config.update(overrides or {})

    from portal.auth.cookie import RenewingSessionInterface

    app.session_interface = RenewingSessionInterface()
    _init_extensions(app)
    _register_blueprints(app)

    from portal import cli, errors, i18n, notify, security, ui

    security.init_app(app)
    i18n.init_app(app)
    ui.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    notify.init_app(app)
    # The objects made while importing and configuring live as long as the process; moving
    # them out of the garbage collector's sight keeps full collections short on requests.
    gc.freeze()
    return app


def _init_extensions(app: Flask) -> None:
    from portal import database, storage
    from portal.extensions import csrf, db, migrate

    database.prepare(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    storage.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine)
    database.guard_read_only()


def _register_blueprints(app: Flask) -> None:
    from portal.apply import attachments as _apply_attachments  # noqa: F401 (routes on apply)
    from portal.apply.views import bp as apply_bp
    from portal.auth.views import bp as auth_bp
    from portal.home import bp as home_bp
    from portal.home import letters as _home_letters  # noqa: F401 (routes on home)
    from portal.staff import access_log as _staff_access_log  # noqa: F401 (routes on staff)
    from portal.staff import actions as _staff_actions  # noqa: F401 (routes on staff)
    from portal.staff import attachments as _staff_attachments  # noqa: F401 (routes on staff)
    from portal.staff import decisions as _staff_decisions  # noqa: F401 (routes on staff)
    from portal.staff import documents as _staff_documents  # noqa: F401 (routes on staff)
    from portal.staff import statistics as _staff_statistics  # noqa: F401 (routes on staff)
    from portal.staff.views import bp as staff_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(apply_bp)
    app.register_blueprint(staff_bp)
