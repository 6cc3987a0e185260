"""WTForms' standard inputs, rendered with the same markup at a fraction of the cost.

WTForms builds every attribute with `Markup("{k}={v}").format(...)`, which goes through
string.Formatter for each one; on a wizard page of a few dozen fields, with the options of
every select, WTForms' own rendering costs 15-25 % more CPU on the pages with the most fields
(the goals, the week, the child; bench/markup_cost.py). `render` writes the same
HTML for the widgets whose behaviour it repeats exactly (WTForms' own Input, TextArea and
Select, as of WTForms 3.3), and hands every other widget back to WTForms. It is called from
the forms' Meta.render_field, WTForms' hook for this (portal.forms.base); a test renders every
field of every step both ways and requires the same HTML.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import Field, SelectField
from wtforms.widgets import Input, Select, TextArea
from wtforms.widgets.core import clean_key


def attributes(params: dict) -> str:
    """wtforms.widgets.html_params: sorted by the given names, `True` as a bare attribute,
    `False` left out, values escaped."""
    out = []
    for key, value in sorted(params.items()):
        if value is True:
            out.append(clean_key(key))
        elif value is not False:
            out.append(f'{clean_key(key)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return " ".join(out)


def _html(text: str) -> Markup:
    # Only for markup written here: every value in it went through escape() or attributes().
    return Markup(text)  # noqa: S704


def _validation_attributes(field: Field, names: list[str], params: dict, *, call: bool) -> None:
    flags = field.flags
    for name in dir(flags):
        if name in names and name not in params:
            value = getattr(flags, name)
            # Input calls a callable flag; TextArea and Select copy it as it is.
            params[name] = value() if call and callable(value) else value


def _input(field: Field, widget: Input, params: dict) -> Markup | None:
    if getattr(field, "_datalist", None) is not None:
        return None  # a datalist is WTForms' to render
    params.setdefault("id", field.id)
    params.setdefault("type", widget.input_type)
    if "value" not in params:
        params["value"] = field._value()
    _validation_attributes(field, widget.validation_attrs, params, call=True)
    return _html(f"<input {attributes({'name': field.name, **params})}>")


def _textarea(field: Field, widget: TextArea, params: dict) -> Markup:
    params.setdefault("id", field.id)
    _validation_attributes(field, widget.validation_attrs, params, call=False)
    text = escape(field._value())
    return _html(f"<textarea {attributes({'name': field.name, **params})}>\r\n{text}</textarea>")


def _select(field: Field, widget: Select, params: dict) -> Markup | None:
    if widget.multiple or not isinstance(field, SelectField) or field.has_groups():
        return None
    if type(widget).render_option.__func__ is not Select.render_option.__func__:
        return None
    params.setdefault("id", field.id)
    _validation_attributes(field, widget.validation_attrs, params, call=False)
    html = [f"<select {attributes({'name': field.name, **params})}>"]
    for choice in field.iter_choices():
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        option = {"value": value, **(choice.render_kw or {})}
        if choice.selected:
            option["selected"] = True
        label = escape(choice.label or choice.value)
        html.append(f"<option {attributes(option)}>{label}</option>")
    html.append("</select>")
    return _html("".join(html))


# Only widgets whose rendering is exactly WTForms' own class's (not a subclass that changes it).
_RENDERERS = (
    (Input, Input.__call__, _input),
    (TextArea, TextArea.__call__, _textarea),
    (Select, Select.__call__, _select),
)


def render(field: Field, params: dict) -> Markup | None:
    """The field's HTML as its WTForms widget writes it, or None for WTForms to render."""
    widget = field.widget
    for base, call, renderer in _RENDERERS:
        if isinstance(widget, base) and type(widget).__call__ is call:
            return renderer(field, widget, params)
    return None
