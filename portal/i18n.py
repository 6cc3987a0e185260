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
from flask import Flask, current_app, has_app_context, has_request_context, request, session
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from portal.extensions import babel
from portal.rules import formatting
from portal.rules.i18n import Listed, Plural

P = ParamSpec("P")
T = TypeVar("T")

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


def _in_reader_language(variables: dict) -> dict:
    """Amounts, numbers and dates the portal wrote the Danish way (the rules write Danish),
    written again in the reader's language: no "7,5 hours" on an English page."""
    if not has_app_context() or not any(
        isinstance(value, formatting.Written) for value in variables.values()
    ):
        return variables
    locale = locale_name()
    return {key: formatting.in_language(value, locale) for key, value in variables.items()}


def gettext(string: str, **variables) -> str:
    translated = _translations().ugettext(string)
    return translated % _in_reader_language(variables) if variables else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, num) % _in_reader_language(variables)


def plural_gettext(counted: Plural) -> str:
    """A counted message of the rules (portal.rules.i18n.N_plural) in the reader's language."""
    translated = _translations().ungettext(counted.singular, counted.plural, counted.count)
    return translated % _in_reader_language(dict(counted.params)) if counted.params else translated


def param_text(value: object) -> str:
    """A value for a rules message's placeholder in the reader's language: a counted phrase
    (Plural) or a list (Listed) is worded here; anything else is already text."""
    if isinstance(value, Plural):
        return plural_gettext(value)
    if isinstance(value, Listed):
        return formatting.listing(value.items, locale_name())
    if isinstance(value, formatting.Written):
        # An amount or a date the rules wrote the Danish way, written again for the reader.
        return formatting.in_language(value, locale_name())
    return str(value)


def lazy_gettext(string: str, **variables) -> LazyString:
    return LazyString(gettext, string, **variables)


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Flask-Babel's force_locale, which also sets aside the request's translations."""
    token = _request_translations.set(None)
    try:
        with flask_babel.force_locale(locale):
            # Looked up once for the block, not on every string (a dossier has thousands).
            _request_translations.set(flask_babel.get_translations())
            yield
    finally:
        _request_translations.reset(token)


def in_danish(function: Callable[P, T]) -> Callable[P, T]:
    """For what becomes part of the case's record: a Word document, a letter, a text stored on
    the case. Danish, the legal language of the case, whichever language the reader chose
    (an English page says so where it offers a document)."""

    @wraps(function)
    def in_danish(*args: P.args, **kwargs: P.kwargs) -> T:
        with force_locale("da"):
            return function(*args, **kwargs)

    return in_danish


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, **variables) -> str:
    translated = _translations().ugettext(string)
    if eval_ctx.autoescape:
        # The catalogue's own text, as Jinja trusts it; the variables are escaped by `%`.
        translated = Markup(translated)  # noqa: S704
    # Always a format string, as in Jinja's newstyle gettext ("%%" is a percent sign).
    return translated % _in_reader_language(variables)


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
    # The reader's language where a macro needs it (macros do not see the page's context).
    app.jinja_env.globals["reader_language"] = locale_name

    @app.before_request
    def _bind_translations():
        _request_translations.set(flask_babel.get_translations())

    @app.teardown_request
    def _unbind_translations(_exc):
        _request_translations.set(None)

    @app.context_processor
    def _language():
        return {"current_language": select_locale() if request else "da"}
