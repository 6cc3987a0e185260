"""The shared form base: whitespace stripped from every text answer, CSRF checked globally.

Every POST is protected by CSRFProtect (portal.extensions.csrf) before a view runs, so forms
do not carry a second token of their own; templates render `csrf_token()` once per form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, FieldList, Form, FormField, SelectChoice
from wtforms.widgets.core import clean_key

from portal.forms import widgets
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.rules.i18n import N_
from portal.rules.labels import LABELS, Concept


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class _Messages:
    """WTForms' own few messages, in the portal's words and the reader's language. They appear
    only when a posted value is not one of the choices on the page (a tampered or outdated
    form)."""

    _ONE = N_("Vælg en af mulighederne.")
    _SOME = N_("Vælg blandt mulighederne.")
    OURS = {
        "Not a valid choice.": _ONE,
        "Invalid Choice: could not coerce.": _ONE,
        "'%(value)s' is not a valid choice for this field.": _ONE,
        "'%(value)s' are not valid choices for this field.": _SOME,
        "Invalid choice(s): one or more data inputs could not be coerced.": _SOME,
    }

    def gettext(self, string: str) -> str:
        ours = self.OURS.get(string)
        return gettext(ours) if ours is not None else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


_MESSAGES = _Messages()
# Fields that hold other fields: their own fields get the filter, not they.
_CONTAINERS = (FieldList, FormField)


class _StripMeta:
    def get_translations(self, form):
        return _MESSAGES

    def bind_field(self, form, unbound_field, options):
        if issubclass(unbound_field.field_class, _CONTAINERS):
            return unbound_field.bind(form=form, **options)
        filters = [*unbound_field.kwargs.get("filters", ()), _strip]
        return unbound_field.bind(form=form, filters=filters, **options)

    def render_field(self, field: Field, render_kw: dict) -> Markup:
        # As WTForms' DefaultMeta.render_field, with the standard widgets written by
        # portal.forms.widgets (the same HTML, faster).
        params = {clean_key(k): v for k, v in render_kw.items()}
        if field.render_kw is not None:
            params = {**{clean_key(k): v for k, v in field.render_kw.items()}, **params}
        return widgets.render(field, dict(params)) or field.widget(field, **params)


class BaseForm(FlaskForm):
    class Meta(_StripMeta):
        csrf = False


class ItemForm(Form):
    """One entry of a repeated list (a sibling, a goal, a budget line); nested in a FieldList."""

    class Meta(_StripMeta):
        pass


def choices(concept: Concept, values: Iterable[str] | None = None) -> list[SelectChoice]:
    """The options of a choice among the values of a concept of portal.rules.labels (all of
    them, in the rules' order, unless `values` are given), named as everywhere else."""
    labels = LABELS[concept]
    return [SelectChoice(value, _l(labels[value])) for value in (values or labels)]


def leaf_fields(form: Form | FormField) -> Iterator[Field]:
    """Every answerable field, in display order, entries of lists included."""
    for f in form:
        if isinstance(f, FieldList):
            for entry in f.entries:
                yield from leaf_fields(entry.form if isinstance(entry, FormField) else entry)
        elif isinstance(f, FormField):
            yield from leaf_fields(f.form)
        else:
            yield f


def error_targets(form: Form) -> list[tuple[str, str]]:
    """(element id, message) for the error summary, in the order of the page."""
    targets: list[tuple[str, str]] = []
    for f in form:
        targets.extend(_field_targets(f))
    return targets


def _field_targets(f: Field) -> list[tuple[str, str]]:
    if isinstance(f, FieldList):
        targets = []
        for entry in f.entries:
            for sub in entry.form if isinstance(entry, FormField) else [entry]:
                targets.extend(_field_targets(sub))
        for message in f.errors:
            if isinstance(message, str):
                targets.append((f"{f.id}-list", message))
        return targets
    if isinstance(f, FormField):
        return [t for sub in f.form for t in _field_targets(sub)]
    if not f.errors:
        return []
    target = f"{f.id}-0" if f.type in ("RadioField", "MultiCheckboxField") else f.id
    return [(target, f.errors[0])]
