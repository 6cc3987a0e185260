"""The other holder of custody's consent: the applicant's invitation, and the answer."""

from __future__ import annotations

from wtforms import RadioField, StringField

from portal.forms.application import long_text, options
from portal.forms.base import BaseForm
from portal.forms.validators import CprNumber, EmailAddress, MaxLength, Optional, Required
from portal.i18n import lazy_gettext as _l


class CustodyInviteForm(BaseForm):
    email = StringField(
        _l("Den anden forældremyndighedsindehavers e-mailadresse"),
        [
            Required(_l("Skriv den anden forældremyndighedsindehavers e-mailadresse")),
            EmailAddress(),
            MaxLength(254),
        ],
        description=_l("Vi sender et link, så de kan logge ind og læse ansøgningen."),
        render_kw={"autocomplete": "off", "type": "email"},
    )
    cpr_number = StringField(
        _l("Den anden forældremyndighedsindehavers CPR-nummer"),
        [
            Optional(),
            CprNumber(
                _l(
                    "De første 6 cifre skal være personens fødselsdato (dag, måned, år). "
                    "Tjek cifrene."
                )
            ),
        ],
        description=_l(
            "Skriver du CPR-nummeret, kan kun den person give samtykke. Valgte du barnet fra "
            "CPR-registret, bruger vi det nummer, registret har. Vi gemmer kun et kodet "
            "aftryk af det til samtykket."
        ),
        render_kw={"autocomplete": "off", "inputmode": "numeric", "class": "input-width-s"},
    )


class CustodyAnswerForm(BaseForm):
    answer = RadioField(
        _l("Giver du samtykke til, at ansøgningen sendes til kommunen?"),
        [Required(_l("Vælg om du giver samtykke"))],
        choices=options(
            [
                ("consented", _l("Ja, jeg giver samtykke")),
                ("declined", _l("Nej, jeg giver ikke samtykke")),
            ]
        ),
    )
    reason = long_text(
        _l("Hvorfor giver du ikke samtykke?"),
        limit=2000,
        description=_l("Skal udfyldes, hvis du svarer nej. Ansøgeren og kommunen kan læse det."),
    )

    def validate(self, extra_validators=None) -> bool:
        # A refusal needs its reason; the field is optional when the answer is yes (an inline
        # validator would not run after the field's Optional stops its chain).
        valid = super().validate(extra_validators)
        if self.answer.data == "declined" and not (self.reason.data or "").strip():
            self.reason.errors = [str(_l("Skriv hvorfor du ikke giver samtykke"))]
            return False
        return valid
