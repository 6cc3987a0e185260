"""Det Fælles Designsystem's files (the npm package dkfds, installed by the set-up scripts and
served as installed: nothing of it is copied into the repository)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, send_from_directory

dkfds = Blueprint("dkfds", __name__)


@dkfds.route("/static/dkfds/<path:filename>")
def asset(filename: str):
    return send_from_directory(current_app.config["DKFDS_PATH"], filename, max_age=86400)


def init_app(app: Flask) -> None:
    css = Path(app.config["DKFDS_PATH"]) / "css" / "dkfds-borgerdk.min.css"
    if not css.is_file():
        raise RuntimeError(
            f"Det Fælles Designsystem is not installed at {css.parent.parent}. "
            "Run `npm ci` (the README's commands do it)."
        )
    app.register_blueprint(dkfds)
