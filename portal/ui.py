"""What every page needs: the design system's files, and Danish formatting of dates and money."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from flask import Blueprint, Flask, current_app, send_from_directory
from flask_babel import format_date, format_datetime, format_decimal

dkfds = Blueprint("dkfds", __name__)


@dkfds.route("/static/dkfds/<path:filename>")
def asset(filename: str):
    # The npm package is served as installed; nothing of it is copied into the repository.
    return send_from_directory(current_app.config["DKFDS_PATH"], filename, max_age=86400)


def money(value: Decimal | int | str | None) -> str:
    """1234.5 -> "1.234,50 kr." as Danish readers expect."""
    if value in (None, ""):
        return ""
    return f"{format_decimal(Decimal(value), format='#,##0.00')} kr."


def danish_date(value: date | datetime | None, style: str = "long") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "d. MMMM y 'kl.' HH:mm")
    return format_date(value, "d. MMMM y" if style == "long" else "dd-MM-y")


def init_app(app: Flask) -> None:
    css = Path(app.config["DKFDS_PATH"]) / "css" / "dkfds-borgerdk.min.css"
    if not css.is_file():
        raise RuntimeError(
            f"Det Fælles Designsystem is not installed at {css.parent.parent}. "
            "Run `npm ci` (the README's commands do it)."
        )
    app.register_blueprint(dkfds)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["danish_date"] = danish_date
    app.jinja_env.filters["format_number"] = format_decimal
    from portal.auth.session import current_parent_name, current_staff
    from portal.forms.render import answer_list, field
    from portal.services.answers import display, error_targets

    app.jinja_env.globals.update(
        current_parent_name=current_parent_name,
        current_staff=current_staff,
        display=display,
        error_targets=error_targets,
        field=field,
        answer_list=answer_list,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
