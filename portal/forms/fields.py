"""Fields that read what people write in the reader's language: 1.500,50 kr. on a Danish page,
1,500.50 on an English one; dates as Danes write them, 01-06-2027, in both languages; 8.30.

When an answer cannot be read, the field keeps exactly what was typed (so the parent sees it
again) and says how to write it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from wtforms import Field
from wtforms.widgets import TextInput

from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.rules import formatting
from portal.rules.settings import MonthDay


class Unreadable(ValueError):
    """An answer that cannot be read, with a message that says more than the field's own."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _ParsedField(Field):
    """A text input parsed into a value; parse errors keep the raw text."""

    input_type = "text"
    message = ""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, widget=TextInput(self.input_type), **kwargs)
        if message:
            self.message = message

    def parse(self, text: str):
        raise NotImplementedError

    def format(self, value) -> str:
        return str(value)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.format(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        text = str(valuelist[0]).strip()
        try:
            self.data = self.parse(text)
        except Unreadable as unreadable:
            raise ValueError(unreadable.message) from None
        except (ValueError, InvalidOperation, ArithmeticError):
            self.data = None
            raise ValueError(str(self.message) or self.default_message()) from None

    def default_message(self) -> str:
        return _("Svaret kan ikke læses.")


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d %m %Y")


class DateField(_ParsedField):
    """A date; the browser's date picker sends ISO dates, people type 01-06-2027."""

    input_type = "date"

    def parse(self, text: str) -> date:
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no zone
            except ValueError:
                continue
        raise ValueError(text)

    def format(self, value: date) -> str:
        return value.isoformat()

    def default_message(self) -> str:
        return _("Skriv datoen som dag, måned og år, fx 01-06-2027")


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")


class TimeField(_ParsedField):
    input_type = "time"

    def parse(self, text: str) -> time:
        match = _TIME.match(text)
        if not match:
            raise ValueError(text)
        return time(int(match.group(1)), int(match.group(2) or 0))

    def format(self, value: time) -> str:
        return value.strftime("%H:%M")

    def default_message(self) -> str:
        return _("Skriv et klokkeslæt med timer og minutter, fx 08:30")


class NumberField(_ParsedField):
    """A number as the reader writes it in their language (portal.rules.formatting
    .read_number); `places` decimals kept (hours, quantities).

    Shown back in the reader's language, so a parent who switches language sees the same
    number written the new way; `stored` is how the draft keeps it, the same in every
    language ("1500.5").
    """

    def __init__(self, label=None, validators=None, places: int = 2, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places

    def parse(self, text: str) -> Decimal:
        try:
            value = formatting.read_number(text, locale_name())
        except formatting.AmbiguousNumber as ambiguous:
            # Only the readings this field can take are offered ("1,5" in a whole number).
            readings = [r for r in ambiguous.readings if self._fits(r)]
            if len(readings) > 1:
                raise Unreadable(self.readings_message(*readings[:2])) from None
            raise
        if not self._fits(value):
            raise ValueError(text)
        return value.quantize(self._quantum)

    @property
    def _quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    def _fits(self, value: Decimal) -> bool:
        return value == value.quantize(self._quantum)

    def _value(self) -> str:
        if self.raw_data:
            typed = self.raw_data[0]
            # What the parent typed is shown as typed; what the draft kept ("1500.5", see
            # `stored`) is written in the reader's language.
            if self.process_errors or self.data is None or typed != self.stored():
                return typed
        return self.format(self.data) if self.data is not None else ""

    def format(self, value: Decimal) -> str:
        return formatting.number(value, locale_name(), decimals=self.places, grouped=False)

    def stored(self) -> str | None:
        """The answer as the draft keeps it when it could be read: ``1500.5``, which every
        language reads back as the same number; None otherwise."""
        if self.data is None or self.process_errors:
            return None
        text = f"{Decimal(self.data):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text

    def readings_message(self, first: Decimal, second: Decimal) -> str:
        return _(
            "Skriv tallet som %(first)s eller %(second)s",
            first=self.format(first),
            second=self.format(second),
        )

    def default_message(self) -> str:
        return _("Skriv et tal, fx 7,5")


class AmountField(NumberField):
    """An amount in kroner and øre."""

    def format(self, value: Decimal) -> str:
        # Øre are two digits: 1250.5 is shown as "1250,50", never "1250,5".
        return formatting.amount(value, locale_name())

    def readings_message(self, first: Decimal, second: Decimal) -> str:
        return _(
            "Skriv beløbet som %(first)s eller %(second)s",
            first=self.format(first),
            second=self.format(second),
        )

    def default_message(self) -> str:
        return _("Skriv beløbet i kroner med tal, fx 1500 eller 1.500,50")


class WholeNumberField(NumberField):
    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=0, **kwargs)

    def parse(self, text: str) -> int:
        return int(super().parse(text))

    def format(self, value: int) -> str:
        return str(value)

    def default_message(self) -> str:
        return _("Skriv et helt tal, fx 3")


_DAY_OF_YEAR = re.compile(r"^(\d{1,2})\s*[-./ ]\s*(\d{1,2})\.?$")


class DayOfYearField(_ParsedField):
    """A day that comes back every year, written day and month: "15-11" or "15.11"; the data
    is the stored form of portal.rules.settings.MonthDay, "11-15"."""

    def parse(self, text: str) -> str:
        match = _DAY_OF_YEAR.match(text)
        if not match:
            raise ValueError(text)
        day, month = int(match.group(1)), int(match.group(2))
        return str(MonthDay(month=month, day=day))

    def format(self, value: str) -> str:
        day = MonthDay.parse(value)
        return f"{day.day:02d}-{day.month:02d}"

    def default_message(self) -> str:
        return _("Skriv en dag, der findes, som dag og måned, fx 15-11")
