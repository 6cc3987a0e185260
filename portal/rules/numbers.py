"""Reading numbers from plain data: money as exact Decimal øre, never through floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext
from typing import Any

__all__ = ["ORE", "quantize", "quantize_kr", "to_money", "to_number"]

ORE = Decimal("0.01")


def quantize(value: Decimal, quantum: Decimal) -> Decimal:
    """Round ``value`` to the exponent of ``quantum``, half up, however many digits it has.

    ``Decimal.quantize`` raises ``InvalidOperation`` when the result has more digits than the
    context's precision (28 by default), e.g. 10**27 kr. in whole øre (30 digits). The amount
    fields have no upper bound and the rules must answer whatever a parent types (two lines of
    26-digit amounts used to crash ``check_budget`` when it wrote the total), so the rounding
    gets the digits it needs. Values beyond the context's exponent limit (``Emax``) still raise.
    """
    places = max(-quantum.as_tuple().exponent, 0)  # type: ignore[operator]
    digits = max(value.adjusted() + 1, 1) + places + 1  # + 1: rounding may carry (9.995)
    context = Context(prec=max(digits, getcontext().prec), rounding=ROUND_HALF_UP)
    return value.quantize(quantum, context=context)


def quantize_kr(amount: Decimal) -> Decimal:
    """Round kroner to whole øre, half up."""
    return quantize(amount, ORE)


def _parse(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(value.strip().replace(",", ".") if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{name} is not a number: {value!r}")
    return number


def to_money(value: Any, name: str = "amount") -> Decimal | None:
    """Kroner as a Decimal rounded to whole øre; ``None`` or ``""`` is no amount.

    Accepts Decimal, int and str ("1234,50" or "1234.50"). Floats are refused: money must never
    pass through binary fractions.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float | bool):
        raise TypeError(f"{name} must be a Decimal, int or str, not {type(value).__name__}")
    return quantize_kr(_parse(value, name))


def to_number(value: Any, name: str) -> Decimal | None:
    """A quantity such as hours or weeks; ``None`` or ``""`` is no number.

    Unlike money, a float is accepted through its shortest repr (``37.5`` -> ``Decimal("37.5")``).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if isinstance(value, float):
        value = repr(value)
    return _parse(value, name)
