"""Validators whose messages tell the parent what to do, in plain Danish.

Messages are built from what is asked ("Skriv barnets navn"), never contain HTML, and are
marked for translation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import phonenumbers
from dateutil.relativedelta import relativedelta
from email_validator import EmailNotValidError, validate_email
from stdnum.dk import cpr
from stdnum.exceptions import InvalidComponent, ValidationError
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError as FieldError

from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.rules import formatting


class Required:
    """The answer must be given. `message` says what to write or choose."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        data = field.data
        empty = data is None or (isinstance(data, str) and not data.strip()) or data == []
        if field.raw_data and any(str(v).strip() for v in field.raw_data) and data is None:
            # Something was typed but could not be read; the field's own message says why.
            return
        if empty:
            field.errors[:] = []
            raise StopValidation(str(self.message))


class Optional:
    """Nothing typed means nothing to check."""

    field_flags = {"optional": True}

    def __call__(self, form, field) -> None:
        if not field.raw_data or not any(str(v).strip() for v in field.raw_data):
            field.errors[:] = []
            raise StopValidation()


class NeededToSend:
    """Nothing typed is kept when the step is saved; the rules ask for it before sending (an
    error finding). Unlike Optional, the label says nothing of "frivilligt", since the answer
    is needed."""

    def __call__(self, form, field) -> None:
        if not field.raw_data or not any(str(v).strip() for v in field.raw_data):
            field.errors[:] = []
            raise StopValidation()


class MaxLength:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.field_flags = {"limit": limit}

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.limit:
            raise FieldError(
                _(
                    "Teksten må højst være %(limit)s tegn. Du har skrevet %(count)s tegn.",
                    limit=formatting.number(self.limit, locale_name()),
                    count=formatting.number(len(field.data), locale_name()),
                )
            )


class CprNumber:
    """A real Danish CPR number (python-stdnum): 10 digits whose first six are a birth date.

    Stops the field's other checks when the number is not valid: they read the birth date.
    `whose` names whose birth date the first six digits are (the child's unless told)."""

    def __init__(self, whose: str | None = None) -> None:
        self.whose = whose

    def __call__(self, form, field) -> None:
        value = field.data or ""
        compact = cpr.compact(value)
        if not compact.isdigit() or len(compact) != 10:
            raise StopValidation(_("Skriv CPR-nummeret med 10 cifre, fx 010203-1234"))
        try:
            cpr.validate(compact)
        except InvalidComponent as error:
            if "not been born" in str(error):
                raise StopValidation(
                    _("CPR-nummeret giver en fødselsdato i fremtiden. Tjek cifrene.")
                ) from None
            if self.whose is not None:
                raise StopValidation(str(self.whose)) from None
            raise StopValidation(
                _("De første 6 cifre skal være barnets fødselsdato (dag, måned, år). Tjek cifrene.")
            ) from None
        except ValidationError:
            raise StopValidation(_("Skriv CPR-nummeret med 10 cifre, fx 010203-1234")) from None
        field.data = compact


class ChildUnder18:
    """Home training is for children under 18 (Barnets lov § 85, stk. 1)."""

    def __init__(self, today: Callable[[], date]) -> None:
        self.today = today

    def __call__(self, form, field) -> None:
        try:
            birth = cpr.get_birth_date(field.data or "")
        except (ValidationError, ValueError):
            return  # CprNumber has already said what is wrong.
        today = self.today()
        if relativedelta(today, birth).years < 18:
            return
        born = formatting.long_date(birth, locale_name())
        # The 7th digit gives the century (CPR-kontoret: 0-3 the 1900s; 4 and 9 the 2000s up
        # to 2036; 5-8 the 2000s up to 2057, else the 1800s). A child born this century whose
        # 7th digit gives the last one reads as over 18: say so, rather than only "fyldt 18".
        recent = birth.replace(year=2000 + birth.year % 100)
        if birth.year < 2000 and recent <= today and relativedelta(today, recent).years < 18:
            raise FieldError(
                _(
                    "Efter CPR-nummeret er barnet født %(born)s, fordi det 7. ciffer (%(digit)s) "
                    "betyder født i %(century)s-tallet. Er barnet født i %(year)s, så tjek det "
                    "7. ciffer.",
                    born=born,
                    digit=cpr.compact(field.data)[6],
                    century=birth.year // 100 * 100,
                    year=recent.year,
                )
            )
        raise FieldError(
            _(
                "Efter CPR-nummeret er barnet født %(born)s og er fyldt 18 år. Hjemmetræning kan "
                "kun godkendes for børn under 18 år.",
                born=born,
            )
        )


class NotInPast:
    def __init__(self, today: Callable[[], date], message: str | None = None) -> None:
        self.today = today
        self.message = message

    def __call__(self, form, field) -> None:
        if isinstance(field.data, date) and field.data < self.today():
            raise FieldError(self.message or _("Datoen må ikke ligge før i dag."))


class NumberRange:
    def __init__(self, minimum=None, maximum=None, message: str | None = None) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.message = message

    def __call__(self, form, field) -> None:
        value = field.data
        if value is None:
            return
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise FieldError(str(self.message))


class PhoneNumber:
    def __call__(self, form, field) -> None:
        try:
            number = phonenumbers.parse(field.data or "", "DK")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise FieldError(_("Skriv et telefonnummer med 8 cifre, fx 20 12 34 56"))
        # One way of writing it, so that the caseworker can call without guessing.
        region = phonenumbers.region_code_for_number(number)
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if region == "DK"
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        field.data = phonenumbers.format_number(number, fmt)


class EmailAddress:
    def __call__(self, form, field) -> None:
        try:
            result = validate_email(field.data or "", check_deliverability=False)
        except EmailNotValidError:
            raise FieldError(_("Skriv en e-mailadresse, fx navn@eksempel.dk")) from None
        field.data = result.normalized


class MinEntries:
    def __init__(self, minimum: int, message: str) -> None:
        self.minimum = minimum
        self.message = message

    def __call__(self, form, field) -> None:
        if len(field.entries) < self.minimum:
            raise FieldError(str(self.message))
