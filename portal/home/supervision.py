"""The family's side of supervision: a visit's page (the plan to send, the report when it has
come, the follow-up) and the time-and-phase plan for the visit (Bilag 13), saved as they
write it and sent when ready, with files. Only the parent of the training sees it; anyone else
gets 404."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from portal.extensions import csrf, db
from portal.forms.base import error_targets
from portal.forms.supervision import PlanForm, plan_formdata
from portal.home.cases import own_case
from portal.i18n import gettext as _
from portal.i18n import locale_name
from portal.identity.session import current_parent, parent_required
from portal.models import Case, SupervisionVisit
from portal.rules import formatting
from portal.rules import supervision as rules
from portal.rules.findings import Finding
from portal.services import attachments, cases
from portal.services import supervision as service
from portal.timeutil import now_utc, today_local
from portal.uploads import web


def _load(public_id: str, visit_id: str) -> tuple[Case, SupervisionVisit]:
    case = own_case(public_id)
    visit = service.visit_of(case, visit_id)
    if visit is None or visit.replaced_at is not None:
        abort(404)
    return case, visit


def _title(visit: SupervisionVisit) -> str:
    return _("Tilsynsbesøg %(date)s", date=formatting.long_date(visit.planned_on, locale_name()))


@parent_required
def visit_page(public_id: str, visit_id: str):
    case, visit = _load(public_id, visit_id)
    return render_template(
        "home/supervision_visit.html",
        title=_title(visit),
        case=case,
        visit=visit,
        state=service.visit_state(visit, today_local()),
        plan=visit.plan,
        plan_due=rules.plan_due(visit.planned_on),
        plan_files=service.plan_files(visit.plan),
        report_sections=rules.REPORT_SECTIONS,
        plan_sections=rules.PLAN_SECTIONS,
        next_step=service.follow_up_step(visit),
        hearings=service.report_hearings(visit),
    )


def _plan_form(visit: SupervisionVisit, formdata=None) -> PlanForm:
    if formdata is not None:
        return PlanForm(formdata=formdata)
    if visit.plan is not None:
        stored = plan_formdata(visit.plan.goals, visit.plan.sections)
    else:
        stored = plan_formdata(service.prefilled_plan(visit), {})
    return PlanForm(formdata=MultiDict(stored))


def _render_plan(case, visit, form, *, errors=(), findings: list[Finding] = (), status=200):
    title = _("Tids- og faseplan til tilsynet")
    return (
        render_template(
            "home/supervision_plan.html",
            title=title,
            case=case,
            visit=visit,
            form=form,
            errors=list(errors),
            plan_due=rules.plan_due(visit.planned_on),
            late=rules.plan_findings(visit.planned_on, today_local()),
            plan_files=service.plan_files(visit.plan),
            limits=_limits_text(),
            upload_errors=request.args.get("filer") == "fejl",
        ),
        status,
    )


@parent_required
def plan(public_id: str, visit_id: str):
    case, visit = _load(public_id, visit_id)
    if visit.plan is not None and visit.plan.is_sent:
        return redirect(url_for("home.supervision_visit", public_id=public_id, visit_id=visit_id))
    if visit.held_on is not None:
        flash(_("Besøget er holdt, så planen kan ikke sendes længere."), "info")
        return redirect(url_for("home.supervision_visit", public_id=public_id, visit_id=visit_id))
    if request.method == "GET":
        return _render_plan(case, visit, _plan_form(visit))
    cases.lock_case(case.id)
    form = _plan_form(visit, request.form)
    sending = request.form.get("_action") == "send"
    valid = form.validate()
    # Whatever can be kept is kept, also when sending finds something missing.
    if valid:
        service.save_plan(
            visit, goals=form.goal_answers(), sections=form.section_answers(), now=now_utc()
        )
    if valid and sending and form.missing_for_sending():
        valid = False
    if not valid:
        db.session.commit()
        return _render_plan(case, visit, form, errors=error_targets(form), status=400)
    if not sending:
        db.session.commit()
        flash(_("Planen er gemt. Den er ikke sendt endnu."), "success")
        return redirect(url_for("home.supervision_plan", public_id=public_id, visit_id=visit_id))
    try:
        found = service.send_plan(visit, current_parent(), now=now_utc())
    except cases.CaseActionRefused as refused:
        db.session.rollback()
        flash(_(refused.msgid), "info")
        return redirect(url_for("home.supervision_visit", public_id=public_id, visit_id=visit_id))
    db.session.commit()
    flash(_("Tak. Kommunen har fået jeres plan."), "success")
    for finding in found:
        flash(_(finding.msgid, **finding.params), "info")
    return redirect(url_for("home.supervision_visit", public_id=public_id, visit_id=visit_id))


@parent_required
@csrf.exempt
def plan_files(public_id: str, visit_id: str):
    """Files with the plan (Bilag 13: "træningsplaner, skemaer, videoklip, før- og efter
    billeder"). The CSRF token is checked from the streamed fields (portal.uploads.web)."""
    case, visit = _load(public_id, visit_id)
    page = url_for("home.supervision_plan", public_id=public_id, visit_id=visit_id)
    if visit.plan is not None and visit.plan.is_sent:
        abort(404)
    existing = attachments.for_case(case, removed=False)
    try:
        upload = web.read_upload(attachments.limits(len(existing)))
    except RequestEntityTooLarge:
        return redirect(page + "?filer=fejl#files")
    kept = attachments.Kept()
    try:
        plan = visit.plan or service.save_plan(
            visit,
            goals=service.prefilled_plan(visit),
            sections={},
            now=now_utc(),
        )
        kind = upload.fields.get("kind") or "tids_og_faseplan"
        if kind not in ("tids_og_faseplan", "video_picture", "other"):
            kind = "other"
        kept = attachments.keep(
            upload, existing, kind=kind, note=None, uploader=current_parent(), case=case
        )
        for attachment in kept.attachments:
            attachment.supervision_plan_id = plan.id
        db.session.commit()
    except BaseException:
        db.session.rollback()
        attachments.delete_bytes(kept.keys)
        raise
    finally:
        upload.discard()
    refused = [item for item in upload.files if item.problem is not None]
    if refused:
        return redirect(page + "?filer=fejl#files")
    if kept.attachments:
        flash(_("Filerne er gemt med planen."), "success")
    return redirect(page + "#files")


def _limits_text() -> dict:
    return {
        "document": web.size_text(current_app.config["UPLOAD_MAX_DOCUMENT_SIZE"]),
        "video": web.size_text(current_app.config["UPLOAD_MAX_VIDEO_SIZE"]),
    }
