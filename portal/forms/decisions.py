"""The caseworker's decision: one row per budget line (amount granted, refusal, reason), the
overall outcome and its reasons, the next supervision visits and the complaint guidance.

A plain form that works without JavaScript however many lines the budget has: every line is a
row of the same table, and the page can be posted to recompute the totals before sending."""

from __future__ import annotations

from wtforms import BooleanField, FieldList, FormField, RadioField, TextAreaField
from wtforms.validators import ValidationError

from portal.forms.application import long_text
from portal.forms.base import BaseForm, ItemForm, choices
from portal.forms.fields import AmountField, DateField, NumberField
from portal.forms.validators import MaxLength, Optional, Required
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.rules.case_status import DEFAULT_COMPLAINT_GUIDANCE, OUTCOMES

REASON_LIMIT = 4000


class LineDecisionForm(ItemForm):
    """One budget line. The amount starts at what was asked for; lower it to grant part of
    it, or tick "Afslås" to refuse the line."""

    approved = AmountField(_l("Bevilget beløb i kr."))
    refused = BooleanField(_l("Afslås"))
    reason = TextAreaField(_l("Begrundelse"), [Optional(), MaxLength(REASON_LIMIT)])

    def validate_approved(self, field) -> None:
        if field.data is None and not field.process_errors and not self.refused.data:
            raise ValidationError(gettext("Skriv det bevilgede beløb, eller sæt kryds i „Afslås“"))


class GrantDecisionForm(ItemForm):
    """One parent's lost earnings. Amount and hours start at the family's estimate; there is
    no end date (seed 003: "Kommunen kan således ikke fastsætte en slutdato for bevillingen i
    afgørelsen, men de kan fastsætte en opfølgningsdato")."""

    refused = BooleanField(_l("Afslås"))
    monthly_amount = AmountField(
        _l("Bevilget beløb om måneden før skat, i kr."),
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )
    weekly_hours = NumberField(
        _l("Bevilgede timer om ugen"), render_kw={"inputmode": "decimal", "class": "input-width-xs"}
    )
    start = DateField(_l("Fra dato"))
    follow_up = DateField(
        _l("Dato for opfølgning"),
        [Optional()],
        description=_l(
            "Tabt arbejdsfortjeneste er ikke tidsbegrænset: kommunen kan sætte en dato for "
            "opfølgning, men ikke en slutdato."
        ),
    )
    takes_effect = DateField(
        _l("Ændringen har virkning fra"),
        [Optional()],
        description=_l(
            "Kun når afgørelsen sætter en løbende ydelse ned eller stopper den: mindst 14 uger "
            "efter afgørelsen (serviceloven § 3 a)."
        ),
    )
    reason = TextAreaField(_l("Begrundelse"), [Optional(), MaxLength(REASON_LIMIT)])


class CaseDecisionForm(BaseForm):
    # In the order of the page: the lines first, then the decision as a whole.
    lines = FieldList(FormField(LineDecisionForm))
    lost_earnings = FieldList(FormField(GrantDecisionForm))
    outcome = RadioField(
        _l("Afgørelse"),
        [Required(_l("Vælg afgørelsen"))],
        choices=choices("outcome", OUTCOMES),
    )
    text = long_text(
        _l("Afgørelse og begrundelse"),
        _l("Skriv afgørelsen og begrundelsen"),
        limit=20000,
        description=_l(
            "Hvad er bevilget eller afslået, og hvorfor: de faktiske forhold og reglerne, "
            "afgørelsen bygger på (forvaltningsloven § 24). Begrundelsen for hver udgift står i "
            "tabellen ovenfor og kommer med i brevet."
        ),
    )
    # Required for an approval of home training, not otherwise: portal.rules.decisions says
    # which, so the field carries no "(frivilligt)".
    next_supervision = DateField(
        _l("Næste tilsynsbesøg"),
        description=_l(
            "Skal udfyldes, når hjemmetræning godkendes. Datoerne står i afgørelsen "
            "(bekendtgørelse om hjemmetræning § 4: tilsyn 2 gange om året)."
        ),
    )
    second_supervision = DateField(_l("Det følgende tilsynsbesøg"), [Optional()])
    complaint_guidance = long_text(
        _l("Klagevejledning"),
        _l("Skriv klagevejledningen"),
        limit=4000,
        # The letter's own text, so in the letter's language (Danish) also for a caseworker
        # who reads the portal in English.
        default=DEFAULT_COMPLAINT_GUIDANCE,
        render_kw={"lang": "da"},
    )

    def leave_unfilled(self) -> None:
        """ "Beregn" computes the totals on the way through the page: a field left empty is one
        the caseworker has not reached yet (the outcome, the text, a reason, a visit), so it
        shows no error until the decision is sent. A granted amount starts filled in: an
        emptied one stays an error, as the totals cannot be computed without it."""
        for field in _fields(self):
            if field.errors and field.short_name != "approved" and _blank(field):
                field.errors = []


def _fields(form):
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from _fields(entry.form)
        else:
            yield field


def _blank(field) -> bool:
    return not any(str(value).strip() for value in field.raw_data or ())


def line_position(entry) -> int:
    """The budget line or parent a posted row answers: its number in the field names
    (lines-3-..., lost_earnings-1-...)."""
    return int(entry.id.rsplit("-", 1)[1])
