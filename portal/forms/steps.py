"""The form of each wizard step: its questions bound to the parent's answers and checked, first
by the form (can the answer be read?), then by the rules (portal.wizard.checks: does the law
and the municipality accept it?), each finding on the field it concerns.

Also what the rest of the portal reads from the forms: the questions of a step for the case
view (portal.wizard.case_view) and an answer as a person reads it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, FieldList, Form, FormField

from portal.forms import application, changes, lost_earnings, requests
from portal.forms.application import EMPTY
from portal.forms.attachments import AttachmentStepForm
from portal.forms.base import BaseForm, SelectChoice, leaf_fields
from portal.forms.fields import NumberField
from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.models import Case
from portal.rules import formatting
from portal.services import goal_plans
from portal.services.drafts import StoredDraft, context_for
from portal.wizard import answers as stored
from portal.wizard import checks
from portal.wizard import steps as wizard_steps
from portal.wizard.answers import Answers
from portal.wizard.case_view import (
    ListQuestions,
    Question,
    Section,
    StepQuestions,
    format_answer,
    section,
)
from portal.wizard.checks import Context, Placed, accounts_year_of, check_step
from portal.wizard.goal_changes import goal_changes
from portal.wizard.steps import Step, steps_for

FORMS: Mapping[str, type[BaseForm]] = {
    wizard_steps.CHILD.slug: application.ChildForm,
    wizard_steps.FAMILY.slug: application.FamilyForm,
    wizard_steps.METHODS.slug: application.MethodsForm,
    wizard_steps.CONSIDERATIONS.slug: application.ConsiderationsForm,
    wizard_steps.OFFERS.slug: application.OffersForm,
    wizard_steps.GOALS.slug: application.GoalsForm,
    wizard_steps.SCHEDULE.slug: application.ScheduleForm,
    wizard_steps.BUDGET.slug: application.BudgetForm,
    wizard_steps.LOST_EARNINGS.slug: lost_earnings.LostEarningsForm,
    wizard_steps.PARTNERS.slug: application.PartnersForm,
    wizard_steps.ATTACHMENTS.slug: AttachmentStepForm,
    wizard_steps.CONSENT.slug: application.ConsentForm,
    wizard_steps.SUPPLEMENT.slug: requests.SupplementForm,
    wizard_steps.SWITCH.slug: requests.SwitchForm,
    wizard_steps.EQUIPMENT.slug: requests.EquipmentForm,
    wizard_steps.ACCOUNTS.slug: requests.AccountsForm,
    wizard_steps.FAMILY_CHANGE.slug: changes.FamilyChangeForm,
    wizard_steps.CHILD_CHANGE.slug: changes.ChildChangeForm,
    wizard_steps.SCHOOL_CHANGE.slug: changes.SchoolChangeForm,
    wizard_steps.PAUSES.slug: changes.PausesForm,
    wizard_steps.HELPER_HOURS.slug: changes.HelperHoursForm,
    wizard_steps.BUDGET_MOVE.slug: changes.BudgetMoveForm,
}


def bind(
    step: Step, answers: Mapping[str, list[str]] | None, ctx: Context | None = None
) -> BaseForm:
    """The step's form with the answers; with `ctx`, offering what the rules know of the
    training (the granted budget lines a change concerns)."""
    form = FORMS[step.slug]
    if answers is None:
        bound = form(formdata=None)
    else:
        pairs = [(key, value) for key, values in answers.items() for value in values]
        bound = form(formdata=MultiDict(pairs))
    if ctx is not None:
        offer(step, bound, ctx)
    return bound


def stored_answers(step: Step, answers: Answers) -> Answers:
    """The answers as the draft keeps them: a number read in the reader's language as a plain
    decimal ("1.500,50" and "1,500.50" both as "1500.5"), so it reads back as the same number
    in either language; everything else as typed, so an answer that cannot be read yet is
    shown again as it was written."""
    kept = dict(answers)
    for f in leaf_fields(bind(step, answers)):
        if isinstance(f, NumberField) and f.name in kept and (text := f.stored()) is not None:
            kept[f.name] = [text]
    return kept


def offer(step: Step, form: BaseForm, ctx: Context) -> BaseForm:
    """Offer what the rules know of the training where a form asks for it: the granted
    budget lines of the year a change concerns, and the accounts' lines and receipts."""
    if isinstance(form, changes.GrantedLinesForm):
        form.offer_lines(ctx.granted_lines or ())
    return fill_choices(step, form, ctx)


@dataclass(frozen=True)
class Checked:
    """A step's answers bound to its form and checked: field errors are on the form."""

    step: Step
    form: BaseForm
    valid: bool
    warnings: list[Placed]
    started: bool


def fill_choices(step: Step, form: BaseForm, ctx: Context) -> BaseForm:
    """The choices that are the draft's own: for the accounts' ledger, the year's granted
    lines (from the decisions) and the files attached to the draft as receipts."""
    if step.slug != wizard_steps.ACCOUNTS.slug:
        return form
    year = accounts_year_of({"year": form.year.data})
    lines = [EMPTY] + [
        SelectChoice(
            line.key,
            _("%(line)s (bevilget %(amount)s, sag %(number)s)")
            % {
                "line": line.description,
                "amount": formatting.money(line.granted),
                "number": line.reference,
            },
        )
        for line in ctx.lines_of(year)
    ]
    receipts = [SelectChoice("", _("Ingen kvittering endnu"))]
    receipts += [SelectChoice(public_id, name) for public_id, name in ctx.receipts]
    for entry in form.entries:
        entry.form.line.choices = lines
        entry.form.receipt.choices = receipts
    return form


def check(step: Step, answers: Answers | None, ctx: Context, *, started: bool) -> Checked:
    """Bind and check a step's answers. Errors are put on their fields (unless the field
    already says what is wrong with it) and make the step invalid; warnings never do. A step
    nobody has saved (`started` False, no answers) is not valid, whatever its form says."""
    form = bind(step, answers or {}, ctx)
    valid = form.validate()
    warnings = []
    for item in check_step(step.slug, form.data, ctx):
        if not item.finding.is_error:
            warnings.append(item)
            continue
        valid = False
        _show_error(form, item)
    return Checked(step, form, valid and (started or bool(answers)), warnings, started)


def _show_error(form: BaseForm, item: Placed) -> None:
    field = next((f for f in leaf_fields(form) if f.id == item.target), None)
    if field is not None:
        if not field.errors:
            field.errors = [*field.errors, item.message]
        return
    list_field = form._fields.get(item.target.removesuffix("-list"))
    if list_field is not None:
        list_field.errors = [*list_field.errors, item.message]


def check_saved(draft: StoredDraft, step: Step, ctx: Context | None = None) -> Checked:
    """A step as it is saved in the draft, checked."""
    row = draft.step(step.slug)
    return check(
        step, row.data if row else None, ctx or context_for(draft), started=row is not None
    )


def check_all(draft: StoredDraft, ctx: Context | None = None) -> list[Checked]:
    """Every step of the draft, checked as at today, or as at `ctx` (the day it was sent)."""
    ctx = ctx or context_for(draft)
    return [check_saved(draft, step, ctx) for step in steps_for(draft.case_type)]


def answers_read_back(
    draft: StoredDraft, ctx: Context | None = None, *, sent: Case | None = None
) -> dict[str, Any]:
    """What "Tjek dine svar" reads back (templates/apply/_check_answers.html): every section
    checked, with the helpers' reckoning under the budget, the accounts' balance under the
    ledger and renewed goals beside the plan approved before. For the receipt of a request
    already `sent`, as at `ctx` (the day it was received) and against the plan approved
    before it."""
    ctx = ctx or context_for(draft)
    sections = check_all(draft, ctx)
    started = {c.step.slug: c for c in sections if c.started}
    budget, ledger, goals = started.get("budget"), started.get("regnskab"), started.get("maal")
    goal_diff = None
    if draft.case_type == "renewed_goals" and goals is not None:
        old = goal_plans.last_plan(draft.related_case, before=sent)
        goal_diff = goal_changes(old, stored.to_plain(goals.form.data).get("goals") or [])
    return {
        "sections": sections,
        "budget_summary": checks.budget_summary(budget.form.data, ctx) if budget else None,
        "computed_amounts": checks.computed_amounts(budget.form.data, ctx) if budget else {},
        "accounts_summary": checks.accounts_summary(ledger.form.data, ctx) if ledger else None,
        "goal_diff": goal_diff,
    }


def application_document(draft: StoredDraft) -> tuple[dict, list[Step]]:
    """The typed answers of every step, and the steps that do not validate."""
    document: dict = {}
    incomplete: list[Step] = []
    for checked in check_all(draft):
        if not checked.valid:
            incomplete.append(checked.step)
        document[checked.step.slug] = stored.to_plain(checked.form.data)
    return document, incomplete


def add_entry(step: Step, answers: Answers, list_name: str) -> tuple[Answers, int]:
    """One more empty entry at the end of a list; returns the answers and the new entry's
    position (the last one's, when the list is full)."""
    field_list: FieldList = bind(step, answers)[list_name]
    shown = len(field_list.entries)
    if field_list.max_entries and shown >= field_list.max_entries:
        return dict(answers), shown - 1
    first = next(iter(field_list.unbound_field.args[0]())).short_name
    return stored.add_entry(answers, list_name, shown=shown, first_key=first), shown


def differing_answers(step: Step, mine: Answers, saved: Answers | None) -> list[tuple[str, str]]:
    """(question, saved answer) for each answer that differs between two copies of a step."""
    theirs = {f.name: (f.label.text, as_shown(f)) for f in leaf_fields(bind(step, saved or {}))}
    result = []
    for f in leaf_fields(bind(step, mine)):
        label, value = theirs.pop(f.name, (f.label.text, ""))
        if value != as_shown(f):
            result.append((label, value))
    result.extend((label, value) for label, value in theirs.values() if value)
    return result


# Fields whose answer is one or more of their options: shown by the options' labels.
_CHOICE_FIELD_TYPES = ("RadioField", "SelectField", "MultiCheckboxField")
_KINDS = {
    "DateField": "date",
    "AmountField": "amount",
    "NumberField": "number",
    "WholeNumberField": "number",
    "TimeField": "time",
}


def question(f: Field) -> Question:
    """What the case view needs to know of a question: its label and what kind of answer it
    takes (a choice with its options' labels, a date, an amount ...)."""
    if f.type in _CHOICE_FIELD_TYPES:
        labels = {choice.value: str(choice.label) for choice in f.choices}
        return Question(f.short_name, str(f.label.text), "choice", labels)
    if f.short_name == "year":
        # A year reads as written ("2027"), not as a quantity ("2.027").
        return Question(f.short_name, str(f.label.text))
    return Question(f.short_name, str(f.label.text), _KINDS.get(f.type, "text"))


def display(f: Field) -> str:
    """An answer as the parent reads it back on "Tjek dine svar" (labels, not codes); an
    answer that cannot be read, as it was typed."""
    if f.errors and f.raw_data:
        return f.raw_data[0]
    return format_answer(question(f), f.data, locale_name())


def week_order(entries: FieldList) -> list[Form]:
    """The weekly schedule's rows as the dossier's week table orders them: by day of the
    week, then by the time they start; a row without a valid day or time after the others."""
    days = [c.value for c in application.ScheduleEntryForm.day.kwargs["choices"] if c.value]

    def key(entry: Form) -> tuple[int, str]:
        day, start = entry.day.data, entry.start.data
        place = days.index(day) if day in days else len(days)
        return place, start.isoformat() if start is not None and not entry.start.errors else "~"

    return sorted((entry.form for entry in entries), key=key)


def as_shown(f: Field) -> str:
    """A field's answer as its input shows it, before any checking: the text as typed, or the
    chosen options' labels (a choice field has no text of its own)."""
    if f.type in _CHOICE_FIELD_TYPES:
        return format_answer(question(f), f.data, locale_name())
    return str(f._value() or "")


def _questions(form: Form) -> tuple[Question, ...]:
    return tuple(question(f) for f in form if not isinstance(f, FieldList | FormField))


def questions(step: Step) -> StepQuestions:
    """A step's questions in the order of the form, those of its repeated lists apart, in the
    reader's language."""
    form = FORMS[step.slug](formdata=None)
    lists = tuple(
        ListQuestions(f.short_name, str(f.label.text), _questions(f.unbound_field.args[0]()))
        for f in form
        if isinstance(f, FieldList)
    )
    return StepQuestions(_questions(form), lists)


def _with_choices(asked: StepQuestions, labels: Mapping[str, Mapping[str, str]]) -> StepQuestions:
    def named(q: Question) -> Question:
        return replace(q, choices=labels[q.key]) if q.key in labels else q

    return StepQuestions(
        tuple(named(q) for q in asked.questions),
        tuple(
            replace(lst, questions=tuple(named(q) for q in lst.questions)) for lst in asked.lists
        ),
    )


def case_sections(
    case_type: str,
    document: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]] | None = None,
    locale: str = formatting.DANISH,
) -> list[Section]:
    """Every section of a submitted request in the order of the wizard (Bilag 8's order), its
    numbers and dates written in `locale` (Danish, as in the Word dossier, unless a page
    gives its reader's). `labels` names the options that are the case's own (question key ->
    value -> label), such as the accounts' granted lines and receipts."""
    return [
        section(
            step,
            _with_choices(questions(step), labels) if labels else questions(step),
            document.get(step.slug) or {},
            locale,
        )
        for step in steps_for(case_type)
    ]
