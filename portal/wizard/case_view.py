"""A submitted request read back from its typed document: sections with their questions and
answers in plain words, in the order of the form. One presentation for the staff page, the
parent's page and the dossier.

The questions come from the steps' forms (portal.forms.steps.questions): each answer is shown
by what kind of answer it is (a choice by its label, a date, an amount, a number).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any, Literal

from portal.rules import formatting
from portal.wizard.steps import Step

Kind = Literal["text", "choice", "date", "amount", "number", "time"]


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: Kind = "text"
    # A choice's value -> its label, for "choice".
    choices: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListQuestions:
    """A repeated answer's questions (a goal's, a budget line's)."""

    key: str
    label: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class StepQuestions:
    questions: tuple[Question, ...]
    lists: tuple[ListQuestions, ...] = ()


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


def format_answer(question: Question, data: Any, locale: str = formatting.DANISH) -> str:
    """A typed answer as a person reads it in `locale`: the chosen option's label, a date, an
    amount in kroner. `data` may be the typed document's JSON form (ISO dates, amounts as
    text)."""
    if data in (None, "", []):
        return ""
    if question.kind == "choice":
        values = data if isinstance(data, list) else [data]
        return ", ".join(str(question.choices.get(v, v)) for v in values)
    if question.kind == "date":
        day = data if isinstance(data, date) else date.fromisoformat(data)
        return formatting.long_date(day, locale)
    if question.kind == "amount":
        return formatting.money(data, locale)
    if question.kind == "number":
        return formatting.number(Decimal(str(data)), locale)
    if question.kind == "time":
        return formatting.clock(data if isinstance(data, time) else time.fromisoformat(data))
    return str(data)


def _rows(questions: tuple[Question, ...], data: Mapping[str, Any], locale: str) -> list[Row]:
    return [Row(q.key, q.label, format_answer(q, data.get(q.key), locale)) for q in questions]


def section(
    step: Step,
    questions: StepQuestions,
    data: Mapping[str, Any],
    locale: str = formatting.DANISH,
) -> Section:
    lists = []
    for repeated in questions.lists:
        spec = step.lists.get(repeated.key)
        items = [
            Item(
                str(spec.item) % {"number": n} if spec else str(n),
                _rows(repeated.questions, e, locale),
            )
            for n, e in enumerate(data.get(repeated.key) or [], start=1)
        ]
        lists.append(ItemList(repeated.key, repeated.label, items))
    return Section(step.slug, str(step.title), _rows(questions.questions, data, locale), lists)
