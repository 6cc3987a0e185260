"""The "bare page" baseline of bench/wizard_load.py: the portal's layout, no database.

Served under gunicorn exactly like the portal (`bare_page:create_app()` with --pythonpath
bench). It renders the portal's own templates/layout/base.html (header with a logged-in
parent and a log-off form, development banner, flashes, footer) through the same Jinja
settings, Flask-Babel locale selection and security headers as the portal, with a session
(a logged-in parent's, with the CSRF token in it) in Flask's signed cookie, verified on every
request and not signed anew. What it leaves out is what the benchmark wants to measure: no
database (the portal's session is a row read by its primary key), no WTForms binding or
validation, no rules.

The page's content is the markup of the goals step ("maal", the largest form of the wizard:
a step indicator and 13 fields with hints and character limits) exactly as the portal served
it earlier in the same benchmark run (BARE_PAGE_MARKUP names the file). Inserting that markup
as a static string, rather than rebuilding a similar form, gives a page of the same size and
the same layout code path, so the difference between a wizard request and this page is the
wizard's own work (database round trips, form binding, macro rendering of the fields).
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template, session
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, DictLoader, FileSystemLoader
from markupsafe import Markup

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "portal"

PAGE = """{% extends "layout/base.html" %}
{% block content %}{{ markup }}{% endblock %}
"""

_PARENT_NAME = "Mette Hansen"

home = Blueprint("home", __name__)
auth = Blueprint("auth", __name__)


@home.get("/")
def index():
    if not session.permanent:
        session.permanent = True  # as a logged-in parent's session is
    return render_template(
        "bench/bare.html",
        title="Mål for træningen",
        markup=current_app.config["BENCH_PAGE_MARKUP"],
    )


# Endpoints the layout links to (url_for must resolve them); never requested by the benchmark.
@home.get("/privatliv")
def privacy():
    return ""


@home.get("/tilgaengelighed")
def accessibility():
    return ""


@auth.post("/log-ud")
def logout():
    return ""


# The warning dialog before the session ends links to these two.
auth.add_url_rule("/log-ind", "login", logout, methods=["GET"])
auth.add_url_rule("/forbliv-logget-ind", "stay_logged_in", logout, methods=["POST"])


def create_app() -> Flask:
    from portal import i18n, security
    from portal.assets import dkfds
    from portal.config import Config

    app = Flask(
        __name__,
        static_folder=str(PORTAL / "static"),
        template_folder=str(PORTAL / "templates"),
    )
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-bare-page-not-secret"),
        SESSION_COOKIE_NAME="portal_session",
        SESSION_COOKIE_SECURE=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=Config.PERMANENT_SESSION_LIFETIME,
        SESSION_REFRESH_EACH_REQUEST=False,
        DEV_LOGIN_ENABLED=True,  # the portal under test shows the development banner too
        BABEL_DEFAULT_LOCALE="da",
        BABEL_DEFAULT_TIMEZONE="Europe/Copenhagen",
        LANGUAGES=("da", "en"),
        DKFDS_PATH=str(ROOT / "node_modules" / "dkfds" / "dist"),
    )
    app.jinja_loader = ChoiceLoader(
        [DictLoader({"bench/bare.html": PAGE}), FileSystemLoader(str(PORTAL / "templates"))]
    )
    # As portal.ui.init_app sets them.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        current_parent_name=lambda: _PARENT_NAME,
        current_staff=lambda: None,
        # The warning before a logged-in parent's session ends, as the portal renders it.
        session_timeout=lambda: {"seconds_left": 3600, "warn_before": 300, "kind": "parent"},
    )

    CSRFProtect(app)  # csrf_token() in templates, the token kept in the session cookie
    i18n.init_app(app)
    security.init_app(app)
    app.register_blueprint(dkfds)
    app.register_blueprint(home)
    app.register_blueprint(auth)

    markup_file = os.environ.get("BARE_PAGE_MARKUP")
    if not markup_file:
        raise RuntimeError("BARE_PAGE_MARKUP must name the file with the page's markup")
    # The portal's own escaped output, captured earlier in the same run: safe as it is.
    markup = Path(markup_file).read_text(encoding="utf-8")
    app.config["BENCH_PAGE_MARKUP"] = Markup(markup)  # noqa: S704
    return app
