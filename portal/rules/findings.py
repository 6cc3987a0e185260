"""What a rule found: one shape for the wizard, the staff view, the dossier and the tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

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
    ``params``   the values for the placeholders, already formatted as Danish text.
    """

    code: str
    severity: Severity
    field: str
    message: str
    source: str
    msgid: str = ""
    params: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.severity not in (ERROR, WARNING, NOTE):
            raise ValueError(f"unknown severity {self.severity!r}")
        if not self.msgid:
            object.__setattr__(self, "msgid", self.message)
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

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
    msgid: str,
    source: str,
    **params: str,
) -> Finding:
    """Build a finding whose message is ``msgid`` filled with ``params``.

    Callers pass ``msgid`` as ``_("...")`` literal so that pybabel extracts it.
    """
    message = msgid % params if params else msgid
    return Finding(
        code=code,
        severity=severity,
        field=field,
        message=message,
        source=source,
        msgid=msgid,
        params=params,
    )


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that block submission."""
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that are advice only."""
    return [f for f in findings if f.severity == WARNING]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
