"""What the family writes when it complains, and what the caseworker records: a complaint
that came orally or by letter, the forwarding to Ankestyrelsen, Ankestyrelsen's answer and the
answer to a complaint about the handling time. The staff forms have prefixes, so that several
can stand on one page with their own field ids."""

from __future__ import annotations

from datetime import date

from wtforms import RadioField

from portal.forms.application import long_text
from portal.forms.base import BaseForm, choices
from portal.forms.cases import LONG
from portal.forms.fields import DateField
from portal.forms.validators import FieldError, Required
from portal.i18n import lazy_gettext as _l
from portal.timeutil import today_local


class NotInFuture:
    """A day that has happened: a complaint received, a letter sent, a decision made."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if isinstance(field.data, date) and field.data > today_local():
            raise FieldError(self.message)


class ComplaintForm(BaseForm):
    """The family's complaint about a decision, read from the upload's streamed fields."""

    reasons = long_text(
        _l("Hvorfor klager I?"),
        _l("Skriv hvorfor I klager over afgørelsen"),
        limit=LONG,
        description=_l(
            "Skriv, hvad I er uenige i, og hvorfor. Send gerne dokumentation med, fx en "
            "udtalelse fra en læge eller en skole."
        ),
    )


class HandlingTimeComplaintForm(BaseForm):
    text = long_text(
        _l("Hvad klager I over?"),
        _l("Skriv hvad I klager over"),
        limit=LONG,
        description=_l("Fx at sagen har taget længere tid, end kommunen har sagt."),
    )


class RecordedComplaintForm(BaseForm):
    """A complaint the family made orally or by letter, written on the case by the
    caseworker ("I kan klage skriftligt eller mundtligt")."""

    channel = RadioField(
        _l("Hvordan kom klagen?"),
        [Required(_l("Vælg hvordan klagen kom"))],
        choices=choices("complaint_channel", ("oral", "letter")),
    )
    received_on = DateField(
        _l("Modtaget"),
        [
            Required(_l("Skriv den dato, kommunen modtog klagen")),
            NotInFuture(_l("Skriv en dato, der ikke ligger efter i dag")),
        ],
    )
    reasons = long_text(
        _l("Familiens begrundelse"),
        _l("Skriv familiens begrundelse for klagen"),
        limit=LONG,
        description=_l("Skriv klagen, som familien gav den. Familien kan læse den på sagen."),
    )


class ForwardForm(BaseForm):
    sent_on = DateField(
        _l("Sendt til Ankestyrelsen"),
        [
            Required(_l("Skriv den dato, klagen blev sendt til Ankestyrelsen")),
            NotInFuture(_l("Skriv en dato, der ikke ligger efter i dag")),
        ],
    )
    note = long_text(
        _l("Kommunens begrundelse for at fastholde afgørelsen"),
        limit=LONG,
        description=_l("Familien kan læse den på sagen."),
    )


class AnkestyrelsenForm(BaseForm):
    result = RadioField(
        _l("Ankestyrelsens afgørelse"),
        [Required(_l("Vælg Ankestyrelsens afgørelse"))],
        choices=choices("complaint_result"),
    )
    decided_on = DateField(
        _l("Ankestyrelsens afgørelse er dateret"),
        [
            Required(_l("Skriv datoen på Ankestyrelsens afgørelse")),
            NotInFuture(_l("Skriv en dato, der ikke ligger efter i dag")),
        ],
    )
    note = long_text(_l("Bemærkning"), limit=LONG)


class HandlingTimeAnswerForm(BaseForm):
    answer = long_text(
        _l("Kommunens svar"),
        _l("Skriv kommunens svar til familien"),
        limit=LONG,
        description=_l("Familien får besked og kan læse svaret på sagen."),
    )


class ReconsiderationHearingForm(BaseForm):
    subject = long_text(
        _l("Det, familien skal høres om"),
        _l("Skriv det, familien skal høres om"),
        limit=LONG,
        description=_l(
            "Nye oplysninger, som genvurderingen bygger på, og som familien ikke kender. "
            "Familien har kommunens høringsfrist til at svare."
        ),
    )
