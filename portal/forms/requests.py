"""The requests a family sends about an approved home training, beside the application itself:
a new method to supplement or replace one, equipment outside the budget, and the accounts.
What is the same as in the application (methods, goals, schedule, budget) reuses its forms.
"""

from __future__ import annotations

from wtforms import FieldList, FormField, RadioField, SelectField

from portal.forms.application import EMPTY, BudgetLineForm, long_text, text
from portal.forms.base import BaseForm, ItemForm, choices
from portal.forms.fields import AmountField, WholeNumberField
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


# Bilag 12: per budget line what was granted and what was spent ("Bevilliget i perioden",
# "Afholdte udgifter i alt", "Saldo").
class AccountLineForm(ItemForm):
    category = SelectField(
        _l("Slags udgift"),
        [Required(_l("Vælg hvilken slags udgift det er"))],
        choices=[EMPTY, *choices("budget_category")],
    )
    description = text(_l("Budgetlinje"), _l("Skriv hvilken budgetlinje det er"))
    granted = AmountField(
        _l("Bevilget beløb i kr."),
        [Optional(), NumberRange(0, None, _l("Skriv et beløb på 0 kr. eller mere"))],
        description=_l("Som i afgørelsen om budgettet."),
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )
    spent = AmountField(
        _l("Brugt i alt i kr."),
        [
            Required(_l("Skriv hvor meget I har brugt")),
            NumberRange(0, None, _l("Skriv et beløb på 0 kr. eller mere")),
        ],
        description=_l("Summen af kvitteringerne for året."),
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )
    note = long_text(_l("Bemærkning"), limit=1000)


class AccountsForm(BaseForm):
    year = WholeNumberField(
        _l("Hvilket budgetår er regnskabet for?"),
        [
            Required(_l("Skriv hvilket år regnskabet gælder")),
            NumberRange(2020, 2100, _l("Skriv et årstal, fx 2026")),
        ],
        render_kw={"inputmode": "numeric", "class": "input-width-xs"},
    )
    lines = FieldList(
        FormField(AccountLineForm),
        _l("Regnskab pr. budgetlinje"),
        [MinEntries(1, _l("Skriv mindst én budgetlinje"))],
        min_entries=1,
        max_entries=100,
    )
    comment = long_text(_l("Bemærkninger til regnskabet"), limit=2000)
