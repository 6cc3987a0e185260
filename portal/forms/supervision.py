"""The forms of supervision: the family's time-and-phase plan for the visit (Bilag 13), the
caseworker's record of the visit with the supervision report (Bilag 14), moving or adding a
visit, and the follow-up.

A form that is saved as one goes checks only what cannot be stored (too long, not a date);
what must be there to send is checked on sending (`missing_for_sending`)."""

from __future__ import annotations

from wtforms import FieldList, FormField, RadioField, TextAreaField
from wtforms.validators import ValidationError

from portal.forms.application import YES_NO, MultiCheckboxField, long_text, options, text
from portal.forms.base import BaseForm, ItemForm, choices
from portal.forms.fields import DateField
from portal.forms.validators import NeededToSend, NotInPast, Required
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.rules import supervision as rules
from portal.timeutil import today_local

LONG = 8000


def to_send(label, limit: int = LONG) -> TextAreaField:
    """A text the form may be saved without, but not sent without."""
    return long_text(label, limit=limit, to_send=True)


# The plan -----------------------------------------------------------------------------------


class PlanGoalForm(ItemForm):
    goal = to_send(_l(rules.PLAN_GOAL_FIELDS["goal"]), limit=2000)
    method = text(_l(rules.PLAN_GOAL_FIELDS["method"]), limit=500)
    achievement = to_send(_l(rules.PLAN_GOAL_FIELDS["achievement"]))
    # Bilag 13: "Fremadrettet: Skal målet fortsætte? Ja ☐ Nej ☐"
    continues = RadioField(
        _l("Skal målet fortsætte?"),
        [NeededToSend()],
        choices=options(YES_NO),
        validate_choice=True,
    )
    changes = long_text(_l(rules.PLAN_GOAL_FIELDS["changes"]), limit=LONG)


class PlanForm(BaseForm):
    goals = FieldList(FormField(PlanGoalForm), label=_l("Målene"))
    went_well = long_text(_l(rules.PLAN_SECTIONS["went_well"]), limit=LONG)
    changed = long_text(_l(rules.PLAN_SECTIONS["changed"]), limit=LONG)
    new_goals = long_text(_l(rules.PLAN_SECTIONS["new_goals"]), limit=LONG)
    questions = long_text(_l(rules.PLAN_SECTIONS["questions"]), limit=LONG)

    def goal_answers(self) -> list[dict[str, str]]:
        return [
            {
                "goal": entry.form.goal.data or "",
                "method": entry.form.method.data or "",
                "achievement": entry.form.achievement.data or "",
                "continue": entry.form.continues.data or "",
                "changes": entry.form.changes.data or "",
            }
            for entry in self.goals.entries
        ]

    def section_answers(self) -> dict[str, str]:
        return {key: getattr(self, key).data or "" for key in rules.PLAN_SECTIONS}

    def missing_for_sending(self) -> bool:
        """Mark what the plan must hold to be sent: each goal named, how far it is reached,
        and whether it continues (Bilag 13). True when something is missing."""
        missing = False
        for entry in self.goals.entries:
            form = entry.form
            if not (form.goal.data or "").strip():
                form.goal.errors.append(_("Skriv hvilket mål der har været i fokus"))
                missing = True
            if not (form.achievement.data or "").strip():
                form.achievement.errors.append(_("Skriv i hvilken grad og hvordan målet er nået"))
                missing = True
            if not form.continues.data:
                form.continues.errors.append(_("Vælg om målet skal fortsætte"))
                missing = True
        if not self.goals.entries and not (self.new_goals.data or "").strip():
            self.new_goals.errors.append(_("Skriv de mål, I vil arbejde med"))
            missing = True
        return missing


def plan_formdata(goals: list[dict], sections: dict) -> dict[str, str]:
    """A stored plan as the form's posted data, to show it again."""
    data = {key: sections.get(key, "") for key in rules.PLAN_SECTIONS}
    for position, goal in enumerate(goals):
        for key, value in goal.items():
            name = "continues" if key == "continue" else key
            data[f"goals-{position}-{name}"] = value
    return data


# The visit and the report ------------------------------------------------------------------


class VisitForm(BaseForm):
    held_on = DateField(
        _l("Dato for tilsynsbesøget"),
        [Required(_l("Skriv datoen for tilsynsbesøget"))],
    )
    participants = MultiCheckboxField(
        _l("Hvem deltog?"),
        [Required(_l("Vælg hvem der deltog i tilsynet"))],
        choices=choices("supervision_participant"),
        description=_l(
            "Begge forældre og barnet deltager som udgangspunkt; hjælpere og metodeudbyder "
            "er ikke en del af tilsynet."
        ),
    )
    participants_note = long_text(_l("Bemærkninger om deltagerne"), limit=2000)
    child_heard = RadioField(
        _l("Er barnet hørt?"),
        [Required(_l("Vælg om barnet er hørt"))],
        choices=options(YES_NO),
    )
    child_heard_how = long_text(
        _l("Hvordan er barnet hørt, eller hvorfor ikke?"),
        limit=4000,
        description=_l("Barnets synspunkter skal tillægges betydning efter alder og modenhed."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.held_on.validators = [
            *self.held_on.validators,
            _NotInFuture(),
        ]

    def sections(self) -> dict[str, str]:
        return {key: self.report_fields[key].data or "" for key in rules.REPORT_SECTIONS}

    def missing_for_sending(self) -> bool:
        """The report goes to the family with the overall assessment and a reasoned
        recommendation (§ 4, stk. 4). True when something is missing."""
        missing = False
        purpose = self.report_fields["purpose"]
        if not (purpose.data or "").strip():
            purpose.errors.append(_("Skriv kommunens overordnede vurdering"))
            missing = True
        if not self.recommendation.data:
            self.recommendation.errors.append(
                _("Vælg om hjemmetræningen skal fortsætte, justeres eller ophøre")
            )
            missing = True
        if not (self.recommendation_reason.data or "").strip():
            self.recommendation_reason.errors.append(_("Skriv begrundelsen for indstillingen"))
            missing = True
        return missing

    @property
    def report_fields(self) -> dict:
        return {key: getattr(self, f"report_{key}") for key in rules.REPORT_SECTIONS}


class _NotInFuture:
    def __call__(self, form, field) -> None:
        if field.data is not None and field.data > today_local():
            raise ValidationError(_("Et besøg kan først registreres, når det har fundet sted."))


# Bilag 14's sections, in its order, then the recommendation: fields are ordered as made.
for _key, _label in rules.REPORT_SECTIONS.items():
    # The overall assessment must be there to send; every other section may stay empty.
    _make = to_send if _key == "purpose" else long_text
    setattr(VisitForm, f"report_{_key}", _make(_l(_label), limit=LONG))
VisitForm.recommendation = RadioField(
    _l("Kommunens indstilling"),
    [NeededToSend()],
    choices=choices("supervision_recommendation"),
    validate_choice=True,
)
VisitForm.recommendation_reason = to_send(_l("Begrundelse for indstillingen"))


# Moving, adding, following up --------------------------------------------------------------


class MoveVisitForm(BaseForm):
    day = DateField(
        _l("Ny dato"),
        [Required(_l("Skriv den nye dato")), NotInPast(today_local, _l("Vælg en dato fra i dag"))],
    )
    reason = long_text(
        _l("Hvorfor?"),
        _l("Skriv hvorfor datoen ændres"),
        limit=2000,
        description=_l("Familien kan læse begrundelsen."),
    )


class FollowUpForm(BaseForm):
    choice = RadioField(
        _l("Opfølgning"),
        [Required(_l("Vælg hvad der skal ske nu"))],
        choices=choices("supervision_follow_up"),
    )
    note = long_text(
        _l("Hvad sker der nu?"),
        limit=LONG,
        description=_l(
            "Skriv hvad der justeres, eller hvad familien skal vide. Familien kan læse det."
        ),
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # What is adjusted, or why the training may stop, is what the family must be told.
        if self.choice.data in ("adjust", "stop") and not (self.note.data or "").strip():
            self.note.errors = [_("Skriv hvad der justeres, eller hvorfor")]
            valid = False
        return valid


__all__ = [
    "FollowUpForm",
    "MoveVisitForm",
    "PlanForm",
    "PlanGoalForm",
    "VisitForm",
    "plan_formdata",
]
