"""Translation markers for the rules, without importing Flask-Babel.

The rules stay pure Python, so they cannot call gettext themselves. Messages are written
in Danish (the portal speaks Danish first) inside ``_()`` so that ``pybabel extract`` finds
them (``_`` and ``N_`` are Babel's default keywords). The Flask layer translates a finding
later with ``gettext(finding.msgid) % finding.params``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.rules.numbers import quantize

__all__ = ["N_", "_", "format_date", "format_hours", "format_kr"]


def _(message: str) -> str:
    """Mark a message for extraction; returns it untranslated (Danish)."""
    return message


def N_(message: str) -> str:  # noqa: N802 - Babel's conventional name for lazy marking
    """Mark a message for extraction where it is stored and translated later (labels)."""
    return message


def _format_danish_number(value: Decimal, *, decimals: int) -> str:
    # ``quantize`` copes with more digits than Decimal's default precision of 28; the ","
    # format groups thousands in linear time however long the number is (a parent may type
    # any number of digits). Danish groups thousands with "." and writes decimals after ",".
    value = quantize(value, Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    text = f"{value.copy_abs():,.{decimals}f}"  # abs() would round to 28 digits again
    whole, _dot, fraction = text.partition(".")
    result = sign + whole.replace(",", ".")
    if fraction and int(fraction) != 0:
        result += "," + fraction
    return result


def format_kr(amount: Decimal) -> str:
    """Format kroner the Danish way: ``706.600 kr.``, ``1.234,50 kr.``."""
    return _format_danish_number(amount, decimals=2) + " kr."


def format_hours(hours: Decimal) -> str:
    """Format hours the Danish way: ``37``, ``37,25``."""
    return _format_danish_number(hours, decimals=2)


def format_date(day: date) -> str:
    """Format a date the Danish numeric way: ``24.12.2025``."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"
