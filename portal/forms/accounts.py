"""The caseworker's review of a year's accounts: per line the documented spending the
municipality approves, and why less than spent; then the decision's reasons."""

from __future__ import annotations

from wtforms import FieldList, FormField, TextAreaField

from portal.forms.base import BaseForm, ItemForm
from portal.forms.fields import AmountField
from portal.forms.validators import MaxLength, Optional, Required
from portal.i18n import lazy_gettext as _l

REASON_LIMIT = 4000


class LineReviewForm(ItemForm):
    approved = AmountField(
        _l("Godkendt i kr."),
        [Required(_l("Skriv hvor meget af udgifterne på linjen kommunen godkender"))],
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )
    reason = TextAreaField(
        _l("Begrundelse, hvis mindre end brugt"), [Optional(), MaxLength(REASON_LIMIT)]
    )


class AccountsReviewForm(BaseForm):
    lines = FieldList(FormField(LineReviewForm), max_entries=500)


class AccountsDecisionForm(BaseForm):
    text = TextAreaField(
        _l("Afgørelsen og begrundelsen, som familien læser den"),
        [Required(_l("Skriv afgørelsen og begrundelsen")), MaxLength(REASON_LIMIT)],
    )
