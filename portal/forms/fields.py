"""Fields that read what Danes write: 1.500,50 kr., 01-06-2027, 8.30.

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


def parse_danish_number(text: str) -> Decimal:
    """ "1.500,50" -> 1500.50, "1500.5" -> 1500.5, "1 500" -> 1500, "7,5" -> 7.5.

    A full stop followed by exactly three digits is a thousands separator, as Danes write it.
    """
    cleaned = re.sub(r"(?i)\s|kr\.?|dkk", "", text)
    if not re.fullmatch(r"[-+]?[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(text)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".", 1)
        if "," in cleaned:
            raise ValueError(text)
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ValueError(text)
    return value


class NumberField(_ParsedField):
    """A number as Danes write it; `places` decimals kept (hours, quantities)."""

    def __init__(self, label=None, validators=None, places: int = 2, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places

    def parse(self, text: str) -> Decimal:
        value = parse_danish_number(text)
        quantum = Decimal(1).scaleb(-self.places)
        if value != value.quantize(quantum):
            raise ValueError(text)
        return value.quantize(quantum)

    def format(self, value: Decimal) -> str:
        text = f"{value:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")

    def default_message(self) -> str:
        return _("Skriv et tal, fx 7,5")


class AmountField(NumberField):
    """An amount in kroner and øre."""

    def format(self, value: Decimal) -> str:
        # Øre are two digits: 1250.5 is shown as "1250,50", never "1250,5".
        if value == value.to_integral_value():
            return f"{value:.0f}"
        return f"{value:.2f}".replace(".", ",")

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
