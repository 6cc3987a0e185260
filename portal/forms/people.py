"""The administrator's people page: inviting a caseworker and changing a role; and the page
where the invited person sets a password."""

from __future__ import annotations

from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import ValidationError

from portal.forms.base import BaseForm, choices
from portal.forms.validators import EmailAddress, MaxLength, Required
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.rules.people import PASSWORD_MIN_LENGTH


def _role_field(label: str, description: str | None = None) -> RadioField:
    return RadioField(
        label,
        [Required(_l("Vælg en rolle"))],
        choices=choices("staff_role"),
        default="caseworker",
        description=description,
    )


class InviteForm(BaseForm):
    name = StringField(
        _l("Navn"), [Required(_l("Skriv medarbejderens navn")), MaxLength(200)],
        render_kw={"autocomplete": "off"},
    )  # fmt: skip
    email = StringField(
        _l("E-mail"),
        [Required(_l("Skriv medarbejderens e-mail")), MaxLength(254), EmailAddress()],
        description=_l(
            "Invitationen sendes hertil. Den samme e-mail bruges, hvis medarbejderen logger "
            "ind med kommunens eget login."
        ),
        render_kw={"autocomplete": "off", "type": "email"},
    )
    role = _role_field(
        _l("Rolle"),
        _l(
            "En sagsbehandler behandler kommunens sager. En administrator kan også invitere "
            "medarbejdere, ændre roller og se forsendelser, der ikke kom frem."
        ),
    )


class RoleForm(BaseForm):
    role = _role_field(_l("Ny rolle"))


class SetPasswordForm(BaseForm):
    password = PasswordField(
        _l("Adgangskode"),
        [Required(_l("Skriv en adgangskode")), MaxLength(200)],
        description=_l(
            "Mindst %(count)s tegn. En lang sætning er let at huske og svær at gætte.",
            count=PASSWORD_MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Gentag adgangskoden"),
        [Required(_l("Skriv adgangskoden igen")), MaxLength(200)],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_password(self, field) -> None:
        if len(field.data or "") < PASSWORD_MIN_LENGTH:
            raise ValidationError(
                gettext("Adgangskoden skal have mindst %(count)s tegn", count=PASSWORD_MIN_LENGTH)
            )

    def validate_confirm(self, field) -> None:
        if field.data != self.password.data:
            raise ValidationError(gettext("Skriv den samme adgangskode to gange"))
