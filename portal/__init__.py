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

    # Static files are built and served by portal.assets (hashed names, compressed).
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    env = env or os.environ.get("PORTAL_ENV", "production")
    if env not in CONFIGS:
        raise RuntimeError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, not {env!r}")
    app.config.from_mapping(CONFIGS[env](Path(app.instance_path)).as_dict())
    app.config.update(overrides or {})

    from portal.identity.store import ServerSessionInterface

    app.session_interface = ServerSessionInterface()
    _init_extensions(app)
    _register_blueprints(app)

    from portal import (
        assets,
        case_package,
        cli,
        errors,
        i18n,
        limits,
        notify,
        security,
        ui,
        worker,
    )

    security.init_app(app)
    i18n.init_app(app)
    assets.init_app(app)
    ui.init_app(app)
    errors.init_app(app)
    limits.init_app(app)
    cli.init_app(app)
    notify.init_app(app)
    case_package.register()
    worker.init_app(app)
    # The objects made while importing and configuring live as long as the process; moving
    # them out of the garbage collector's sight keeps full collections short on requests.
    gc.freeze()
    return app


def _init_extensions(app: Flask) -> None:
    from portal import case_system, crypto, database, digital_post, registers, storage
    from portal.extensions import csrf, db, migrate

    crypto.init_app(app)
    database.prepare(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    storage.init_app(app)
    registers.init_app(app)
    digital_post.init_app(app)
    case_system.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine)
    database.guard_read_only()


def _register_blueprints(app: Flask) -> None:
    from portal import apply, auth, home, staff

    for area in (home, auth, apply, staff):
        app.register_blueprint(area.bp)
