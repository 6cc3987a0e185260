"""The family's answer to a hearing: their remarks and the files that go with them, in one form
(read from the upload's streamed fields)."""

from __future__ import annotations

from portal.forms.application import long_text
from portal.forms.base import BaseForm
from portal.forms.cases import LONG
from portal.i18n import lazy_gettext as _l


class HearingAnswerForm(BaseForm):
    # Not required on its own: files alone are an answer too (portal.home.hearings checks that
    # the family sends one or the other).
    answer = long_text(
        _l("Jeres bemærkninger"),
        limit=LONG,
        description=_l(
            "Skriv, hvad I er enige og uenige i, og hvad kommunen bør vide, før den går videre. "
            "Skriv „Ingen bemærkninger“, hvis I ikke har nogen."
        ),
    )
