"""The choice of a child from the CPR register, above the wizard's step "Barnet"."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import RadioField

from portal.forms.base import BaseForm
from portal.forms.validators import Required
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.i18n import locale_name
from portal.registers import ChildOffer
from portal.rules import formatting


class RegisterChildForm(BaseForm):
    child = RadioField(
        _l("Vælg barnet fra CPR-registret"),
        [Required(_l("Vælg det barn, ansøgningen gælder"))],
        choices=[],
        description=_l(
            "Det er dine børn under 18 år, som du har forældremyndighed over. Vælger du et "
            "barn, skriver vi barnets navn og CPR-nummer og forældremyndighedsindehaverne ind "
            "for dig. Du kan rette alt bagefter."
        ),
    )

    def offer(self, children: Iterable[ChildOffer]) -> RegisterChildForm:
        self.child.choices = [(child.cpr, _choice_label(child)) for child in children]
        return self


def _choice_label(child: ChildOffer) -> str:
    born = formatting.long_date(child.birth_date, locale_name())
    if not child.other_holders:
        return _(
            "%(child)s, født %(born)s. Du har forældremyndigheden alene.",
            child=child.name,
            born=born,
        )
    # A holder with address protection is named without an address (portal.registers).
    others = "; ".join(
        _("%(name)s, %(address)s", name=holder.name, address=holder.address)
        if holder.address
        else holder.name
        for holder in child.other_holders
    )
    return _(
        "%(child)s, født %(born)s. Forældremyndighed sammen med: %(others)s",
        child=child.name,
        born=born,
        others=others,
    )
