"""Jinja's wiring: what every page's templates can use: the portal's formatting
(portal.rules.formatting) in the reader's language, the names of things
(portal.rules.labels), the fields' markup and who is logged in."""

from __future__ import annotations

from flask import Flask, g
from markupsafe import Markup

from portal.forms.base import error_targets
from portal.forms.render import field
from portal.forms.settings import label_text, value_text
from portal.forms.steps import display, week_order
from portal.i18n import gettext, locale_name
from portal.identity.session import current_parent_name, current_staff, session_timeout
from portal.rules import formatting
from portal.rules.i18n import plural_count
from portal.rules.labels import label


def _in_language(format_value):
    def formatted(value, *args, **kwargs) -> str:
        return format_value(value, *args, locale=locale_name(), **kwargs)

    formatted.__name__ = format_value.__name__
    return formatted


def _label(value: str | None, concept: str) -> str:
    """`{{ case.status | label("status") }}`: the value's name in the reader's language."""
    return gettext(label(concept, value)) if value else ""


def _page_municipality() -> dict:
    """The municipality whose case or application the page shows, for its contact details in
    the footer: set by the views' loaders (home.cases.own_case, staff.case_page.
    municipality_case, apply.views.own_draft) once the case is known to be the reader's."""
    return {"page_municipality": g.get("page_municipality")}


def _cite(source: str | None) -> Markup:
    """`{{ finding.source | cite }}`: a source the rules cite (a law, an executive order, the
    municipality's guide) by its Danish title, which is the same in every language. Marked as
    Danish so that a screen reader on an English page speaks it as Danish (WCAG 3.1.2)."""
    if not source:
        return Markup("")
    return Markup('<span lang="da">%s</span>') % source


def init_app(app: Flask) -> None:
    for name in ("money", "number", "percent", "long_date", "short_date", "file_size", "listing"):
        app.jinja_env.filters[name] = _in_language(getattr(formatting, name))
    # `ngettext(..., hours | plural_count, ...)`: a count that may be a fraction ("1,5 timer").
    app.jinja_env.filters["plural_count"] = plural_count
    app.jinja_env.filters["cpr"] = formatting.cpr
    app.jinja_env.filters["clock"] = formatting.clock
    app.jinja_env.filters["label"] = _label
    app.jinja_env.filters["cite"] = _cite
    # `{{ change.new_value | setting_value(change.subject) }}`: "4 måneder", "15. november".
    app.jinja_env.filters["setting_value"] = value_text
    app.jinja_env.globals.update(
        current_parent_name=current_parent_name,
        current_staff=current_staff,
        session_timeout=session_timeout,
        display=display,
        error_targets=error_targets,
        field=field,
        label_text=label_text,
        week_order=week_order,
    )
    app.context_processor(_page_municipality)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
