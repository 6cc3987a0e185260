"""Every field renders through `field`, so every page gets the same accessible markup: a label
tied to the input, the hint and the error linked by aria-describedby, "Fejl:" read out before
the error, the character limit shown and announced.

Written in Python rather than as a Jinja macro because it runs for every field of every
wizard page: the same markup as a macro costs 15-20 % more CPU on the pages with the most
fields (the goals, the considerations, the budget), measured by bench/markup_cost.py against
bench/templates/field.html. Every value is escaped here (tests/test_widgets.py shows it); the
inputs themselves are WTForms' widgets as portal.forms.widgets writes them.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import Field

from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.rules import formatting

_CHOICE_TYPES = ("RadioField", "MultiCheckboxField")


def _describedby(f: Field) -> str:
    ids = []
    if f.description:
        ids.append(f"{f.id}-hint")
    if f.flags.limit and f.type == "TextAreaField":
        ids.append(f"{f.id}-limit")
    if f.errors:
        ids.append(f"{f.id}-error")
    return " ".join(ids)


def _label_text(f: Field) -> str:
    text = str(escape(f.label.text))
    if f.flags.optional:
        text += f' <span class="optional">{escape(_("(frivilligt)"))}</span>'
    return text


def _hint_and_error(f: Field) -> str:
    parts = []
    if f.description:
        parts.append(
            f'<span class="form-hint" id="{escape(f.id)}-hint">{escape(f.description)}</span>'
        )
    if f.errors:
        parts.append(
            f'<span class="form-error-message" id="{escape(f.id)}-error">'
            f'<span class="sr-only">{escape(_("Fejl:"))} </span>{escape(f.errors[0])}</span>'
        )
    return "\n".join(parts)


def _choices(f: Field, described: str) -> str:
    if f.type == "RadioField":
        kind, css = "radio", "form-radio radio-large"
    else:
        kind, css = "checkbox", "form-checkbox checkbox-large"
    name = escape(f.name)
    options = "".join(
        f'<li><input class="{css}" type="{kind}" id="{escape(option.id)}" name="{name}" '
        f'value="{escape(option.data)}"{" checked" if option.checked else ""}>'
        f'<label for="{escape(option.id)}">{escape(option.label.text)}</label></li>\n'
        for option in f
    )
    describedby = f' aria-describedby="{escape(described)}"' if described else ""
    # The fieldset carries the question's id, so that advice about the answer can link to it.
    return (
        f'<fieldset id="{escape(f.id)}"{describedby}>\n'
        f'<legend class="form-label">{_label_text(f)}</legend>\n'
        f'{_hint_and_error(f)}\n<ul class="nobullet-list">\n{options}</ul>\n</fieldset>'
    )


def _labelled(f: Field, control: str) -> str:
    return (
        f'<label class="form-label" for="{escape(f.id)}">{_label_text(f)}</label>\n'
        f"{_hint_and_error(f)}\n{control}"
    )


def _textarea(f: Field, attrs: dict) -> str:
    limit = f.flags.limit
    if not limit:
        return f(class_="form-input", rows=5, **attrs)
    css = "form-input form-limit-error" if f.errors else "form-input"
    text = _("Du kan skrive op til %(limit)s tegn", limit=formatting.number(limit, locale_name()))
    return (
        f'<div class="form-limit" data-maxlength="{escape(limit)}">\n'
        f"{f(class_=css, rows=5, **attrs)}\n"
        f'<span class="form-hint character-limit" id="{escape(f.id)}-limit">{escape(text)}</span>\n'
        '<span class="character-limit-sr-only sr-only" aria-live="polite"></span>\n</div>'
    )


def field(f: Field) -> Markup:
    """The DKFDS form group of one field: label (or legend), hint, error, input."""
    described = _describedby(f)
    attrs = {"aria-describedby": described} if described else {}
    if f.errors:
        attrs["aria-invalid"] = "true"
    if f.type in _CHOICE_TYPES:
        inner = _choices(f, described)
    elif f.type == "SelectField":
        inner = _labelled(f, f(class_="form-select", **attrs))
    elif f.type == "TextAreaField":
        inner = _labelled(f, _textarea(f, attrs))
    else:
        extra = (f.render_kw or {}).get("class", "")
        inner = _labelled(f, f(class_=f"form-input {extra}", **attrs))
    group = "form-group form-error" if f.errors else "form-group"
    # Every value above went through escape(); the inputs are WTForms' widgets' own markup.
    return Markup(f'<div class="{group}">\n{inner}\n</div>\n')  # noqa: S704
