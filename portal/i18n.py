"""Danish first, English second. Source strings are Danish; translations/ holds English."""

from __future__ import annotations

from flask import Flask, current_app, request, session

from portal.extensions import babel


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_locale=app.config["BABEL_DEFAULT_LOCALE"],
        default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
    )

    @app.context_processor
    def _language():
        return {"current_language": select_locale() if request else "da"}
