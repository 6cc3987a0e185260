"""Attachments a parent sends: the wizard's "bilag" step, and files added to a submitted case.

Every post is answered with a redirect to a page that shows what happened to each file
(post/redirect/get), so that reloading never sends a file twice. The outcome waits in the
session until that page is shown. With JavaScript the form is sent by portal.js, which shows
the progress, and the answer is the same address as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from portal.apply.views import own_draft
from portal.database import read_only
from portal.extensions import csrf, db
from portal.forms.attachments import NOTE_LIMIT, AttachmentDetailsForm, UploadForm
from portal.forms.base import error_targets
from portal.i18n import gettext as _
from portal.identity.session import (
    choose_language,
    current_parent,
    parent_required,
)
from portal.limits import upload_limit
from portal.models import Attachment, Case, InformationRequest
from portal.rules import case_status
from portal.rules.attachments import KINDS, expected_attachments
from portal.rules.labels import label
from portal.services import attachments, drafts
from portal.timeutil import now_utc
from portal.uploads import web
from portal.uploads.formats import Problem
from portal.uploads.receive import Upload
from portal.wizard.answers import first_values
from portal.wizard.checks import accounts_year_of
from portal.wizard.steps import ATTACHMENTS, find_step, steps_for

RESULT_KEY = "attachment_result"


@dataclass
class Outcome:
    """What became of one post's files, kept in the session until the page shows it."""

    target: str
    added: list[str] = field(default_factory=list)
    refused: list[tuple[str, str, dict]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # Files sent again under another kind: (stored name, earlier kind, new kind).
    retagged: list[tuple[str, str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    removed: str | None = None

    @property
    def failed(self) -> bool:
        """A file was refused or nothing was sent: the page opens at the file field."""
        return bool(self.refused) or any(n in _ERROR_NOTICES for n in self.notices)

    @property
    def worth_showing(self) -> bool:
        return bool(self.added or self.refused or self.duplicates or self.notices)

    def remember(self) -> None:
        # A cookie session holds a few kilobytes: the first files are enough to report.
        data = asdict(self)
        data["refused"] = data["refused"][:12]
        data["added"] = data["added"][:20]
        session[RESULT_KEY] = data

    @classmethod
    def recall(cls, target: str) -> Outcome:
        data = session.get(RESULT_KEY)
        if not data or data.get("target") != target:
            return cls(target)
        session.pop(RESULT_KEY)
        return cls(**data)

    def error_messages(self) -> list[str]:
        messages = [
            web.problem_message(name, Problem(code, params)) for name, code, params in self.refused
        ]
        for notice in self.notices:
            if notice in _ERROR_NOTICES:
                messages.insert(0, _notice_text(notice))
        return messages

    def notice_messages(self) -> list[str]:
        return [_notice_text(n) for n in self.notices if n not in _ERROR_NOTICES]


# Notices shown as an error at the file field: nothing was sent.
_ERROR_NOTICES = ("expired", "too_large_request", "no_files")


def _notice_text(code: str) -> str:
    if code == "expired":
        return _(
            "Filerne er ikke sendt, fordi siden var åben for længe eller blev sendt fra et andet "
            "sted. Vælg filerne igen, og send dem."
        )
    if code == "too_large_request":
        return _(
            "Filerne er ikke sendt, fordi de tilsammen fylder mere end %(limit)s. Send dem i "
            "flere omgange.",
            limit=web.size_text(current_app.config["UPLOAD_MAX_REQUEST_SIZE"]),
        )
    if code == "no_files":
        return _(
            "Vælg de filer, du vil sende, og tryk så på „Send filerne“. Der var ikke valgt "
            "nogen filer."
        )
    if code == "kind_other":
        return _(
            "Du valgte ikke, hvad filerne er, så de er gemt som „Andet“. Vælg „Ret“ ved en fil "
            "for at ændre det."
        )
    if code == "note_cut":
        return _(
            "Noten var længere end %(limit)s tegn, så den er forkortet. Vælg „Ret“ ved en fil "
            "for at ændre den.",
            limit=NOTE_LIMIT,
        )
    return code


def _answer(url: str):
    """After a post: JSON for portal.js, a redirect for everyone else."""
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return jsonify(location=url)
    return redirect(url)


def _receive(existing: list[Attachment], outcome: Outcome) -> Upload | None:
    limits = attachments.limits(len(existing))
    try:
        return web.read_upload(limits)
    except RequestEntityTooLarge:
        outcome.notices.append("too_large_request")
    except CSRFError:
        outcome.notices.append("expired")
    return None


def _keep_files(upload: Upload, existing: list[Attachment], outcome: Outcome, **owner):
    """Keep the upload's good files on the draft or case; note what became of each."""
    if not upload.files:
        if upload.fields.get("_action", "upload") == "upload":
            # "Send filerne" pressed with no file chosen: say so at the field.
            outcome.notices.append("no_files")
        return attachments.Kept()
    form = UploadForm(formdata=upload.fields)
    kind = form.kind.data if form.kind.data in KINDS else None
    if kind is None:
        outcome.notices.append("kind_other")
    note = (form.note.data or "").strip() or None
    if note and len(note) > NOTE_LIMIT:
        note = note[:NOTE_LIMIT]
        outcome.notices.append("note_cut")
    kept = attachments.keep(
        upload, existing, kind=kind or "other", note=note, uploader=current_parent(), **owner
    )
    outcome.added = [a.original_name for a in kept.attachments]
    outcome.duplicates = [(item.name, same.original_name) for item, same in kept.duplicates]
    case = owner.get("case")
    if case is not None:
        # A file the case has under another kind is what the family now says it is.
        resent = attachments.take_new_kind(kept, kind, current_parent(), case, now=now_utc())
        outcome.retagged = [
            (r.attachment.original_name, r.earlier_kind, r.attachment.kind)
            for r in resent
            if r.earlier_kind
        ]
    outcome.refused = [
        (item.name, item.problem.code, item.problem.params)
        for item in upload.files
        if item.problem is not None
    ]
    return kept


def _answers_for_rules(draft: drafts.StoredDraft) -> dict:
    """The draft's answers as the rules read them (first value of each field); for accounts,
    the categories of the year's granted lines, which are read from the decisions."""
    answers = {row.step: first_values(row.data) for row in draft.steps}
    if draft.case_type == "accounts":
        ledger = answers.setdefault("regnskab", {})
        ctx = drafts.context_for(draft)
        for position, line in enumerate(ctx.lines_of(accounts_year_of(ledger))):
            ledger[f"lines-{position}-category"] = line.category
    return answers


def expected_status(case_type: str, answers: dict, present: list[Attachment]) -> list[dict]:
    """The municipality's checklist, each item marked when a file of its kind is attached."""
    kinds = {a.kind for a in present if not a.removed}
    return [
        {
            "label": _(label("attachment", item.kind)),
            "why": _(item.why),
            "if_available": item.if_available,
            "done": item.kind in kinds,
        }
        for item in expected_attachments(case_type, answers)
    ]


def template_helpers():
    # For the check page ("Tjek dine svar"), rendered by portal.apply.views.check.
    def draft_attachments(draft: drafts.StoredDraft) -> dict:
        present = attachments.for_draft(draft)
        return {
            "files": present,
            "expected": expected_status(draft.case_type, _answers_for_rules(draft), present),
        }

    return {"draft_attachments": draft_attachments}


def _from_check() -> dict:
    return {"fra": "tjek"} if request.args.get("fra") == "tjek" else {}


@upload_limit
@parent_required
@csrf.exempt
def attachments_step(draft_id: str):
    if request.method == "GET":
        read_only()
    draft = own_draft(draft_id)
    step = find_step(draft.case_type, ATTACHMENTS.slug)
    if step is None:
        abort(404)
    if draft.status != "draft":
        return redirect(url_for("apply.receipt", draft_id=draft.public_id))
    if request.method == "POST":
        return _post_step(draft, step)

    present = attachments.for_draft(draft)
    outcome = Outcome.recall(draft.public_id)
    errors = [(web.FILE_FIELD, message) for message in outcome.error_messages()]
    steps = steps_for(draft.case_type)
    return render_template(
        "apply/attachments.html",
        title=step.title,
        draft=draft,
        step=step,
        states=drafts.step_states(draft),
        position=steps.index(step) + 1,
        step_count=len(steps),
        attachments=present,
        expected=expected_status(draft.case_type, _answers_for_rules(draft), present),
        form=UploadForm(formdata=None),
        outcome=outcome,
        errors=errors,
        action_url=url_for("apply.attachments_step", draft_id=draft.public_id, **_from_check()),
        step_form_id="step-form",
        # Enter in a field sends the chosen files.
        step_form_default="upload",
        limits=_limits_text(),
        remaining=max(0, _max_files() - len(present)),
    )


def _post_step(draft: drafts.StoredDraft, step):
    page = url_for("apply.attachments_step", draft_id=draft.public_id, **_from_check())
    existing = attachments.for_draft(draft)
    outcome = Outcome(draft.public_id)
    upload = _receive(existing, outcome)
    if upload is None:
        outcome.remember()
        return _answer(page + "#" + web.FILE_FIELD)
    if draft.status != "draft":
        # Sent from another tab while the files arrived: they belong on the case's own page.
        upload.discard()
        return _answer(url_for("apply.receipt", draft_id=draft.public_id))
    existing = attachments.for_draft(draft)
    kept = attachments.Kept()
    removed_key = None
    action = upload.fields.get("_action", "upload")
    try:
        # The step is done once the parent has saved it or sent files on it: files are not
        # required (portal.rules.attachments), so there is nothing else to complete.
        if action in ("save", "later") or any(item.ok for item in upload.files):
            row = draft.step(step.slug)
            try:
                drafts.save_step(
                    draft,
                    step,
                    {"seen": ["ja"]},
                    complete=True,
                    seen_version=row.version if row else 0,
                )
            except drafts.StepConflict:
                # Saved at the same moment from another tab: it is seen either way.
                draft = own_draft(draft.public_id)
                existing = attachments.for_draft(draft)
        kept = _keep_files(upload, existing, outcome, draft=draft)
        if action.startswith("remove:"):
            target = next((a for a in existing if a.public_id == action[7:]), None)
            # Already gone (removed in another tab) is what the parent wanted.
            if target is not None:
                outcome.removed = target.original_name
                removed_key = attachments.remove_from_draft(target)
        if action.startswith("lang:"):
            # The language switch in the header, pressed on this step (templates/layout/
            # language_switch.html): files chosen are kept like any others.
            choose_language(action[5:])
        db.session.commit()
    except BaseException:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        raise
    finally:
        upload.discard()
    if removed_key is not None:
        attachments.delete_bytes([removed_key])
        flash(_("„%(name)s“ er fjernet.", name=outcome.removed), "success")

    if outcome.worth_showing:
        outcome.remember()
        return _answer(page + ("#" + web.FILE_FIELD if outcome.failed else "#bilag-liste"))
    if action == "later":
        flash(_("Vi har gemt din ansøgning. Du kan fortsætte, når det passer dig."), "success")
        return _answer(url_for("home.index"))
    if action == "save":
        steps = steps_for(draft.case_type)
        position = steps.index(step)
        if position + 1 < len(steps) and not _from_check():
            following = steps[position + 1]
            return _answer(url_for("apply.step", draft_id=draft.public_id, slug=following.slug))
        return _answer(url_for("apply.check", draft_id=draft.public_id))
    return _answer(page + "#bilag-liste")


@parent_required
def attachment_details(draft_id: str, attachment_id: str):
    """Change what a file is, or its note, while the application is a draft."""
    draft = own_draft(draft_id)
    if draft.status != "draft":
        abort(404)
    attachment = next(
        (a for a in attachments.for_draft(draft) if a.public_id == attachment_id), None
    )
    if attachment is None:
        abort(404)
    form = AttachmentDetailsForm(obj=attachment if request.method == "GET" else None)
    errors = []
    if request.method == "POST":
        if form.validate():
            attachments.update_details(attachment, kind=form.kind.data, note=form.note.data)
            db.session.commit()
            flash(
                _("Vi har gemt ændringen af „%(name)s“.", name=attachment.original_name), "success"
            )
            return redirect(
                url_for("apply.attachments_step", draft_id=draft.public_id) + "#bilag-liste"
            )
        errors = error_targets(form)
    return render_template(
        "apply/attachment_details.html",
        title=_("Ret bilag"),
        draft=draft,
        attachment=attachment,
        form=form,
        errors=errors,
    )


@parent_required
def download_attachment(attachment_id: str):
    attachment = attachments.parent_attachment(current_parent(), attachment_id)
    if attachment is None:
        abort(404)
    return web.send_attachment(attachment)


def _own_case(case_id: str) -> Case:
    case = db.session.execute(
        select(Case).where(Case.public_id == case_id, Case.parent_id == current_parent().id)
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    g.page_municipality = case.municipality.settings
    return case


@upload_limit
@parent_required
@csrf.exempt
def case_attachments(case_id: str):
    """The files of a submitted case; the parent may add more (never take one away)."""
    case = _own_case(case_id)
    question = _open_question(case)
    page = url_for(
        "apply.case_attachments",
        case_id=case.public_id,
        **({"spoergsmaal": question.id} if question else {}),
    )
    if request.method == "POST":
        if not case_status.is_open(case.status):
            # A decided case changes only by a complaint, which takes its own files.
            flash(_("Sagen er lukket. Filer til en klage sendes med klagen."), "info")
            return _answer(url_for("home.case", public_id=case.public_id))
        return receive_for_case(case, page, info_request_id=question.id if question else None)
    present = attachments.for_case(case)
    outcome = Outcome.recall(case.public_id)
    errors = [(web.FILE_FIELD, message) for message in outcome.error_messages()]
    return render_template(
        "apply/case_attachments.html",
        title=_("Bilag til sag %(number)s", number=case.number),
        case=case,
        attachments=present,
        expected=expected_status(case.case_type, case.application or {}, present),
        form=UploadForm(formdata=None),
        outcome=outcome,
        errors=errors,
        action_url=page,
        question=question,
        limits=_limits_text(),
        remaining=max(0, _max_files() - len([a for a in present if not a.removed])),
    )


def _open_question(case: Case) -> InformationRequest | None:
    """The caseworker's open question the files answer (?spoergsmaal=<id>), if any."""
    asked = request.args.get("spoergsmaal", "")
    if not asked.isdigit():
        return None
    return db.session.execute(
        select(InformationRequest).where(
            InformationRequest.id == int(asked),
            InformationRequest.case_id == case.id,
            InformationRequest.answered_at.is_(None),
        )
    ).scalar_one_or_none()


def receive_for_case(case: Case, page: str, *, info_request_id: int | None = None):
    """Receive files for a submitted case and answer with a redirect to `page`, which shows
    the outcome (Outcome.recall(case.public_id)). A caseworker's question passes its id, so
    that the files are known as the answer to it."""
    existing = attachments.for_case(case, removed=False)
    outcome = Outcome(case.public_id)
    upload = _receive(existing, outcome)
    if upload is None:
        outcome.remember()
        return _answer(page + "#" + web.FILE_FIELD)
    existing = attachments.for_case(case, removed=False)
    kept = attachments.Kept()
    try:
        kept = _keep_files(upload, existing, outcome, case=case, info_request_id=info_request_id)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        raise
    finally:
        upload.discard()
    outcome.remember()
    return _answer(page + ("#" + web.FILE_FIELD if outcome.failed else "#bilag-liste"))


def _max_files() -> int:
    return current_app.config["UPLOAD_MAX_FILES"]


def _limits_text() -> dict:
    return {**web.size_limits(), "files": current_app.config["UPLOAD_MAX_FILES"]}
