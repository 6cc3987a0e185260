"""Translation markers for the rules, without importing Flask-Babel.

The rules stay pure Python, so they cannot call gettext themselves. Messages are written
in Danish (the portal speaks Danish first) inside ``_()`` so that ``pybabel extract`` finds
them (``_`` and ``N_`` are Babel's default keywords). The Flask layer translates a finding
later with ``gettext(finding.msgid) % finding.params``.
"""

from __future__ import annotations

__all__ = ["N_", "_"]


def _(message: str) -> str:
    """Mark a message for extraction; returns it untranslated (Danish)."""
    return message


def N_(message: str) -> str:  # noqa: N802 - Babel's conventional name for lazy marking
    """Mark a message for extraction where it is stored and translated later (labels)."""
    return message
