"""The national administrator's form for a year's figure: the cap, the lost-earnings ceiling
or the ATP rates, with the source it is taken from."""

from __future__ import annotations

from decimal import Decimal

from wtforms import RadioField, TextAreaField

from portal.forms.base import BaseForm, choices
from portal.forms.fields import AmountField, DateField, WholeNumberField
from portal.forms.validators import MaxLength, NumberRange, Optional, Required
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.rules import yearly

_AMOUNT = {"inputmode": "decimal", "class": "input-width-s"}


def _atp(label: str) -> AmountField:
    return AmountField(label, [Optional()], render_kw=_AMOUNT)


class FigureForm(BaseForm):
    kind = RadioField(
        _l("Hvilket tal"), [Required(_l("Vælg hvilket tal du tilføjer"))],
        choices=choices("yearly_figure"),
    )  # fmt: skip
    year = WholeNumberField(
        _l("År"),
        [
            Required(_l("Skriv året, tallet gælder for")),
            NumberRange(2000, 2100, _l("Skriv et år, fx 2027")),
        ],
        description=_l("Tallene reguleres hvert år 1. januar."),
        render_kw={"inputmode": "numeric", "class": "input-width-xs"},
    )
    amount = AmountField(
        _l("Beløb i kr."),
        [Optional()],
        description=_l(
            "Loftet over udgifter til træning er pr. år for ét barn; loftet over tabt "
            "arbejdsfortjeneste er pr. måned for den, der får dækket alle sine timer."
        ),
        render_kw=_AMOUNT,
    )
    atp_117_recipient = _atp(_l("ATP ved mindst 117 timer om måneden: modtagerens andel i kr."))
    atp_117_municipality = _atp(_l("ATP ved mindst 117 timer om måneden: kommunens andel i kr."))
    atp_78_recipient = _atp(_l("ATP ved 78-116 timer om måneden: modtagerens andel i kr."))
    atp_78_municipality = _atp(_l("ATP ved 78-116 timer om måneden: kommunens andel i kr."))
    atp_39_recipient = _atp(_l("ATP ved 39-77 timer om måneden: modtagerens andel i kr."))
    atp_39_municipality = _atp(_l("ATP ved 39-77 timer om måneden: kommunens andel i kr."))
    source = TextAreaField(
        _l("Kilde"),
        [
            Required(_l("Skriv hvor tallet står, fx bekendtgørelsens navn og paragraf")),
            MaxLength(1000),
        ],
        description=_l("Vises ved tallet, hvor familier og sagsbehandlere ser det."),
    )
    source_date = DateField(
        _l("Kildens dato"),
        [Required(_l("Skriv kildens dato, fx 15-11-2026"))],
        render_kw={"class": "input-width-s"},
    )

    def atp_fields(self):
        return [
            (
                hours,
                getattr(self, f"atp_{hours}_recipient"),
                getattr(self, f"atp_{hours}_municipality"),
            )
            for hours in yearly.ATP_TIERS
        ]

    def validate(self, extra_validators=None) -> bool:
        # Which amounts are needed depends on the kind chosen: checked here, after the
        # fields (an Optional field stops its own validators when it is empty).
        valid = super().validate(extra_validators)
        amount = self.amount
        if self.kind.data in (yearly.CAP, yearly.LOST_EARNINGS_CEILING) and not amount.errors:
            if amount.data is None:
                amount.errors.append(gettext("Skriv beløbet"))
                valid = False
            elif amount.data <= 0:
                amount.errors.append(gettext("Skriv et beløb over 0 kr."))
                valid = False
        if self.kind.data == yearly.ATP:
            for _hours, *fields in self.atp_fields():
                for field in fields:
                    if field.data is None and not field.errors:
                        field.errors.append(gettext("Skriv ATP-beløbet for dette antal timer"))
                        valid = False
                    elif field.data is not None and field.data < 0:
                        field.errors.append(gettext("Skriv et beløb på 0 kr. eller mere"))
                        valid = False
        return valid

    def atp_rates(self) -> dict[str, tuple[Decimal, Decimal]]:
        return {
            hours: (recipient.data, municipality.data)
            for hours, recipient, municipality in self.atp_fields()
        }
