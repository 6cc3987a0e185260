"""How the portal writes amounts, numbers, dates, times, CPR numbers and file sizes: one place
for the pages, the Word documents, the e-mails and the rules' own messages, so that the same
value reads the same everywhere ("1.234,50 kr.", "4. december 2026", "140521-4238"). And how
it reads back a number a person types, in the same language (`read_number`).

Pure: Babel and python-stdnum, nothing of Flask or of the rest of the portal. Danish unless
a locale is given; portal.ui passes the reader's language for the pages.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache, partial, wraps
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from stdnum.dk import cpr as _cpr

__all__ = [
    "AmbiguousNumber",
    "amount",
    "clock",
    "cpr",
    "day_and_month",
    "file_size",
    "in_language",
    "listing",
    "long_date",
    "money",
    "number",
    "percent",
    "read_number",
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


class Written(str):
    """Text a formatter wrote, which remembers what it wrote: the rules put their amounts and
    dates into Danish messages, and a page in another language writes them again its own way
    (`in_language`), so that an English sentence never carries "7,5" or "4. december"."""

    def __new__(cls, text: str = "", again=None):
        written = super().__new__(cls, text)
        written.again = again
        return written

    def __reduce__(self):
        # Stored or sent elsewhere, it is the text it reads as.
        return str, (str(self),)


def _rewritable(format_value):
    @wraps(format_value)
    def formatted(value, locale: str = DANISH, **options) -> str:
        text = format_value(value, locale, **options)
        return Written(text, partial(format_value, value, **options)) if text else text

    return formatted


def in_language(text: str, locale: str) -> str:
    """`text` written again in `locale` when a formatter here wrote it; as it is otherwise."""
    if isinstance(text, Written) and text.again is not None:
        return text.again(locale)
    return text


@lru_cache(maxsize=1024)
@_rewritable
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
        # English: "DKK 1,234.50", the currency named before the amount, as English texts about
        # Denmark write it (Babel's "DKK1,234.50" runs the two together).
        pattern = "¤\xa0#,##0.00" if locale.split("_")[0] == "en" else None
        text = format_currency(amount, "DKK", format=pattern, locale=_locale(locale))
    # An ordinary space before "kr.", as the portal has always written it (Babel's is a
    # non-breaking one, which copied text and the Word documents would carry along).
    return text.replace("\xa0", " ")


@lru_cache(maxsize=1024)
@_rewritable
def number(
    value: Decimal | int | float | None,
    locale: str = DANISH,
    *,
    decimals: int = 2,
    grouped: bool = True,
) -> str:
    """A quantity as Danes write it, with at most `decimals` decimals and none that are
    zero: ``37``, ``37,25``, ``1.500`` (``1500`` not `grouped`, as a field shows it). Kept for
    the values written last: a page writes the same character limits and hours many times,
    and Babel is slow to ask."""
    if value is None or value == "":
        return ""
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    exact = _rounded(exact, Decimal(1).scaleb(-decimals))
    whole = "#,##0" if grouped else "0"
    pattern = whole + "." + "#" * decimals if decimals else whole
    with localcontext() as context:
        context.prec = max(context.prec, _digits_for(exact))
        return format_decimal(exact, pattern, locale=_locale(locale))


def amount(value: Decimal | int | None, locale: str = DANISH) -> str:
    """Kroner and øre as a field shows them, without "kr." and thousands separators:
    ``1500``, ``1500,50`` (øre are two digits, never ``1500,5``); read back by `read_number`."""
    if value is None or value == "":
        return ""
    exact = _rounded(Decimal(value), _ORE)
    if exact == exact.to_integral_value():
        return number(exact, locale, decimals=0, grouped=False)
    with localcontext() as context:
        context.prec = max(context.prec, _digits_for(exact))
        return format_decimal(exact, "0.00", locale=_locale(locale))


class AmbiguousNumber(ValueError):
    """Typed text that reads as a number in more than one way (``1,50`` on an English page:
    a Dane's decimal comma, or a thousands group short of a digit); `readings` are the
    numbers it may mean, smallest first."""

    def __init__(self, text: str, readings: tuple[Decimal, ...]) -> None:
        super().__init__(text)
        self.readings = readings


# What a person may write around a number: spaces (also in "1 500"), "kr." and "DKK".
_NOISE = re.compile(r"(?i)\s|kr\.?|dkk")
_NUMBER_TEXT = re.compile(r"[-+]?[\d.,]*\d[\d.,]*")


def read_number(text: str, locale: str = DANISH) -> Decimal:
    """A number as it is written in `locale`: Danish ``1.500,50``, ``1500,5`` and ``7,5``;
    English ``1,500.50``, ``1500.5`` and ``7.5``. Babel's strict reading refuses a separator in
    the wrong place (``1,5,0``). Raises ValueError for what is not a number, and
    AmbiguousNumber for what may be two numbers, so that the portal asks instead of guessing.

    Danish: a lone full stop that cannot group thousands (``1500.5``, ``1.50``) is a decimal
    point, as a phone's number pad or an English habit writes it; the portal has always read
    it so. English: a comma that cannot group thousands (``1,50``, ``7,5``) and a full stop
    before exactly three digits (``1.500``, a Dane's thousands) are ambiguous.
    """
    cleaned = _NOISE.sub("", text)
    if not _NUMBER_TEXT.fullmatch(cleaned):
        raise ValueError(text)
    value = _strict(cleaned, locale)
    if locale == DANISH or locale.startswith(DANISH + "_"):
        if value is None:
            value = _decimal_point(cleaned)
    else:
        readings = _readings(cleaned, value, locale)
        if len(readings) > 1:
            raise AmbiguousNumber(text, readings)
    if value is None or not value.is_finite():
        raise ValueError(text)
    return value


def _strict(cleaned: str, locale: str) -> Decimal | None:
    try:
        return parse_decimal(cleaned, locale=_locale(locale), strict=True)
    except (NumberFormatError, ArithmeticError):
        return None


def _decimal_point(cleaned: str) -> Decimal | None:
    # "1500.5": one full stop, not before exactly three digits (that is a thousands group).
    if "," in cleaned or cleaned.count(".") != 1 or re.search(r"\.\d{3}$", cleaned):
        return None
    return Decimal(cleaned) if re.fullmatch(r"[-+]?\d*\.\d+", cleaned) else None


def _readings(cleaned: str, value: Decimal | None, locale: str) -> tuple[Decimal, ...]:
    """What an English text may mean when a Dane may have written it: the reader's own
    reading where it is a Danish thousands group ("1.500"), the Danish reading, and every
    separator taken as a mistyped thousands group ("1,50" -> 150). One reading, or none, when
    the text is plain in the reader's language."""
    group = get_group_symbol(_locale(locale))
    decimal = get_decimal_symbol(_locale(locale))
    if value is not None:
        # A Dane's thousands: one to three digits, a full stop, exactly three digits.
        if not re.fullmatch(rf"[-+]?\d{{1,3}}{re.escape(decimal)}\d{{3}}", cleaned):
            return (value,)
        candidates = [value, _strict(cleaned, DANISH)]
    else:
        candidates = [_strict(cleaned, DANISH)]
        if (group in cleaned) != (decimal in cleaned):
            candidates.append(_strict(cleaned.replace(group, "").replace(decimal, ""), locale))
    return tuple(sorted({c for c in candidates if c is not None and c.is_finite()}))


def percent(share: float | None, locale: str = DANISH) -> str:
    """A share as a percentage: 0.875 -> ``88 %``."""
    return format_percent(share, locale=_locale(locale)) if share is not None else ""


# Dates as each language writes them: Danish "4. december 2026 kl. 14:05", English (as GOV.UK
# writes dates) "4 December 2026 at 14:05". Babel's own long formats differ in small ways
# ("December 4, 2026" in American English), so the patterns are the portal's.
_DATE_PATTERNS = {
    DANISH: {
        "long": "d. MMMM y",
        "long_time": "d. MMMM y 'kl.' HH:mm",
        "short": "d. MMM y",
        "day_month": "d. MMMM",
    },
    "en": {
        "long": "d MMMM y",
        "long_time": "d MMMM y 'at' HH:mm",
        "short": "d MMM y",
        "day_month": "d MMMM",
    },
}


def _date_pattern(locale: str, kind: str) -> str:
    return _DATE_PATTERNS.get(locale.split("_")[0], _DATE_PATTERNS[DANISH])[kind]


@_rewritable
def long_date(value: date | datetime | None, locale: str = DANISH) -> str:
    """``4. december 2026``; an instant with its time in Copenhagen:
    ``4. december 2026 kl. 14:05`` (English: ``4 December 2026 at 14:05``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(
            value, _date_pattern(locale, "long_time"), tzinfo=_COPENHAGEN, locale=_locale(locale)
        )
    return format_date(value, _date_pattern(locale, "long"), locale=_locale(locale))


@_rewritable
def short_date(value: date, locale: str = DANISH) -> str:
    """``4. dec. 2026``, where room is short (the time line of a case)."""
    return format_date(value, _date_pattern(locale, "short"), locale=_locale(locale))


@_rewritable
def day_and_month(value: date, locale: str = DANISH) -> str:
    """``15. november``: a day that comes back every year."""
    return format_date(value, _date_pattern(locale, "day_month"), locale=_locale(locale))


def clock(value: time | None) -> str:
    """``08:30``."""
    return value.strftime("%H:%M") if value is not None else ""


def cpr(number: str | None) -> str:
    """A CPR number as Danes write it, ``140521-4238``; anything else as it was given."""
    if not number:
        return ""
    compact = _cpr.compact(number)
    return _cpr.format(compact) if len(compact) == 10 and compact.isdigit() else number


# A CPR number inside a text, as someone types it: "1503184321", "150318-4321", "150318 4321".
_CPR_IN_TEXT = re.compile(r"(?<!\d)(\d{6})[- ]?\d{4}(?!\d)")


def mask_cpr_numbers(text: str) -> str:
    """The text with each CPR number in it written as its birth date and four x's,
    ``150318-xxxx``: enough to see that a number was typed, not whose it was."""
    return _CPR_IN_TEXT.sub(r"\1-xxxx", text)


def file_size(size: int, locale: str = DANISH) -> str:
    """``12 kB``, ``1,5 MB``, ``1 GB``: a file's size rounded to what a person compares."""
    if size < 1024 * 1024:
        return f"{number(max(1, round(size / 1024)), locale, decimals=0)} kB"
    if size < 1024 * 1024 * 1024:
        return f"{number(size / (1024 * 1024), locale, decimals=1)} MB"
    return f"{number(size / (1024 * 1024 * 1024), locale, decimals=1)} GB"
