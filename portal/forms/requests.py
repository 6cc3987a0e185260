"""The requests a family sends about an approved home training, beside the application itself:
a new method to supplement or replace one, equipment outside the budget, and the accounts.
What is the same as in the application (methods, goals, schedule, budget) reuses its forms.
"""

from __future__ import annotations

from wtforms import FieldList, FormField, HiddenField, RadioField, SelectField

from portal.forms.application import EMPTY, BudgetLineForm, long_text, text
from portal.forms.base import BaseForm, ItemForm, choices
from portal.forms.fields import AmountField, DateField, WholeNumberField
from portal.forms.validators import MinEntries, NumberRange, Optional, Required
from portal.i18n import lazy_gettext as _l


class StartForm(BaseForm):
    """What the family wants to send, and for which child. The choices are the family's own:
    requests other than a new application need an approved home training to belong to."""

    case_type = RadioField(
        _l("Hvad vil I sende til kommunen?"),
        [Required(_l("Vælg hvad I vil sende"))],
        choices=[],
    )
    related_case = RadioField(
        _l("Hvilken hjemmetræning gælder det?"),
        [Optional()],
        choices=[],
    )


# Seed 001: "Hvis du ønsker at supplere en hjemmetræningsmetode ... Der er en
# sagsbehandlingstid på højest 8 uger."
class SupplementForm(BaseForm):
    current_methods = text(
        _l("Hvilke metoder træner I efter nu?"),
        _l("Skriv hvilke metoder I træner efter nu"),
        limit=500,
    )
    reason = long_text(
        _l("Hvorfor vil I supplere med den nye metode?"),
        _l("Skriv hvorfor I vil supplere med den nye metode"),
        description=_l("Hvad skal den nye metode give barnet, som de nuværende ikke giver?"),
    )


# Seed 001: "Ønsker du at skifte fra én hjemmetræningsmetode til en anden ... Idet dette
# betragtes som en ny ansøgning, kan det afstedkomme, at den børnefaglige undersøgelse skal
# opdateres."
class SwitchForm(BaseForm):
    stop_method = text(
        _l("Hvilken metode vil I holde op med?"),
        _l("Skriv hvilken metode I vil holde op med"),
        limit=500,
    )
    reason = long_text(
        _l("Hvorfor vil I skifte metode?"),
        _l("Skriv hvorfor I vil skifte metode"),
        description=_l("Fx hvad I har set i træningen, og hvad I forventer af den nye metode."),
    )


# Seed 001: "Ved ansøgning om træningsredskaber, der ikke indgår i det årlige budget, er der en
# sagsbehandlingstid på 4 uger."
class EquipmentForm(BaseForm):
    year = WholeNumberField(
        _l("Hvilket budgetår gælder det?"),
        [
            Required(_l("Skriv hvilket år udgiften hører til")),
            NumberRange(2024, 2100, _l("Skriv et årstal, fx 2027")),
        ],
        render_kw={"inputmode": "numeric", "class": "input-width-xs"},
    )
    lines = FieldList(
        FormField(BudgetLineForm),
        _l("Udgifter"),
        [MinEntries(1, _l("Skriv mindst én udgift"))],
        min_entries=1,
        max_entries=50,
    )
    reason = long_text(
        _l("Hvorfor har barnet brug for det nu?"),
        _l("Skriv hvorfor barnet har brug for det nu"),
        limit=2000,
        description=_l("Fx fordi barnet er vokset, eller fordi træningen har flyttet sig."),
    )


# Bilag 12: a dated ledger, each payment under the budget line it belongs to, with its receipt
# ("I den samme arbejdsgang sættes et bilag i den mappe"). The granted lines are not typed: the
# portal reads them from the year's decisions (portal.services.accounts), and the choices of
# `line` and `receipt` are the draft's own (fill_choices).
class LedgerEntryForm(ItemForm):
    line = SelectField(
        _l("Budgetlinje"),
        [Required(_l("Vælg hvilken budgetlinje udgiften hører til"))],
        choices=[EMPTY],
        validate_choice=False,
    )
    kind = SelectField(
        _l("Slags betaling"),
        [Required(_l("Vælg hvilken slags betaling det er"))],
        choices=choices("ledger_kind"),
        default="expense",
    )
    paid_on = DateField(
        _l("Betalt dato"),
        [Required(_l("Skriv hvornår udgiften blev betalt"))],
        description=_l("Fx 14.3.2026. ATP, AER og feriepenge må være betalt året efter."),
        render_kw={"class": "input-width-s"},
    )
    what = text(_l("Hvad blev betalt"), _l("Skriv hvad udgiften var"), limit=300)
    amount = AmountField(
        _l("Beløb i kr."),
        [
            Required(_l("Skriv beløbet")),
            NumberRange(0, None, _l("Skriv et beløb på 0 kr. eller mere")),
        ],
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )
    receipt = SelectField(
        _l("Kvittering"),
        [Optional()],
        choices=[EMPTY],
        validate_choice=False,
        description=_l(
            "Vælg filen under Bilag. Flere udgifter kan have samme fil, fx et kontoudtog."
        ),
    )


class AccountsForm(BaseForm):
    # The year the accounts are for, set when the accounts are started (the year that ended).
    year = HiddenField(_l("Budgetår"))
    entries = FieldList(
        FormField(LedgerEntryForm),
        _l("Udgifter i året"),
        max_entries=500,
    )
    comment = long_text(_l("Bemærkninger til regnskabet"), limit=2000)
