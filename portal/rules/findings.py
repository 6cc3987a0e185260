"""What a rule found: one shape for the wizard, the staff view, the dossier and the tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from portal.rules.i18n import Listed, Plural

__all__ = [
    "ERROR",
    "NOTE",
    "WARNING",
    "Finding",
    "Severity",
    "errors",
    "has_errors",
    "make_finding",
    "warnings",
]

Severity = Literal["error", "warning", "note"]

# An error blocks submission; a warning is advice the parent may ignore.
ERROR: Severity = "error"
WARNING: Severity = "warning"
# A note is neither: something true about a submitted request that nobody has to act on, e.g.
# a goal's date that has passed since the municipality received the request. Findings are
# judged as at the receipt; what happens after it is told, never held against the family.
NOTE: Severity = "note"


@dataclass(frozen=True)
class Finding:
    """One thing a rule noticed.

    ``code``     stable identifier, e.g. ``"goal.no_indicator"``; tests and templates key on it.
    ``severity`` ``"error"`` blocks submission, ``"warning"`` is advice, ``"note"`` is neutral
                 information on a submitted request.
    ``field``    the field it concerns: a key (``"indicator"``), ``"<index>.<key>"`` for a row
                 of a sequence (0-based, e.g. ``"3.justification"``), or a plain name for the
                 whole collection (``"total"``, ``"week"``).
    ``message``  Danish, rendered, says what to do.
    ``source``   the rule's basis, e.g. ``"Bekendtgørelse om hjemmetræning § 3, stk. 5"``.
    ``msgid``    the untranslated template of ``message`` (``%(name)s`` placeholders).
    ``params``   the values for the placeholders, already formatted as Danish text; a
                 counted phrase ("2 uger") is a ``Plural`` and a list ("1, 2 og 3") is
                 ``Listed``, both worded in the reader's language.
    ``msgid_plural`` and ``count``: a counted message (``N_plural``) keeps its plural form
                 and the count that chooses between them; otherwise empty and None.
    """

    code: str
    severity: Severity
    field: str
    message: str
    source: str
    msgid: str = ""
    params: Mapping[str, str | Plural | Listed] = field(default_factory=dict, hash=False)
    msgid_plural: str = ""
    count: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in (ERROR, WARNING, NOTE):
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.msgid:
            object.__setattr__(self, "msgid", self.message)
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def danish_template(self) -> str:
        """The Danish form of the message the count chooses (gettext's rule: only 1 is one)."""
        return self.msgid_plural if self.msgid_plural and self.count != 1 else self.msgid

    @property
    def danish_params(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.params.items()}

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_note(self) -> bool:
        return self.severity == NOTE


def make_finding(
    code: str,
    severity: Severity,
    field: str,
    msgid: str | Plural,
    source: str,
    **params: str | Plural | Listed,
) -> Finding:
    """Build a finding whose message is ``msgid`` filled with ``params``.

    Callers pass ``msgid`` as ``_("...")`` literal so that pybabel extracts it, or as
    ``N_plural("...", "...", count, **params)`` for a message that counts something.
    """
    if isinstance(msgid, Plural):
        params = {**msgid.params, **params}
        singular, plural, count = msgid.singular, msgid.plural, msgid.count
        # Danish, as gettext's rule for Danish: only exactly one is singular.
        template = singular if count == 1 else plural
    else:
        singular, plural, count = msgid, "", None
        template = msgid
    danish = {key: str(value) for key, value in params.items()}
    return Finding(
        code=code,
        severity=severity,
        field=field,
        message=template % danish if danish else template,
        source=source,
        msgid=singular,
        params=params,
        msgid_plural=plural,
        count=count,
    )


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that block submission."""
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are advice only."""
    return [f for f in findings if f.severity == WARNING]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
