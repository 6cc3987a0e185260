"""Attachments: the wizard's step, the details of an upload, and a removal by the municipality."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField, StringField, TextAreaField

from portal.forms.base import BaseForm, choices
from portal.forms.validators import MaxLength, Optional, Required
from portal.i18n import lazy_gettext as _l

NOTE_LIMIT = 500


def kind_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Vælg")), *choices("attachment")]


class AttachmentStepForm(BaseForm):
    """The step itself has no questions: the files are on the page, the step is done when
    the parent has seen it and pressed "Gem og fortsæt"."""


class UploadForm(BaseForm):
    """What the files of one upload are. Read from the upload's own (streamed) fields."""

    # Asked for, not enforced: files sent without it are kept as "Andet" and the parent is told
    # (a large video is never thrown away for a forgotten choice).
    kind = SelectField(
        _l("Hvad er filerne?"),
        choices=kind_choices(),
        description=_l("Sender du flere slags, så send dem hver for sig."),
    )
    note = StringField(
        _l("Note til sagsbehandleren"),
        [Optional(), MaxLength(NOTE_LIMIT)],
        description=_l("Fx hvem der har skrevet udtalelsen, og hvornår."),
    )


class AttachmentDetailsForm(BaseForm):
    kind = SelectField(
        _l("Hvad er filen?"), [Required(_l("Vælg hvad filen er"))], choices=kind_choices()
    )
    note = StringField(_l("Note til sagsbehandleren"), [Optional(), MaxLength(NOTE_LIMIT)])


class RemoveAttachmentForm(BaseForm):
    reason = TextAreaField(
        _l("Hvorfor fjernes bilaget?"),
        [Required(_l("Skriv hvorfor bilaget fjernes")), MaxLength(1000)],
        description=_l(
            "Fx at filen hører til en anden sag. Begrundelsen står i sagens historik, og "
            "forælderen kan se den. Filen gemmes fortsat i sagens arkiv."
        ),
    )
