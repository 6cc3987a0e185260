"""A submitted request read back from its typed document: sections with Danish labels, in
the order of the form. One presentation for the staff page, the parent's page and the dossier."""

from __future__ import annotations

from dataclasses import dataclass, field

from wtforms import FieldList, FormField

from portal.apply.steps import Step, steps_for
from portal.services.answers import format_answer


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Item:
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class ItemList:
    key: str
    title: str
    items: list[Item]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    rows: list[Row] = field(default_factory=list)
    lists: list[ItemList] = field(default_factory=list)


def _rows(form, data: dict) -> list[Row]:
    return [
        Row(f.short_name, str(f.label.text), format_answer(f, data.get(f.short_name)))
        for f in form
        if not isinstance(f, FieldList | FormField)
    ]


def section(step: Step, data: dict) -> Section:
    form = step.form(formdata=None)
    lists = []
    for f in form:
        if not isinstance(f, FieldList):
            continue
        spec = step.lists.get(f.short_name)
        item_form = f.unbound_field.args[0]()
        items = [
            Item(str(spec.item) % {"number": n} if spec else str(n), _rows(item_form, entry))
            for n, entry in enumerate(data.get(f.short_name) or [], start=1)
        ]
        lists.append(ItemList(f.short_name, str(f.label.text), items))
    return Section(step.slug, str(step.title), _rows(form, data), lists)


def case_sections(case_type: str, document: dict) -> list[Section]:
    """Every section of the request in the order of the wizard (Bilag 8's order)."""
    return [section(step, document.get(step.slug) or {}) for step in steps_for(case_type)]
