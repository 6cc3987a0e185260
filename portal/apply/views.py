"""The application wizard: a request's steps, "Tjek dine svar", the receipt."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal import receipts, registers, tracking
from portal.database import read_only
from portal.downloads import send_download
from portal.extensions import db
from portal.forms import steps as step_forms
from portal.forms.application import SubmitForm
from portal.forms.base import error_targets
from portal.forms.custody_consent import CustodyInviteForm
from portal.forms.register_child import RegisterChildForm
from portal.forms.requests import StartForm
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.identity.session import (
    RESCUED_STEP,
    choose_language,
    current_parent_id,
    parent_cpr_number,
    parent_required,
    remember_parent_name,
)
from portal.limits import lookup_limit, submit_limit
from portal.models import Case, Draft, Municipality
from portal.rules.attachments import expected_attachments
from portal.rules.case_types import CASE_TYPE_LABELS, WIZARD_CASE_TYPES
from portal.rules.custody_consent import may_send_without
from portal.rules.labels import label
from portal.services import attachments, cases, custody_holders, drafts, submission
from portal.services import custody_consent as custody_consents
from portal.timeutil import now_utc, today_local
from portal.wizard import checks, prefill
from portal.wizard.answers import answers_from, remove_entry
from portal.wizard.steps import CHILD, FAMILY, Step, find_step, steps_for

REGISTER_UNAVAILABLE = _l(
    "Vi kunne ikke hente dine børn fra CPR-registret lige nu. Skriv barnets oplysninger "
    "herunder, så kan du fortsætte."
)


def own_draft(draft_id: str) -> drafts.StoredDraft:
    """The logged-in parent's draft; 404 for anyone else's, as if it did not exist."""
    draft = drafts.own_draft(current_parent_id(), draft_id)
    if draft is None:
        abort(404)
    remember_parent_name(draft.parent_name)
    g.page_municipality = draft.settings
    return draft


def _step_or_404(draft, slug: str) -> Step:
    step = find_step(draft.case_type, slug)
    if step is None:
        abort(404)
    return step


def _next_step(draft, step: Step) -> Step | None:
    steps = steps_for(draft.case_type)
    position = steps.index(step)
    return steps[position + 1] if position + 1 < len(steps) else None


def _render_step(
    draft,
    step,
    form,
    *,
    version,
    errors=(),
    warnings=(),
    conflict=None,
    notice=None,
    status=200,
    register_choice=None,
):
    steps = steps_for(draft.case_type)
    following = _next_step(draft, step)
    ctx = drafts.context_for(draft)
    step_forms.offer(step, form, ctx)
    from_check = request.args.get("fra") == "tjek"
    if following is None or from_check:
        continue_url = url_for("apply.check", draft_id=draft.public_id)
    else:
        continue_url = url_for("apply.step", draft_id=draft.public_id, slug=following.slug)
    return (
        render_template(
            "apply/step.html",
            title=step.title,
            draft=draft,
            step=step,
            form=form,
            version=version,
            errors=list(errors),
            warnings=list(warnings),
            conflict=conflict,
            notice=notice,
            states=drafts.step_states(draft),
            position=steps.index(step) + 1,
            step_count=len(steps),
            from_check=from_check,
            step_form_id="step-form",
            step_form_default="save",
            continue_url=continue_url,
            summary=checks.summary(step.slug, form.data, ctx)
            if step.slug in checks.SUMMARISED_STEPS
            else None,
            granted=checks.granted_summary(step.slug, form.data, ctx),
            register=register_choice if register_choice is not None else _register_choice(step),
        ),
        status,
    )


def _register_children() -> list[registers.ChildOffer] | None:
    """The logged-in parent's children under 18 in their custody, from the register; None
    when the register failed or took longer than CPR_TIMEOUT (manual entry stays)."""
    number = parent_cpr_number()
    if number is None:
        return []
    try:
        return registers.children_in_custody(number, today_local())
    except registers.RegisterUnavailable as error:
        current_app.logger.warning("CPR lookup for the wizard failed: %s", error)
        return None


def _register_choice(step: Step) -> dict | None:
    """What the register offers on the step "Barnet": a choice of child, a note that it
    could not answer, or nothing (another step, or no child to offer)."""
    if step.slug != CHILD.slug or parent_cpr_number() is None:
        return None
    children = _register_children()
    if children is None:
        return {"unavailable": REGISTER_UNAVAILABLE}
    if not children:
        return None
    return {"form": RegisterChildForm(prefix="register", formdata=None).offer(children)}


@lookup_limit
@parent_required
def choose_child(draft_id: str):
    """Fill in the child chosen from the register, and the custody holders on "Familien"."""
    draft = own_draft(draft_id)
    step = _step_or_404(draft, CHILD.slug)
    if draft.status != "draft":
        return redirect(url_for("apply.receipt", draft_id=draft.public_id))
    if parent_cpr_number() is None:
        abort(404)
    step_url = url_for("apply.step", draft_id=draft.public_id, slug=step.slug)
    children = _register_children()
    if children is None:
        flash(str(REGISTER_UNAVAILABLE), "info")
        return redirect(step_url)
    form = RegisterChildForm(prefix="register").offer(children)
    if not form.validate():
        row = draft.step(step.slug)
        return _render_step(
            draft,
            step,
            step_forms.bind(step, row.data if row else None),
            version=row.version if row else 0,
            errors=error_targets(form),
            register_choice={"form": form},
        )
    child = next(child for child in children if child.cpr == form.child.data)
    holders = [(draft.parent_name, child.relation)]
    holders += [(holder.name, holder.relation) for holder in child.other_holders]
    custody_holders.remember(draft, child.other_holders)
    try:
        _save_filled_in(
            draft, step, lambda saved: prefill.child_answers(saved, child.name, child.cpr)
        )
        family = find_step(draft.case_type, FAMILY.slug)
        if family is not None:
            _save_filled_in(draft, family, lambda saved: prefill.family_answers(saved, holders))
    except drafts.StepConflict:
        db.session.rollback()
        return redirect(step_url)
    db.session.commit()
    flash(
        _(
            "Vi har skrevet %(child)s og forældremyndighedsindehaverne ind. Tjek oplysningerne, "
            "og skriv resten.",
            child=child.name,
        ),
        "success",
    )
    return redirect(step_url)


def _save_filled_in(draft, step: Step, fill) -> None:
    row = draft.step(step.slug)
    answers = fill(row.data if row else None)
    checked = step_forms.check(step, answers, drafts.context_for(draft), started=True)
    drafts.save_step(
        draft, step, answers, complete=checked.valid, seen_version=row.version if row else 0
    )


def _start_page(form: StartForm | None = None, errors=(), status: int = 200):
    parent_id = current_parent_id()
    trainings = cases.approved_trainings(parent_id, today=today_local())
    if form is None:
        form = StartForm(formdata=None, case_type="new_application")
        if len(trainings) == 1:
            form.related_case.data = trainings[0].public_id
    _start_choices(form, trainings)
    municipalities = list(
        db.session.execute(select(Municipality).order_by(Municipality.name)).scalars()
    )
    return (
        render_template(
            "apply/start.html",
            title=_("Ansøg om hjemmetræning"),
            municipalities=municipalities,
            open_drafts=[(d, drafts.child_name(d)) for d in drafts.parent_drafts(parent_id)],
            trainings=trainings,
            form=form,
            errors=list(errors),
            documents=_documents_for_an_application(),
        ),
        status,
    )


def _documents_for_an_application() -> list[dict]:
    """The attachments the municipality expects with a new application, named before the
    parent starts; payslips with the condition under which they are asked for."""
    asking_lost_earnings = {"tabt-arbejdsfortjeneste": {"applying": "ja"}}
    return [
        {
            "label": _(
                "Lønsedler for de seneste 3 måneder, hvis I søger om tabt arbejdsfortjeneste"
            )
            if item.kind == "payslips"
            else _(label("attachment", item.kind)),
            "if_available": item.if_available,
        }
        for item in expected_attachments("new_application", asking_lost_earnings)
    ]


def _start_choices(form: StartForm, trainings: list) -> None:
    """Requests other than a new application only when there is an approved home training,
    each with the municipality's handling time beside it."""
    settings = trainings[0].municipality.settings if trainings else None
    form.case_type.choices = [
        (case_type, _(CASE_TYPE_LABELS[case_type]))
        for case_type in WIZARD_CASE_TYPES
        if case_type == "new_application" or trainings
    ]
    form.case_type.hints = {
        t: tracking.handling_time_text(t, settings) for t, _l in form.case_type.choices
    }
    form.related_case.choices = [
        (case.public_id, _("%(child)s (sag %(number)s)", child=case.child_name, number=case.number))
        for case in trainings
    ]


@parent_required
def start():
    read_only()
    return _start_page()


@parent_required
def create():
    parent_id = current_parent_id()
    form = StartForm()
    if not form.case_type.data:
        # The page offers no choice to a family without an approved home training.
        form.case_type.data = "new_application"
    trainings = cases.approved_trainings(parent_id, today=today_local())
    _start_choices(form, trainings)
    if not form.validate():
        return _start_page(form, error_targets(form))
    case_type = form.case_type.data
    if case_type == "new_application":
        municipality = None
        code = request.form.get("municipality")
        if code:
            municipality = db.session.execute(
                select(Municipality).where(Municipality.code == code)
            ).scalar_one_or_none()
        if municipality is None:
            flash(_("Vælg din kommune"), "info")
            return redirect(url_for("apply.start"))
        draft = drafts.start_draft(parent_id, municipality, case_type)
    else:
        related = next((c for c in trainings if c.public_id == form.related_case.data), None)
        if related is None:
            form.related_case.errors = [_("Vælg hvilken hjemmetræning det gælder")]
            return _start_page(form, error_targets(form))
        draft = drafts.start_draft(parent_id, related.municipality, case_type, related)
    db.session.commit()
    return redirect(
        url_for("apply.step", draft_id=draft.public_id, slug=steps_for(case_type)[0].slug)
    )


@parent_required
def resume(draft_id: str):
    draft = own_draft(draft_id)
    if draft.status != "draft":
        return redirect(url_for("apply.receipt", draft_id=draft.public_id))
    return redirect(
        url_for("apply.step", draft_id=draft.public_id, slug=drafts.resume_step(draft).slug)
    )


@parent_required
def step(draft_id: str, slug: str):
    posted = request.form
    if request.method == "GET":
        posted = _rescued_answers(draft_id, slug)
        if posted is None:
            read_only()
    draft = own_draft(draft_id)
    step = _step_or_404(draft, slug)
    if draft.status != "draft":
        return redirect(url_for("apply.receipt", draft_id=draft.public_id))
    row = draft.step(step.slug)
    if posted is not request.form and posted is not None:
        flash(_("Vi har gemt de svar, du skrev, før du blev logget af."), "success")
    if posted is None:
        form = step_forms.bind(step, row.data if row else None)
        # Advice on what is saved (never errors: the parent has not pressed anything yet).
        advised = row is not None and step.slug in checks.CHECKED_STEPS
        warnings = step_forms.check_saved(draft, step).warnings if advised else []
        return _render_step(draft, step, form, version=row.version if row else 0, warnings=warnings)
    return _save_step(draft_id, draft, step, row, posted)


def _save_step(draft_id: str, draft, step: Step, row, posted: MultiDict):
    # `typed` is shown again as the parent typed it; `answers` is what the draft keeps (the
    # numbers as plain decimals, the same in every language), which read the same.
    typed = answers_from(posted)
    action = posted.get("_action", "save")
    try:
        seen = int(posted.get("_version", "0"))
    except ValueError:
        seen = -1
    if action.startswith("add:") and action[4:] in step.lists:
        typed, position = step_forms.add_entry(step, typed, action[4:])
        anchor = f"{action[4:]}-{position}"
    elif action.startswith("remove:"):
        list_name, _sep, position = action[7:].partition(":")
        if list_name not in step.lists or not position.isdigit():
            abort(400)
        typed = remove_entry(typed, list_name, int(position))
        anchor = f"{list_name}-list"
    else:
        anchor = None
    answers = step_forms.stored_answers(step, typed)
    unchanged = row is not None and row.data == answers

    checked = step_forms.check(step, typed, drafts.context_for(draft), started=row is not None)
    try:
        drafts.save_step(draft, step, answers, complete=checked.valid, seen_version=seen)
    except drafts.StepConflict:
        db.session.rollback()
        draft = own_draft(draft_id)
        saved = draft.step(step.slug)
        conflict = step_forms.differing_answers(step, answers, saved.data if saved else None)
        return _render_step(
            draft,
            step,
            step_forms.bind(step, typed),
            version=saved.version if saved else 0,
            conflict=conflict or [],
        )
    if action.startswith("lang:"):
        # The language switch in the page header submits the step's form: the answers are
        # saved as they stand (errors wait for "Gem og fortsæt") and the step comes back
        # in the chosen language.
        choose_language(action[5:])
    db.session.commit()

    if anchor is not None:
        url = url_for("apply.step", draft_id=draft.public_id, slug=step.slug, **_keep_from())
        return redirect(f"{url}#{anchor}")
    if action.startswith("lang:"):
        return redirect(
            url_for("apply.step", draft_id=draft.public_id, slug=step.slug, **_keep_from())
        )
    if action == "later":
        flash(_("Vi har gemt din ansøgning. Du kan fortsætte, når det passer dig."), "success")
        return redirect(url_for("home.index"))
    errors = error_targets(checked.form)
    if errors:
        version = draft.step(step.slug).version
        return _render_step(
            draft, step, checked.form, version=version, errors=errors, warnings=checked.warnings
        )
    if checked.warnings and not unchanged:
        # Advice is shown once; pressing "Gem og fortsæt" again without changes goes on.
        version = draft.step(step.slug).version
        return _render_step(
            draft, step, step_forms.bind(step, typed), version=version, warnings=checked.warnings
        )
    following = _next_step(draft, step)
    if following is None or request.args.get("fra") == "tjek":
        return redirect(url_for("apply.check", draft_id=draft.public_id))
    return redirect(url_for("apply.step", draft_id=draft.public_id, slug=following.slug))


def _keep_from() -> dict:
    return {"fra": "tjek"} if request.args.get("fra") == "tjek" else {}


def _step_csrf_rescue(draft_id: str, slug: str):
    """A step posted with a missing or expired CSRF token: nothing is saved, and the answers
    are shown again with a message, so the parent only has to press the button again.

    When the session itself has ended, the answers wait in the browser's new session (on the
    server, as long as that session lives) and are saved when the parent has logged in again
    and is back at the step: to this draft only if the parent who logs in owns it."""
    if current_parent_id() is None:
        if not getattr(session, "ended", False):
            # No cookie of an ended session (a cross-site post sends none): nothing to keep.
            return redirect(url_for("auth.login"))
        session[RESCUED_STEP] = {
            "draft": draft_id,
            "slug": slug,
            "posted": [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"],
        }
        flash(
            _(
                "Du er blevet logget af, fordi siden var åben for længe. Log ind igen, så "
                "gemmer vi de svar, du skrev."
            ),
            "info",
        )
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    draft = own_draft(draft_id)
    step = _step_or_404(draft, slug)
    row = draft.step(step.slug)
    try:
        version = int(request.form.get("_version", "0"))
    except ValueError:
        version = row.version if row else 0
    return _render_step(
        draft,
        step,
        step_forms.bind(step, answers_from(request.form)),
        version=version,
        notice=_(
            "Dine svar er ikke gemt endnu, fordi siden var åben for længe eller blev sendt "
            "fra et andet sted. Tjek svarene herunder, og tryk på knappen igen."
        ),
        status=400,
    )


step.csrf_rescue = _step_csrf_rescue


def _rescued_answers(draft_id: str, slug: str) -> MultiDict | None:
    """The answers posted to this step after the session had ended, once: they leave the
    session whether or not the draft turns out to be this parent's (own_draft says 404)."""
    rescued = session.get(RESCUED_STEP)
    if not rescued or (rescued.get("draft"), rescued.get("slug")) != (draft_id, slug):
        return None
    del session[RESCUED_STEP]
    return MultiDict([tuple(pair) for pair in rescued.get("posted", [])])


@submit_limit
@parent_required
def check(draft_id: str):
    if request.method == "GET":
        read_only()
    submit_form = SubmitForm()
    confirmed = request.method == "POST" and submit_form.validate()
    consent_error = None
    if confirmed:
        # The submit claims the draft with its first statement and checks every section
        # inside that transaction, so the answers are checked once, as they are submitted.
        # Whose CPR numbers the letters may use, from the login and the register: the register
        # is asked outside any transaction, so a slow answer (up to CPR_TIMEOUT) holds no lock
        # (portal.services.custody_holders).
        draft = own_draft(draft_id)
        remembered, child_cpr = custody_holders.submission_inputs(draft)
        db.session.rollback()
        known = custody_holders.known_holders(
            parent_name=draft.parent_name,
            parent_cpr=parent_cpr_number(),
            child_cpr=child_cpr,
            remembered=remembered,
        )
        try:
            submission.submit(
                draft_id,
                current_parent_id(),
                now=now_utc(),
                typed=step_forms.application_document,
                statement=submit_form.statement.data,
                known_holders=known,
            )
        except LookupError:
            abort(404)
        except submission.Incomplete:
            db.session.rollback()
        except submission.ConsentMissing as missing:
            db.session.rollback()
            consent_error = _CONSENT_MISSING[missing.state]
        else:
            db.session.commit()
            return redirect(url_for("apply.receipt", draft_id=draft_id))
    draft = own_draft(draft_id)
    if draft.status != "draft":
        return redirect(url_for("apply.receipt", draft_id=draft.public_id))
    errors = []
    if request.method == "POST" and not confirmed:
        errors = error_targets(submit_form)
    if consent_error is not None:
        errors.append(consent_error)
    return check_page(
        draft, submit_form=submit_form, errors=errors, posted=request.method == "POST"
    )


_WHY_WITHOUT = _l(
    "Skriv hvorfor du sender ansøgningen uden den anden forældremyndighedsindehavers samtykke"
)
# Why the application cannot be sent yet, by the state of the other holder's consent, and
# where on the check page the parent can do something about it.
_CONSENT_MISSING = {
    "not_asked": (
        "custody-email",
        _l("Send et link til den anden forældremyndighedsindehaver, så de kan give samtykke"),
    ),
    "waiting": (
        "custody-consent",
        _l(
            "Den anden forældremyndighedsindehaver har ikke svaret endnu. Vent på svaret, "
            "eller send linket igen"
        ),
    ),
    "declined": ("statement", _WHY_WITHOUT),
    "expired": ("statement", _WHY_WITHOUT),
    "changed": ("statement", _WHY_WITHOUT),
}


def check_page(
    draft,
    *,
    submit_form: SubmitForm | None = None,
    invite_form: CustodyInviteForm | None = None,
    errors=(),
    posted: bool = False,
    status: int = 200,
):
    """ "Tjek dine svar": every section with its answers, the other holder's consent where the
    family step names one, and the form that sends the application."""
    read_back = step_forms.answers_read_back(draft)
    incomplete = [c for c in read_back["sections"] if not c.valid]
    section_errors = []
    if posted:
        section_errors = [
            (
                f"section-{c.step.slug}",
                _("Ret afsnittet “%(title)s”", title=c.step.title)
                if c.started
                else _("Udfyld afsnittet “%(title)s”", title=c.step.title),
            )
            for c in incomplete
        ]
    return render_template(
        "apply/check.html",
        title=_("Tjek dine svar"),
        draft=draft,
        incomplete=incomplete,
        submit_form=submit_form or SubmitForm(formdata=None),
        errors=section_errors + list(errors),
        states=drafts.step_states(draft),
        custody=_custody(draft, invite_form),
        **read_back,
    ), status


def _custody(draft, invite_form: CustodyInviteForm | None) -> dict | None:
    """The other holder's consent as the check page shows it; None when none is needed."""
    if not custody_consents.draft_needs_consent(draft):
        return None
    consent = custody_consents.for_draft(draft.id)
    state = custody_consents.state(consent, now_utc(), custody_consents.answers_fingerprint(draft))
    if invite_form is None:
        invite_form = CustodyInviteForm(
            formdata=None, prefix="custody", email=consent.email if consent else None
        )
    return {
        "consent": consent,
        "state": state,
        "may_send_without": may_send_without(state),
        "form": invite_form,
    }


@parent_required
def receipt(draft_id: str):
    read_only()
    draft = own_draft(draft_id)
    case = submission.existing_case(draft)
    if case is None:
        return redirect(url_for("apply.resume", draft_id=draft.public_id))
    return render_template(
        "apply/receipt.html", title=_("Vi har modtaget din ansøgning"), case=case
    )


@parent_required
def receipt_pdf(case_id: str):
    """The family's copy of what they sent (portal.receipts), in the language of their page.
    Another family's case, or a case not sent with the wizard, is 404."""
    read_only()
    case = db.session.execute(
        select(Case).where(Case.public_id == case_id, Case.parent_id == current_parent_id())
    ).scalar_one_or_none()
    if case is None or not receipts.has_receipt(case):
        abort(404)
    return send_download(
        receipts.receipt_pdf(case), name=receipts.file_name(case), mimetype=receipts.PDF_TYPE
    )


@parent_required
def delete(draft_id: str):
    draft = own_draft(draft_id)
    if draft.status != "draft":
        abort(404)
    if request.method == "POST":
        files = attachments.discard_draft(draft)
        db.session.delete(db.session.get(Draft, draft.id))
        db.session.commit()
        attachments.delete_bytes(files)
        flash(_("Kladden er slettet."), "success")
        return redirect(url_for("home.index"))
    return render_template("apply/delete.html", title=_("Vil du slette kladden?"), draft=draft)
