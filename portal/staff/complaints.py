"""The caseworker's side of complaints: the case's complaints page (the reconsideration), where
a complaint made orally or by letter is recorded, the decision is upheld and the complaint
forwarded to Ankestyrelsen, Ankestyrelsen's answer is recorded, and a complaint about the
handling time is answered. A changed decision is made on the decision page.

Every view loads the case within the caseworker's own municipality (404 otherwise), locks it
for a change, validates its form, calls one operation of portal.services.complaints, writes the
access log and commits once.
"""

from __future__ import annotations

import hashlib

from flask import abort, flash, redirect, render_template, url_for

from portal.dossier import decision_letter, kit
from portal.downloads import send_download
from portal.extensions import db
from portal.forms.base import BaseForm, error_targets
from portal.forms.complaints import (
    AnkestyrelsenForm,
    ForwardForm,
    HandlingTimeAnswerForm,
    ReconsiderationHearingForm,
    RecordedComplaintForm,
)
from portal.i18n import gettext as _
from portal.identity.session import current_staff, staff_required
from portal.models import Case
from portal.services import cases, complaints
from portal.services.access_log import log_access
from portal.services.decisions import decision_letter_content
from portal.staff.case_page import municipality_case
from portal.timeutil import now_utc, today_local


def _forms(submitted: dict[str, BaseForm] | None = None) -> dict[str, BaseForm]:
    forms: dict[str, BaseForm] = {
        "record": RecordedComplaintForm(formdata=None, prefix="klage"),
        "forward": ForwardForm(formdata=None, prefix="videresend"),
        "ankestyrelsen": AnkestyrelsenForm(formdata=None, prefix="ankestyrelsen"),
        "hearing": ReconsiderationHearingForm(formdata=None, prefix="hoering"),
    }
    forms.update(submitted or {})
    return forms


def _answer_forms(parts: complaints.ComplaintParts, submitted=None) -> dict[int, BaseForm]:
    forms = {
        c.id: HandlingTimeAnswerForm(formdata=None, prefix=f"svar-{c.id}")
        for c in parts.complaints
        if c.kind == "handling_time" and c.answered_at is None
    }
    forms.update(submitted or {})
    return forms


def _page(case: Case, *, forms=None, answer_forms=None, errors=(), status: int = 200):
    parts = complaints.complaint_parts(case, today_local())
    return (
        render_template(
            "staff/complaints.html",
            title=_("Klager i sag %(number)s", number=case.number),
            case=case,
            parts=parts,
            forms=_forms(forms),
            answer_forms=_answer_forms(parts, answer_forms),
            can_record=complaints.can_complain(case),
            may_change=complaints.may_change_decision(case),
            errors=list(errors),
        ),
        status,
    )


@staff_required
def complaints_page(public_id: str):
    case = municipality_case(public_id)
    # The page shows the family's complaint and files: it is in the access log like the case.
    log_access(case, current_staff(), "opened", "klager")
    db.session.commit()
    return _page(case)


def _load(public_id: str) -> Case:
    return cases.lock_case(municipality_case(public_id).id)


def _done(case: Case, message: str, detail: str):
    log_access(case, current_staff(), "changed", detail)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.complaints", public_id=case.public_id))


def _refused(case: Case, refusal: cases.CaseActionRefused, target: str):
    db.session.rollback()
    case = municipality_case(case.public_id)
    text = _(refusal.msgid) % {key: _(value) for key, value in refusal.params.items()}
    return _page(case, errors=[(target, text)], status=409)


@staff_required
def record(public_id: str):
    case = _load(public_id)
    form = RecordedComplaintForm(prefix="klage")
    if not form.validate():
        return _page(case, forms={"record": form}, errors=error_targets(form), status=400)
    try:
        complaints.record_complaint(
            case,
            current_staff(),
            reasons=form.reasons.data,
            channel=form.channel.data,
            received_on=form.received_on.data,
            now=now_utc(),
        )
    except cases.CaseActionRefused as refusal:
        return _refused(case, refusal, "action-record")
    return _done(case, _("Klagen er skrevet på sagen. Sagen er i genvurdering."), "complaint")


@staff_required
def hear(public_id: str):
    case = _load(public_id)
    form = ReconsiderationHearingForm(prefix="hoering")
    if not form.validate():
        return _page(case, forms={"hearing": form}, errors=error_targets(form), status=400)
    try:
        complaints.hear_before_reconsidering(
            case, current_staff(), subject=form.subject.data, now=now_utc()
        )
    except cases.CaseActionRefused as refusal:
        return _refused(case, refusal, "action-hearing")
    return _done(case, _("Familien er sendt i høring. Familien har fået besked."), "hearing")


@staff_required
def forward(public_id: str):
    case = _load(public_id)
    form = ForwardForm(prefix="videresend")
    if not form.validate():
        return _page(case, forms={"forward": form}, errors=error_targets(form), status=400)
    try:
        complaints.forward(
            case,
            current_staff(),
            sent_on=form.sent_on.data,
            note=form.note.data or "",
            now=now_utc(),
        )
    except cases.CaseActionRefused as refusal:
        return _refused(case, refusal, "action-forward")
    return _done(
        case,
        _(
            "Afgørelsen er fastholdt, og klagen er sendt til Ankestyrelsen. Familien har fået "
            "besked."
        ),
        "complaint_forwarded",
    )


@staff_required
def ankestyrelsen(public_id: str):
    case = _load(public_id)
    form = AnkestyrelsenForm(prefix="ankestyrelsen")
    if not form.validate():
        return _page(case, forms={"ankestyrelsen": form}, errors=error_targets(form), status=400)
    try:
        complaint = complaints.record_ankestyrelsen(
            case,
            current_staff(),
            result=form.result.data,
            decided_on=form.decided_on.data,
            note=form.note.data or "",
            now=now_utc(),
        )
    except cases.CaseActionRefused as refusal:
        return _refused(case, refusal, "action-ankestyrelsen")
    log_access(case, current_staff(), "changed", f"ankestyrelsen:{complaint.result}")
    db.session.commit()
    if complaint.result == "changed":
        flash(
            _("Ankestyrelsens afgørelse er skrevet på sagen. Skriv nu den ændrede afgørelse."),
            "success",
        )
        return redirect(url_for("staff.decide", public_id=case.public_id))
    flash(_("Ankestyrelsens afgørelse er skrevet på sagen. Familien har fået besked."), "success")
    return redirect(url_for("staff.complaints", public_id=case.public_id))


@staff_required
def answer(public_id: str, complaint_id: str):
    case = _load(public_id)
    complaint = next(
        (
            c
            for c in complaints.complaints_for(case)
            if c.public_id == complaint_id and c.kind == "handling_time"
        ),
        None,
    )
    if complaint is None:
        abort(404)
    form = HandlingTimeAnswerForm(prefix=f"svar-{complaint.id}")
    if not form.validate():
        return _page(
            case, answer_forms={complaint.id: form}, errors=error_targets(form), status=400
        )
    try:
        complaints.answer_handling_time(
            complaint, current_staff(), text=form.answer.data, now=now_utc()
        )
    except cases.CaseActionRefused as refusal:
        return _refused(case, refusal, f"svar-{complaint.id}-answer")
    return _done(case, _("Svaret er sendt til familien."), "handling_time_answer")


@staff_required
def earlier_decision_letter(public_id: str, sequence: int):
    """The letter of an earlier decision on the case, replaced after a complaint."""
    case = municipality_case(public_id)
    decision = next((d for d in case.decisions if d.sequence == sequence), None)
    if decision is None:
        abort(404)
    content = decision_letter_content(case, decision)
    log_access(
        case,
        current_staff(),
        "downloaded_letter",
        f"Nr. {sequence}, SHA-256 {hashlib.sha256(content).hexdigest()}",
    )
    db.session.commit()
    return send_download(
        content,
        name=decision_letter.file_name(f"{case.number}-{sequence}"),
        mimetype=kit.WORD_TYPE,
    )
