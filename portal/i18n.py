"""Danish first, English second. Source strings are Danish; translations/ holds English.

`gettext`, `ngettext` and `lazy_gettext` here are Flask-Babel's, with the request's
translations looked up once per request instead of on every string: a page translates a few
hundred strings (labels, hints, messages), and Flask-Babel finds the locale and the catalogue
anew for each one. Outside a request, and inside `force_locale`, they are Flask-Babel's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from gettext import NullTranslations
from typing import ParamSpec, TypeVar

import flask_babel
from flask import Flask, current_app, has_request_context, request, session
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from portal.extensions import babel

# The translations of the request being handled; None outside a request.
_request_translations: ContextVar[NullTranslations | None] = ContextVar(
    "portal_request_translations", default=None
)


def select_locale() -> str:
    if not has_request_context():
        # A letter or an e-mail made by a command (cron) or a service called outside a
        # request: Danish.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def locale_name() -> str:
    """The reader's language for formatting (portal.rules.formatting takes it by name)."""
    return str(flask_babel.get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _translations() -> NullTranslations:
    translations = _request_translations.get()
    return translations if translations is not None else flask_babel.get_translations()


def gettext(string: str, **variables) -> str:
    translated = _translations().ugettext(string)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    return LazyString(gettext, string, **variables)


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Flask-Babel's force_locale, which also sets aside the request's translations."""
    token = _request_translations.set(None)
    try:
        with flask_babel.force_locale(locale):
            yield
    finally:
        _request_translations.reset(token)


# The language of the case's documents (the dossier, the decision letters, the case ZIP): the
# legal language of the case, whatever the reader's (issue 17: the English pages say so).
DOCUMENT_LANGUAGE = "da"


P = ParamSpec("P")
R = TypeVar("R")


def in_document_language(make: Callable[P, R]) -> Callable[P, R]:
    """Makes what `make` makes (a Word document, the data it is made from) in Danish, also for
    a caseworker or parent who reads the portal in English."""

    @wraps(make)
    def made(*args: P.args, **kwargs: P.kwargs) -> R:
        with force_locale(DOCUMENT_LANGUAGE):
            return make(*args, **kwargs)

    return made


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, **variables) -> str:
    translated = _translations().ugettext(string)
    if eval_ctx.autoescape:
        # The catalogue's own text, as Jinja trusts it; the variables are escaped by `%`.
        translated = Markup(translated)  # noqa: S704
    # Always a format string, as in Jinja's newstyle gettext ("%%" is a percent sign).
    return translated % variables


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_locale=app.config["BABEL_DEFAULT_LOCALE"],
        default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
    )
    # Templates' _() and ngettext(); Jinja's newstyle gettext fills in the variables.
    app.jinja_env.install_gettext_callables(
        lambda string: _translations().ugettext(string),
        lambda singular, plural, num: _translations().ungettext(singular, plural, num),
        newstyle=True,
    )
    # _() and gettext() as newstyle gettext does them, called directly: Jinja's own `_` goes
    # through two more calls to reach it, and a wizard page calls it a few hundred times.
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)

    @app.before_request
    def _bind_translations():
        _request_translations.set(flask_babel.get_translations())

    @app.teardown_request
    def _unbind_translations(_exc):
        _request_translations.set(None)

    @app.context_processor
    def _language():
        return {"current_language": select_locale() if request else "da"}
