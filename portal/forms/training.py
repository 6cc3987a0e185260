"""The family's notice that they end the training, and the caseworker's change of a training
with its decision (portal.rules.training)."""

from __future__ import annotations

from wtforms import BooleanField, RadioField

from portal.forms.application import long_text
from portal.forms.base import BaseForm, choices
from portal.forms.fields import DateField
from portal.forms.validators import Required
from portal.i18n import lazy_gettext as _l
from portal.rules.case_status import DEFAULT_COMPLAINT_GUIDANCE
from portal.rules.training import CHANGE_KINDS


class EndTrainingForm(BaseForm):
    last_day = DateField(
        _l("Sidste dag med hjemmetræning"),
        [Required(_l("Skriv den sidste dag med hjemmetræning"))],
        description=_l("Fx 30-06-2027."),
    )
    reason = long_text(
        _l("Hvorfor stopper I hjemmetræningen?"),
        _l("Skriv hvorfor I stopper hjemmetræningen"),
        limit=4000,
    )
    needs_instead = long_text(
        _l("Hvad har jeres barn brug for i stedet?"),
        limit=4000,
        description=_l(
            "Fx dagtilbud, skole eller et andet tilbud. Familierådgivningen vil gå i dialog med "
            "jer om, hvilket tilbud jeres barn i stedet skal have."
        ),
    )


class ChangeTrainingForm(BaseForm):
    kind = RadioField(
        _l("Hvad foreslår kommunen?"),
        [Required(_l("Vælg om kommunen vil justere, nedsætte eller stoppe hjemmetræningen"))],
        choices=[],
    )
    proposal = long_text(
        _l("Forslaget og begrundelsen"),
        _l("Skriv forslaget og begrundelsen"),
        limit=8000,
        description=_l("Familien læser det i høringen. Skriv i et sprog, familien forstår."),
    )
    basis = long_text(
        _l("Hvad bygger forslaget på?"),
        limit=8000,
        description=_l("Fx tilsynsrapporten og dens anbefaling."),
    )
    effective_on = DateField(
        _l("Foreslået virkning fra"),
        [Required(_l("Skriv den dato, ændringen skal have virkning fra"))],
    )
    by_agreement = BooleanField(
        _l("Justeringen er aftalt med familien"),
        description=_l("Kun en justering, familien er enig i, kan afgøres uden høring."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices("training_change", CHANGE_KINDS)


class ChangeDecisionForm(BaseForm):
    effective_on = DateField(
        _l("Afgørelsen har virkning fra"),
        [Required(_l("Skriv den dato, afgørelsen har virkning fra"))],
    )
    text = long_text(
        _l("Afgørelsen og begrundelsen"),
        _l("Skriv afgørelsen og begrundelsen"),
        limit=8000,
        description=_l("Familien læser den i afgørelsesbrevet."),
    )
    complaint_guidance = long_text(
        _l("Klagevejledning"),
        _l("Skriv klagevejledningen"),
        limit=4000,
        # The letter's own text, so in the letter's language (Danish) also for a caseworker
        # who reads the portal in English.
        default=DEFAULT_COMPLAINT_GUIDANCE,
        render_kw={"lang": "da"},
    )
