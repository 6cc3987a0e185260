"""A wizard step's answers as typed, and the typed document they become.

Answers are stored as the parent typed them (field name -> list of values), so that an
answer that does not validate yet is still kept and shown again; a number the portal could
read is kept as a plain decimal ("1500.5"), which reads back as the same number in Danish and
in English (portal.forms.steps.stored_answers). The typed document
(dates, amounts, times as JSON-friendly values) is made from the validated forms when the
application is submitted (portal.forms.steps.application_document).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

# The page's own fields, never answers.
CONTROL_KEYS = frozenset({"csrf_token", "_version", "_action"})

Answers = dict[str, list[str]]


def answers_from(formdata: MultiDict) -> Answers:
    return {key: formdata.getlist(key) for key in formdata if key not in CONTROL_KEYS}


def _entry_key(list_name: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(list_name)}-(\d+)-(.+)$")


def entry_indices(answers: Mapping[str, list[str]], list_name: str) -> list[int]:
    pattern = _entry_key(list_name)
    return sorted({int(m.group(1)) for key in answers if (m := pattern.match(key))})


def add_entry(answers: Answers, list_name: str, *, shown: int, first_key: str) -> Answers:
    """One more empty entry at the end of a list that shows `shown` entries now (a list with a
    minimum shows entries that have no answers yet); `first_key` is an entry's first question.
    """
    result = renumber(answers, list_name, entry_indices(answers, list_name))
    # Entries shown only because the list has a minimum are written down too, so that
    # the new entry does not take their place.
    for position in range(len(entry_indices(result, list_name)), shown + 1):
        result[f"{list_name}-{position}-{first_key}"] = [""]
    return result


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


def first_values(answers: Mapping[str, list[str]]) -> dict[str, str | None]:
    """Each answer's first value, as the rules read a step's stored answers."""
    return {key: values[0] if values else None for key, values in answers.items()}
