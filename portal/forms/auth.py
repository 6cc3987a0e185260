from __future__ import annotations

from wtforms import PasswordField, StringField

from portal.forms.base import BaseForm
from portal.forms.validators import CprNumber, MaxLength, Required
from portal.i18n import lazy_gettext as _l


class DevelopmentLoginForm(BaseForm):
    name = StringField(
        _l("Dit navn"),
        [Required(_l("Skriv dit navn")), MaxLength(200)],
        render_kw={"autocomplete": "name"},
    )
    cpr_number = StringField(
        _l("Dit CPR-nummer"),
        [
            Required(_l("Skriv dit CPR-nummer")),
            CprNumber(
                _l("De første 6 cifre skal være din fødselsdato (dag, måned, år). Tjek cifrene.")
            ),
        ],
        description=_l("10 cifre. Brug et opdigtet nummer – dette er kun et testlogin."),
        render_kw={"autocomplete": "off", "inputmode": "numeric", "class": "input-width-s"},
    )


class StaffLoginForm(BaseForm):
    email = StringField(
        _l("E-mail"),
        [Required(_l("Skriv din e-mail")), MaxLength(254)],
        render_kw={"autocomplete": "username", "type": "email"},
    )
    password = PasswordField(
        _l("Adgangskode"),
        [Required(_l("Skriv din adgangskode")), MaxLength(200)],
        render_kw={"autocomplete": "current-password"},
    )
