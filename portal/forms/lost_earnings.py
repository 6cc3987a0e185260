"""Lost earnings (tabt arbejdsfortjeneste), asked per parent who reduces work.

One or both parents may reduce their work: "Træningen og den tabte arbejdsfortjeneste kan også
deles mellem forældrene" (seed 003, principle decision 9-17). Each is asked what the guiding
estimate needs (seed 001 »Kompensation for tabt arbejdsfortjeneste«; seed 003 points 237-244):
the work and pay before, the hours asked for, the employer's pension, lost job benefits and the
costs saved. Which answers a parent must give depends on the work they had, so the form reads
every answer and portal.rules.lost_earnings says what is missing; nothing is required here
beyond the choices that decide the rest.
"""

from __future__ import annotations

from wtforms import FieldList, FormField, RadioField

from portal.forms.application import YES_NO, long_text, options, text
from portal.forms.base import BaseForm, ItemForm, choices
from portal.forms.fields import AmountField, NumberField
from portal.forms.validators import NumberRange, Optional, Required
from portal.i18n import lazy_gettext as _l
from portal.rules.lost_earnings import DEFAULT_TAX_RATE

_AMOUNT = {"inputmode": "decimal", "class": "input-width-s"}
_HOURS = {"inputmode": "decimal", "class": "input-width-xs"}


def _amount(label, description=None) -> AmountField:
    return AmountField(label, [Optional()], description=description, render_kw=_AMOUNT)


def _hours(label, description=None) -> NumberField:
    return NumberField(
        label,
        [Optional(), NumberRange(0, 80, _l("Skriv et antal timer mellem 0 og 80"))],
        description=description,
        render_kw=_HOURS,
    )


class EarningsParentForm(ItemForm):
    name = text(_l("Forælderens navn"), _l("Skriv forælderens navn"))
    employment = RadioField(
        _l("Hvad lavede forælderen, før I begyndte at træne?"),
        [Required(_l("Vælg hvad forælderen lavede"))],
        choices=choices("employment"),
    )
    monthly_income = _amount(
        _l("Bruttoløn om måneden"),
        _l(
            "Før skat og uden dit eget pensionsbidrag, som på dine lønsedler for de seneste 3 "
            "måneder. Som selvstændig: din indtægt fra virksomheden om måneden."
        ),
    )
    weekly_hours = _hours(_l("Arbejdstimer om ugen før"))
    requested_hours = _hours(
        _l("Hvor mange timer om ugen går forælderen ned?"),
        _l("De timer, I søger dækket."),
    )
    employer_pension = _amount(
        _l("Arbejdsgiverens pensionsbidrag om måneden"),
        _l("Står på lønsedlen. Lad feltet stå tomt, hvis du ikke har pension gennem arbejdet."),
    )
    lost_benefits = _amount(
        _l("Goder fra arbejdet, som forælderen mister, i kr. om måneden"),
        _l("Fx betalt frokost, telefon, internet eller firmabil."),
    )
    saved_transport = _amount(
        _l("Sparet transport til og fra arbejde om måneden"),
        _l("Det, forælderen ikke længere bruger på at komme på arbejde."),
    )
    saved_childcare = _amount(
        _l("Sparet betaling for dagtilbud om måneden"),
        _l("Det, I ikke længere betaler, fordi barnet ikke går i dagtilbud."),
    )
    tax_rate = NumberField(
        _l("Trækprocent"),
        [Optional(), NumberRange(0, 100, _l("Skriv en procent mellem 0 og 100"))],
        description=_l(
            "Står på lønsedlen eller forskudsopgørelsen. Uden den regner vi med %(rate)s %%.",
            rate=DEFAULT_TAX_RATE,
        ),
        render_kw=_HOURS,
    )
    tax_deduction = _amount(
        _l("Fradrag om måneden"), _l("Står på lønsedlen. Uden det regner vi uden fradrag.")
    )


class LostEarningsForm(BaseForm):
    applying = RadioField(
        _l("Søger I om tabt arbejdsfortjeneste?"),
        [Required(_l("Vælg ja eller nej"))],
        choices=options(YES_NO),
        description=_l("Løn for den tid, en forælder går ned i tid for at træne barnet."),
    )
    parents = FieldList(
        FormField(EarningsParentForm), _l("Forældre, der går ned i tid"), max_entries=2
    )
    child_in_daycare = RadioField(
        _l("Går barnet stadig i dagtilbud en del af tiden?"),
        [Optional()],
        choices=options(YES_NO),
        description=_l(
            "Så trækker kommunen ikke betalingen for dagtilbuddet fra den tabte arbejdsfortjeneste."
        ),
    )
    home_schooling = RadioField(
        _l("Bliver barnet hjemmeundervist?"),
        [Optional()],
        choices=options(YES_NO),
        description=_l("Undervisning i hjemmet i stedet for skole (friskoleloven)."),
    )
    home_schooling_by = text(
        _l("Hvem underviser barnet?"), description=_l("Kun hvis barnet bliver hjemmeundervist.")
    )
    home_schooling_hours = _hours(
        _l("Hvor mange timer om ugen bliver barnet undervist?"),
        _l("Kun hvis barnet bliver hjemmeundervist."),
    )
    circumstances = long_text(
        _l("Er der andet, kommunen skal vide om familiens situation?"),
        limit=2000,
        description=_l(
            "Fx et stort pleje- og pasningsbehov, uro om natten, hensyn til søskende, eller at "
            "træningen ligger uden for arbejdstiden, fx fordi du arbejder om natten."
        ),
    )
