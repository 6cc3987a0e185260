"""Translation markers for the rules, without importing Flask-Babel.

The rules stay pure Python, so they cannot call gettext themselves. Messages are written
in Danish (the portal speaks Danish first) inside ``_()`` so that ``pybabel extract`` finds
them (``_`` and ``N_`` are Babel's default keywords). The Flask layer translates a finding
later with ``gettext(finding.msgid) % finding.params``.

A message that counts something ("1 forælder", "2 forældre") is marked with ``N_plural``,
which keeps both Danish forms and the count, so that the Flask layer can let the reader's
language choose its own form with ``ngettext`` (extracted with the keyword ``N_plural:1,2``).
A list in a message ("linje 1, 2 og 3") is a ``Listed`` value, joined in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from portal.rules import formatting

__all__ = ["N_", "N_plural", "Listed", "Plural", "_", "plural_count"]


def _(message: str) -> str:
    """Mark a message for extraction; returns it untranslated (Danish)."""
    return message


def N_(message: str) -> str:  # noqa: N802 - Babel's conventional name for lazy marking
    """Mark a message for extraction where it is stored and translated later (labels)."""
    return message


@dataclass(frozen=True)
class Plural:
    """A counted message in both Danish forms, translated later with ``ngettext``.

    ``count`` chooses the form; ``params`` fill the placeholders of either form (the count
    itself among them, already formatted). ``str()`` gives the Danish text.
    """

    singular: str
    plural: str
    count: int
    params: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __str__(self) -> str:
        # Danish, as gettext's rule for Danish and English: only exactly one is singular.
        chosen = self.singular if self.count == 1 else self.plural
        return chosen % dict(self.params) if self.params else chosen


@dataclass(frozen=True)
class Listed:
    """Items that a message names as one list, joined in the reader's language ("1, 2 og 3",
    "1, 2 and 3"); ``str()`` gives the Danish list."""

    items: tuple[str, ...]

    def __str__(self) -> str:
        return formatting.listing(self.items)

    def __len__(self) -> int:
        return len(self.items)


def N_plural(singular: str, plural: str, n: int, /, **params: str) -> Plural:  # noqa: N802
    """Mark a counted message for extraction; the reader's language chooses the form later by
    ``n`` (a placeholder may be called ``count`` too)."""
    return Plural(singular, plural, n, params)


def plural_count(value: int | float | Decimal) -> int:
    """The whole number gettext chooses a plural form by, for a count that may be a fraction.

    gettext takes integers only. A fraction reads as plural in Danish and English ("1,5
    uger", "1.5 weeks"), as 0 does, so a fraction counts as 2.
    """
    whole = int(value)
    return whole if whole == value else 2
