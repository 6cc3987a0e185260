"""The questions of the changes a family reports during the year (portal.rules.changes).

Seed 001, "Ændringer der kan have betydning for bevilling af hjemmetræning": the family tells
the caseworker of changes in the family and in the child's situation. Whether an answer is
allowed is the rules'; these forms only read the answers. The granted budget lines a change
concerns are offered from the training's decisions (`offer_lines`), nothing typed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from wtforms import FieldList, FormField, RadioField, SelectField

from portal.forms.application import EMPTY, MultiCheckboxField, long_text, options, text
from portal.forms.base import BaseForm, ItemForm
from portal.forms.fields import AmountField, DateField, NumberField
from portal.forms.validators import MinEntries, NumberRange, Optional, Required
from portal.i18n import lazy_gettext as _l
from portal.rules import formatting
from portal.rules.changes import NEW_LINE, GrantedLine

_SINCE_HINT = _l("Skriv datoen, fx 01-03-2027. Kender I ikke dagen, så skriv den 1. i måneden.")
_TRAINING_QUESTION = _l("Hvad betyder ændringen for hjemmetræningen?")
_TRAINING_HINT = _l(
    "Fx hvem der træner, hvor meget I kan træne, eller om I har brug for hjælp på en anden måde."
)


def _line_choices(lines: Sequence[GrantedLine]) -> list:
    return options((line.key, f"{line.key} ({formatting.money(line.amount)})") for line in lines)


# 001, "Familieforhold": "fx skilsmisse, sygdom hos forældre og/eller søskende (fysisk eller
# psykisk), ny samlever, nye søskende, reduceret skoleskema for søskende".
class FamilyChangeForm(BaseForm):
    changes = MultiCheckboxField(
        _l("Hvad har ændret sig i familien?"),
        [Required(_l("Vælg mindst én ændring"))],
        choices=options(
            [
                ("skilsmisse", _l("Skilsmisse eller samlivsophør")),
                ("sygdom_foraelder", _l("Sygdom hos en forælder (fysisk eller psykisk)")),
                ("sygdom_soeskende", _l("Sygdom hos søskende (fysisk eller psykisk)")),
                ("ny_samlever", _l("Ny samlever")),
                ("nye_soeskende", _l("Nye søskende")),
                ("soeskende_skoleskema", _l("Reduceret skoleskema for søskende")),
                ("andet", _l("Andet")),
            ]
        ),
    )
    since = DateField(
        _l("Fra hvilken dato?"),
        [Required(_l("Skriv datoen for ændringen"))],
        description=_SINCE_HINT,
    )
    description = long_text(_l("Beskriv ændringen"), _l("Beskriv ændringen"), limit=4000)
    training = long_text(
        _TRAINING_QUESTION,
        _l("Skriv hvad ændringen betyder for hjemmetræningen"),
        limit=4000,
        description=_TRAINING_HINT,
    )


# 001, "Barnets forhold": "anden eller ændring af nuværende sygdom ... eller ved en negativ
# udvikling".
class ChildChangeForm(BaseForm):
    change = RadioField(
        _l("Hvad har ændret sig for barnet?"),
        [Required(_l("Vælg hvad der har ændret sig"))],
        choices=options(
            [
                ("ny_sygdom", _l("Barnet har fået en ny sygdom eller diagnose")),
                ("aendret_sygdom", _l("En sygdom, barnet har, har ændret sig")),
                ("negativ_udvikling", _l("Barnet har haft en negativ udvikling")),
                ("andet", _l("Andet")),
            ]
        ),
    )
    since = DateField(
        _l("Siden hvilken dato?"),
        [Required(_l("Skriv siden hvilken dato"))],
        description=_SINCE_HINT,
    )
    description = long_text(
        _l("Beskriv ændringen"),
        _l("Beskriv ændringen"),
        limit=4000,
        description=_l("Fx hvad lægen eller sygehuset har sagt. Udtalelser kan I sende som bilag."),
    )
    training = long_text(
        _TRAINING_QUESTION,
        _l("Skriv hvad ændringen betyder for hjemmetræningen"),
        limit=4000,
        description=_TRAINING_HINT,
    )


# 001, "Barnets forhold": "opstart i dagtilbud/skole, reduceret skoleskema". The new week is the
# application's own schedule step, checked by the same rules (portal.rules.schedule).
class SchoolChangeForm(BaseForm):
    change = RadioField(
        _l("Hvad ændrer sig?"),
        [Required(_l("Vælg hvad der ændrer sig"))],
        choices=options(
            [
                ("skolestart", _l("Barnet starter i skole")),
                ("dagtilbud", _l("Barnet starter i dagtilbud")),
                ("nedsat_skoleskema", _l("Barnet får nedsat skoleskema")),
                ("andet", _l("Andet, fx flere timer i skole eller dagtilbud")),
            ]
        ),
    )
    start = DateField(
        _l("Fra hvilken dato?"),
        [Required(_l("Skriv fra hvilken dato"))],
        description=_SINCE_HINT,
    )
    place = text(_l("Skolens eller dagtilbuddets navn"), limit=200)
    description = long_text(
        _TRAINING_QUESTION,
        limit=4000,
        description=_l("Skriv det nye ugeskema på næste side."),
    )


class PauseForm(ItemForm):
    start = DateField(
        _l("Første dag uden træning"), [Required(_l("Skriv den første dag uden træning"))]
    )
    end = DateField(
        _l("Sidste dag uden træning"), [Required(_l("Skriv den sidste dag uden træning"))]
    )
    reason = SelectField(
        _l("Hvorfor træner I ikke?"),
        [Required(_l("Vælg hvorfor I ikke træner"))],
        choices=options(
            [
                ("", _l("Vælg")),
                ("ferie", _l("Ferie")),
                ("sygdom", _l("Sygdom")),
                ("indlaeggelse", _l("Indlæggelse eller behandling")),
                ("andet", _l("Andet")),
            ]
        ),
    )
    note = text(_l("Uddyb gerne"), limit=500)


# The holiday weeks the municipality assumes are a setting (holiday_weeks): "Der tages her
# udgangspunkt i, at I holder 5 ugers ferie om året" (001, "Ansøgning").
class PausesForm(BaseForm):
    periods = FieldList(
        FormField(PauseForm),
        _l("Perioder uden træning"),
        [MinEntries(1, _l("Skriv mindst én periode"))],
        min_entries=1,
        max_entries=20,
    )


class GrantedLinesForm(BaseForm):
    """A form whose answers name granted budget lines: the page offers the training's lines
    of the year (`offer_lines`). An answer that is not one of them is the rules' to refuse
    (portal.rules.changes), so that every other answer is checked and kept meanwhile."""

    def offer_lines(self, lines: Sequence[GrantedLine]) -> None:
        raise NotImplementedError


class HelperHoursForm(GrantedLinesForm):
    line = SelectField(
        _l("Hvilken budgetlinje gælder det?"),
        [Optional()],
        choices=[EMPTY],
        validate_choice=False,
        description=_l("Linjerne er dem, kommunen har bevilget i år."),
    )
    hours = NumberField(
        _l("Timer om ugen fra datoen"),
        [
            Required(_l("Skriv hvor mange timer om ugen")),
            NumberRange(0, 168, _l("Skriv et antal timer mellem 0 og 168")),
        ],
        render_kw={"inputmode": "decimal", "class": "input-width-xs"},
    )
    start = DateField(
        _l("Fra hvilken dato?"), [Required(_l("Skriv fra hvilken dato timerne ændres"))]
    )
    reason = long_text(
        _l("Hvorfor ændres timerne?"), _l("Skriv hvorfor timerne ændres"), limit=2000
    )

    def offer_lines(self, lines: Sequence[GrantedLine]) -> None:
        self.line.choices = [EMPTY, *_line_choices(lines)]


class MoveForm(ItemForm):
    from_line = SelectField(
        _l("Flyt fra budgetlinje"), [Optional()], choices=[EMPTY], validate_choice=False
    )
    to_line = SelectField(
        _l("Flyt til budgetlinje"), [Optional()], choices=[EMPTY], validate_choice=False
    )
    to_description = text(
        _l("Hvis en ny linje: hvad skal pengene bruges til?"),
        limit=500,
    )
    amount = AmountField(
        _l("Beløb i kr."),
        [
            Required(_l("Skriv hvor mange kroner der skal flyttes")),
            NumberRange(Decimal("0.01"), None, _l("Skriv et beløb over 0 kr.")),
        ],
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )


# 001, "Budget": "Hver enkelt post er fast knyttet til den pågældende udgift, og du har dermed
# ikke mulighed for at flytte et beløb fra én post over på en anden post": a move needs a new
# decision (portal.rules.changes.check_moves).
class BudgetMoveForm(GrantedLinesForm):
    moves = FieldList(
        FormField(MoveForm),
        _l("Flytninger"),
        [MinEntries(1, _l("Skriv mindst én flytning"))],
        min_entries=1,
        max_entries=10,
    )
    reason = long_text(
        _l("Hvorfor skal pengene flyttes?"),
        _l("Skriv hvorfor pengene skal flyttes"),
        limit=4000,
        description=_l(
            "Forklar hvorfor den nye udgift er nødvendig for træningen, og hvorfor der er "
            "penge til overs på den anden linje."
        ),
    )

    def offer_lines(self, lines: Sequence[GrantedLine]) -> None:
        offered = _line_choices(lines)
        for entry in self.moves.entries:
            entry.form.from_line.choices = [EMPTY, *offered]
            entry.form.to_line.choices = [
                EMPTY,
                *offered,
                *options([(NEW_LINE, _l("En ny budgetlinje"))]),
            ]
