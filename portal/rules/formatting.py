"""How the portal writes amounts, numbers, dates, times, CPR numbers and file sizes: one place
for the pages, the Word documents, the e-mails and the rules' own messages, so that the same
value reads the same everywhere ("1.234,50 kr.", "4. december 2026", "140521-4238").

Pure: Babel and python-stdnum, nothing of Flask or of the rest of the portal. Danish unless
a locale is given; portal.ui passes the reader's language for the pages.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from stdnum.dk import cpr as _cpr

__all__ = [
    "clock",
    "cpr",
    "day_and_month",
    "file_size",
    "listing",
    "long_date",
    "money",
    "number",
    "percent",
    "short_date",
]

DANISH = "da"
_ORE = Decimal("0.01")
# Instants are shown as the municipality's clock reads them.
_COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    # Babel parses a locale's name on every call; a page formats dozens of values.
    return Locale.parse(name)


def _digits_for(value: Decimal) -> int:
    # Room for every digit of the value: Babel rounds in the current decimal context, whose
    # 28 digits a parent can exceed by typing a long amount (the rules must answer anyway).
    return max(value.adjusted() + 1, 1) + 8


def _rounded(value: Decimal, quantum: Decimal) -> Decimal:
    """Half up, as the rules round (portal.rules.numbers), however many digits it has."""
    return value.quantize(quantum, context=Context(prec=_digits_for(value), rounding=ROUND_HALF_UP))


# English lists as GOV.UK writes them, without a comma before "and" (British English, as
# CLDR's en_GB): "A, B and C". Danish: "A, B og C".
_LIST_LOCALES = {"en": "en_GB"}


def listing(
    items: list[str] | tuple[str, ...], locale: str = DANISH, *, style: str = "standard"
) -> str:
    """Items as one list in a sentence: ``1, 2 og 3``, or with ``style="or"`` ``1, 2 eller
    3``; ``""`` for none."""
    if not items:
        return ""
    return format_list(list(items), style=style, locale=_locale(_LIST_LOCALES.get(locale, locale)))


@lru_cache(maxsize=1024)
def money(value: Decimal | int | str | None, locale: str = DANISH) -> str:
    """Kroner and øre: ``1.234,50 kr.``; ``""`` for no amount. Rounded half up to whole øre,
    as the rules round (portal.rules.numbers). Kept for the amounts written last, as
    `number` is."""
    if value is None or value == "":
        return ""
    amount = _rounded(Decimal(value), _ORE)
    if amount == 0:
        amount = abs(amount)  # no "-0,00 kr." for a tiny negative amount
    with localcontext() as context:
        context.prec = max(context.prec, _digits_for(amount))
        text = format_currency(amount, "DKK", locale=_locale(locale))
    # An ordinary space before "kr.", as the portal has always written it (Babel's is a
    # non-breaking one, which copied text and the Word documents would carry along).
    return text.replace("\xa0", " ")


@lru_cache(maxsize=1024)
def number(value: Decimal | int | float | None, locale: str = DANISH, *, decimals: int = 2) -> str:
    """A quantity as Danes write it, with at most `decimals` decimals and none that are
    zero: ``37``, ``37,25``, ``1.500``. Kept for the values written last: a page writes the
    same character limits and hours many times, and Babel is slow to ask."""
    if value is None or value == "":
        return ""
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    exact = _rounded(exact, Decimal(1).scaleb(-decimals))
    pattern = "#,##0." + "#" * decimals if decimals else "#,##0"
    with localcontext() as context:
        context.prec = max(context.prec, _digits_for(exact))
        return format_decimal(exact, pattern, locale=_locale(locale))


def percent(share: float | None, locale: str = DANISH) -> str:
    """A share as a percentage: 0.875 -> ``88 %``."""
    return format_percent(share, locale=_locale(locale)) if share is not None else ""


def long_date(value: date | datetime | None, locale: str = DANISH) -> str:
    """``4. december 2026``; an instant with its time in Copenhagen:
    ``4. december 2026 kl. 14:05``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(
            value, "d. MMMM y 'kl.' HH:mm", tzinfo=_COPENHAGEN, locale=_locale(locale)
        )
    return format_date(value, "d. MMMM y", locale=_locale(locale))


def short_date(value: date, locale: str = DANISH) -> str:
    """``4. dec. 2026``, where room is short (the time line of a case)."""
    return format_date(value, "d. MMM y", locale=_locale(locale))


def day_and_month(value: date, locale: str = DANISH) -> str:
    """``15. november``: a day that comes back every year."""
    return format_date(value, "d. MMMM", locale=_locale(locale))


def clock(value: time | None) -> str:
    """``08:30``."""
    return value.strftime("%H:%M") if value is not None else ""


def cpr(number: str | None) -> str:
    """A CPR number as Danes write it, ``140521-4238``; anything else as it was given."""
    if not number:
        return ""
    compact = _cpr.compact(number)
    return _cpr.format(compact) if len(compact) == 10 and compact.isdigit() else number


def file_size(size: int, locale: str = DANISH) -> str:
    """``12 kB``, ``1,5 MB``, ``1 GB``: a file's size rounded to what a person compares."""
    if size < 1024 * 1024:
        return f"{number(max(1, round(size / 1024)), locale, decimals=0)} kB"
    if size < 1024 * 1024 * 1024:
        return f"{number(size / (1024 * 1024), locale, decimals=1)} MB"
    return f"{number(size / (1024 * 1024 * 1024), locale, decimals=1)} GB"
