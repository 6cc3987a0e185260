"""Every field renders through `field`, so every page gets the same accessible markup: a label
tied to the input, the hint and the error linked by aria-describedby, "Fejl:" read out before
the error, the character limit shown and announced.

Written in Python rather than as a Jinja macro because it runs for every field of every
wizard page: as a macro it was the largest single part of rendering a step. The inputs
themselves are still WTForms' widgets (values, choices and escaping as WTForms does them).
"""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal
from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms import Field

from portal.i18n import gettext as _

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


def _label_text(f: Field) -> Markup:
    text = escape(f.label.text)
    if f.flags.optional:
        text += Markup(' <span class="optional">%s</span>') % _("(frivilligt)")
    return text


def _hint_and_error(f: Field) -> Markup:
    parts = []
    if f.description:
        parts.append(
            Markup('<span class="form-hint" id="%s-hint">%s</span>') % (f.id, f.description)
        )
    if f.errors:
        parts.append(
            Markup(
                '<span class="form-error-message" id="%s-error">'
                '<span class="sr-only">%s </span>%s</span>'
            )
            % (f.id, _("Fejl:"), f.errors[0])
        )
    return Markup("\n").join(parts)


def _choices(f: Field, described: str) -> Markup:
    if f.type == "RadioField":
        kind, css = "radio", "form-radio radio-large"
    else:
        kind, css = "checkbox", "form-checkbox checkbox-large"
    options = Markup("").join(
        Markup(
            '<li><input class="%s" type="%s" id="%s" name="%s" value="%s"%s>'
            '<label for="%s">%s</label></li>\n'
        )
        % (
            css,
            kind,
            option.id,
            f.name,
            option.data,
            Markup(" checked") if option.checked else "",
            option.id,
            option.label.text,
        )
        for option in f
    )
    return Markup(
        '<fieldset%s>\n<legend class="form-label">%s</legend>\n%s\n'
        '<ul class="nobullet-list">\n%s</ul>\n</fieldset>'
    ) % (
        Markup(' aria-describedby="%s"') % described if described else "",
        _label_text(f),
        _hint_and_error(f),
        options,
    )


def _labelled(f: Field, control: Markup) -> Markup:
    return Markup('<label class="form-label" for="%s">%s</label>\n%s\n%s') % (
        f.id,
        _label_text(f),
        _hint_and_error(f),
        control,
    )


@lru_cache(maxsize=64)
def _number(value: int, locale: str) -> str:
    # Babel's formatting looks the locale's rules up on every call; a page has many limits.
    return format_decimal(value, locale=locale)


def _textarea(f: Field, attrs: dict) -> Markup:
    limit = f.flags.limit
    if not limit:
        return f(class_="form-input", rows=5, **attrs)
    css = "form-input form-limit-error" if f.errors else "form-input"
    return Markup(
        '<div class="form-limit" data-maxlength="%s">\n%s\n'
        '<span class="form-hint character-limit" id="%s-limit">%s</span>\n'
        '<span class="character-limit-sr-only sr-only" aria-live="polite"></span>\n</div>'
    ) % (
        limit,
        f(class_=css, rows=5, **attrs),
        f.id,
        _("Du kan skrive op til %(limit)s tegn", limit=_number(limit, str(get_locale()))),
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
    return Markup('<div class="%s">\n%s\n</div>\n') % (group, inner)
