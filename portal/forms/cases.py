"""What the family and the caseworker write on a case: answers, withdrawals, questions and
notices of delay (the decision is portal.forms.decisions). Each staff form has a prefix, so
that several can stand on the case page with their own field ids."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import ValidationError

from portal.forms.application import long_text
from portal.forms.attachments import kind_choices
from portal.forms.base import BaseForm
from portal.forms.fields import DateField
from portal.forms.validators import NotInPast, Optional, Required
from portal.i18n import gettext
from portal.i18n import lazy_gettext as _l
from portal.rules.case_status import delay_notice_problem
from portal.timeutil import today_local

LONG = 8000


class AnswerForm(BaseForm):
    """The answer to the caseworker's question: text and files in one form (read from the
    upload's streamed fields)."""

    # Not required on its own: files alone are an answer too (portal.home.cases checks that
    # the family sends one or the other).
    answer = long_text(_l("Jeres svar"), limit=LONG)
    # Asked for, not enforced, as on the attachments page: files sent without it are "Andet",
    # and an answer without files has no use for it (portal.home.cases reads it).
    kind = SelectField(
        _l("Hvad er filerne?"),
        choices=kind_choices(),
        validate_choice=False,
        description=_l("Sender I flere slags, så vælg den, de fleste af filerne er."),
    )


class WithdrawForm(BaseForm):
    reason = long_text(
        _l("Vil I fortælle kommunen hvorfor?"),
        limit=2000,
        description=_l("I behøver ikke at give en grund."),
    )


class StatusForm(BaseForm):
    to_status = SelectField(_l("Ny status"), [Required(_l("Vælg en ny status"))], choices=[])
    reason = long_text(
        _l("Hvorfor ændres status?"),
        _l("Skriv hvorfor status ændres"),
        limit=2000,
        description=_l("Familien kan læse det i sagens historik."),
    )


class QuestionForm(BaseForm):
    question = long_text(
        _l("Spørgsmål til familien"),
        _l("Skriv spørgsmålet til familien"),
        limit=LONG,
        description=_l("Skriv i et sprog, familien forstår. Sig hvad I mangler, og hvorfor."),
    )
    answer_by = DateField(
        _l("Svar gerne senest"),
        [
            Optional(),
            NotInPast(today_local, _l("Vælg en dato fra i dag")),
        ],
    )


class DelayForm(BaseForm):
    """The written notice of a new expected date (Retssikkerhedsloven § 3). The view sets
    `due` to the case's deadline before validating."""

    new_date = DateField(
        _l("Ny forventet dato for afgørelse"),
        [Required(_l("Skriv den dato, familien kan forvente en afgørelse"))],
    )
    reason = long_text(
        _l("Hvorfor kan fristen ikke holdes?"),
        _l("Skriv hvorfor fristen ikke kan holdes"),
        limit=4000,
        description=_l("Familien får beskeden og begrundelsen."),
    )
    due = None

    def validate_new_date(self, field) -> None:
        if field.data is None or self.due is None:
            return
        problem = delay_notice_problem(field.data, due=self.due, today=today_local())
        if problem:
            raise ValidationError(gettext(problem))


class NoteForm(BaseForm):
    """A change during the year taken to note ("Taget til efterretning"), with the short text
    the family reads in the case's history."""

    text = long_text(
        _l("Besked til familien"),
        _l("Skriv en kort besked til familien"),
        limit=2000,
        description=_l(
            "Fx at kommunen har noteret ændringen, og at bevillingen fortsætter uændret. "
            "Ændrer bevillingen sig, så træf en afgørelse i stedet."
        ),
    )
