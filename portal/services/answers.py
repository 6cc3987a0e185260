"""A wizard step's answers as typed, and the typed document they become.

Answers are stored exactly as the parent typed them (field name -> list of values), so that
an answer that does not validate yet is still kept and shown again. The typed document
(dates, amounts, times as JSON-friendly values) is made from the validated forms when the
application is submitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, FormField

from portal.forms.base import BaseForm

if TYPE_CHECKING:
    from portal.apply.steps import Step

CONTROL_KEYS = frozenset({"csrf_token", "_version", "_action"})

Answers = dict[str, list[str]]


def answers_from(formdata: MultiDict) -> Answers:
    return {key: formdata.getlist(key) for key in formdata if key not in CONTROL_KEYS}


def bind(step: Step, answers: Mapping[str, list[str]] | None) -> BaseForm:
    if answers is None:
        return step.form(formdata=None)
    pairs = [(key, value) for key, values in answers.items() for value in values]
    return step.form(formdata=MultiDict(pairs))


def _entry_key(list_name: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(list_name)}-(\d+)-(.+)$")


def entry_indices(answers: Mapping[str, list[str]], list_name: str) -> list[int]:
    pattern = _entry_key(list_name)
    return sorted({int(m.group(1)) for key in answers if (m := pattern.match(key))})


def add_entry(answers: Answers, form: BaseForm, list_name: str) -> tuple[Answers, int]:
    """One more empty entry at the end; returns the answers and the new entry's position."""
    field_list: FieldList = form[list_name]
    shown = len(field_list.entries)
    if field_list.max_entries and shown >= field_list.max_entries:
        return dict(answers), shown - 1
    first = next(iter(field_list.unbound_field.args[0]())).short_name
    result = renumber(answers, list_name, entry_indices(answers, list_name))
    # Entries shown only because the list has a minimum are written down too, so that
    # the new entry does not take their place.
    for position in range(len(entry_indices(result, list_name)), shown + 1):
        result[f"{list_name}-{position}-{first}"] = [""]
    return result, shown


def remove_entry(answers: Answers, list_name: str, position: int) -> Answers:
    """Drop the entry at `position` (0-based, in display order) and close the gap."""
    indices = entry_indices(answers, list_name)
    keep = [i for n, i in enumerate(indices) if n != position]
    return renumber(answers, list_name, keep)


def renumber(answers: Mapping[str, list[str]], list_name: str, keep: list[int]) -> Answers:
    """Keep the entries whose stored index is in `keep`, numbered 0, 1, 2 ... in that order."""
    pattern = _entry_key(list_name)
    new_index = {old: new for new, old in enumerate(keep)}
    result: Answers = {}
    for key, values in answers.items():
        match = pattern.match(key)
        if not match:
            result[key] = list(values)
        elif int(match.group(1)) in new_index:
            result[f"{list_name}-{new_index[int(match.group(1))]}-{match.group(2)}"] = list(values)
    # Entries that exist only through min_entries padding have no stored keys; they stay
    # as long as the form pads them.
    return result


def leaf_fields(form: BaseForm | FormField) -> Iterator[Field]:
    """Every answerable field, in display order, entries of lists included."""
    for f in form:
        if isinstance(f, FieldList):
            for entry in f.entries:
                yield from leaf_fields(entry.form if isinstance(entry, FormField) else entry)
        elif isinstance(f, FormField):
            yield from leaf_fields(f.form)
        else:
            yield f


def error_targets(form: BaseForm) -> list[tuple[str, str]]:
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


def to_plain(value: Any) -> Any:
    """The typed document in JSON: dates and times as ISO text, amounts as exact text."""
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items() if k not in CONTROL_KEYS}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return str(value)
    return value


# Fields whose answer is one or more of their options: shown by the options' labels.
_CHOICE_FIELD_TYPES = ("RadioField", "SelectField", "MultiCheckboxField")


def display(f: Field) -> str:
    """An answer as the parent reads it back on "Tjek dine svar" (labels, not codes)."""
    if f.errors and f.raw_data:
        return f.raw_data[0]
    return format_answer(f, f.data)


def as_shown(f: Field) -> str:
    """A field's answer as its input shows it, before any checking: the text as typed, or the
    chosen options' labels (a choice field has no text of its own)."""
    if f.type in _CHOICE_FIELD_TYPES:
        return format_answer(f, f.data)
    return str(f._value() or "")


def format_answer(f: Field, data: Any) -> str:
    """A typed answer of the field `f` as a person reads it: the chosen option's label, a
    Danish date, an amount in kroner. `data` may be the typed document's JSON form."""
    from portal.ui import danish_date, money

    if data in (None, "", []):
        return ""
    if f.type in _CHOICE_FIELD_TYPES:
        labels = {choice.value: choice.label for choice in f.choices}
        values = data if isinstance(data, list) else [data]
        return ", ".join(str(labels.get(v, v)) for v in values)
    if f.type == "DateField":
        return danish_date(data if isinstance(data, date) else date.fromisoformat(str(data)))
    if f.type == "AmountField":
        return money(data)
    if f.type in ("NumberField", "WholeNumberField"):
        return f.format(Decimal(str(data)) if f.type == "NumberField" else int(data))
    if f.type == "TimeField":
        return data.strftime("%H:%M") if isinstance(data, time) else str(data)
    return str(data)
