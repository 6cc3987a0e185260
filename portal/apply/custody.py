"""The other holder of custody's consent (issue 15, point 4): the applicant sends the link
from "Tjek dine svar"; the other holder opens it, logs in with their own login, reads the
application read-only and consents or declines.

A link whose token does not exist, opened by the applicant, or by a login whose keyed CPR
hash differs from the one the applicant gave, is 404: nothing about the application is
shown. A used or expired link says so to the one it is for.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.apply.views import check_page, own_draft
from portal.extensions import db
from portal.forms import steps as step_forms
from portal.forms.base import error_targets
from portal.forms.custody_consent import CustodyAnswerForm, CustodyInviteForm
from portal.i18n import gettext as _
from portal.identity.providers import cpr_subject_hash, subject_cpr_hash
from portal.identity.session import current_parent, login_provider, parent_required
from portal.limits import consent_limit
from portal.models import CustodyConsent, Parent
from portal.services import custody_consent as consents
from portal.services import custody_holders, drafts
from portal.timeutil import now_utc


@consent_limit
@parent_required
def invite(draft_id: str):
    """Send (or send again) the link to the other holder of custody."""
    draft = own_draft(draft_id)
    if draft.status != "draft" or not consents.draft_needs_consent(draft):
        abort(404)
    form = CustodyInviteForm(prefix="custody")
    if form.validate():
        # A number typed here wins; else the other holder's from the CPR register, when the
        # child was chosen from it, so that only the right person can consent.
        cpr_number = form.cpr_number.data or custody_holders.other_holder_cpr(draft)
        cpr_hash = cpr_subject_hash(cpr_number) if cpr_number else None
        if cpr_hash is not None and cpr_hash == subject_cpr_hash(current_parent().subject):
            form.cpr_number.errors.append(
                _("Skriv den anden forældremyndighedsindehavers CPR-nummer, ikke dit eget")
            )
        else:
            consents.invite(draft, form.email.data, cpr_hash, now=now_utc())
            db.session.commit()
            flash(_("Vi har sendt linket til %(email)s.", email=form.email.data), "success")
            url = url_for("apply.check", draft_id=draft.public_id)
            return redirect(f"{url}#custody-consent")
    return check_page(draft, invite_form=form, errors=error_targets(form))


def _consent_for(token: str, parent: Parent) -> CustodyConsent:
    """The consent the link is for, when `parent` is the one it is for; else 404."""
    consent = consents.by_token(token)
    if consent is None or consent.draft.parent_id == parent.id:
        abort(404)
    if consent.cpr_hash is not None and consent.cpr_hash != subject_cpr_hash(parent.subject):
        abort(404)
    if consent.answer is not None and consent.answered_by_id != parent.id:
        abort(404)
    return consent


@consent_limit
@parent_required
def custody_consent(token: str):
    parent = current_parent()
    consent = _consent_for(token, parent)
    now = now_utc()
    state = consents.state(consent, now)
    if consent.answer is not None or consent.draft.status != "draft":
        return _closed(consent, "used")
    if state == "expired":
        return _closed(consent, "expired")
    # The application as the applicant has saved it: what is read is what is consented to.
    draft = drafts.own_draft(consent.draft.parent_id, consent.draft.public_id)
    form = CustodyAnswerForm()
    if form.validate_on_submit():
        consents.answer(
            consent,
            draft,
            parent,
            login_provider() or "ukendt",
            consented=form.answer.data == "consented",
            reason=form.reason.data,
            now=now,
        )
        db.session.commit()
        return redirect(url_for("apply.custody_consent", token=token))
    return render_template(
        "apply/custody_consent.html",
        title=_("Giv samtykke til ansøgningen"),
        draft=draft,
        consent=consent,
        sections=step_forms.check_all(draft),
        form=form,
        errors=error_targets(form) if form.is_submitted() else [],
    )


def _closed(consent: CustodyConsent, why: str):
    """A link that has been used (or whose application was sent) or has run out, said plainly."""
    title = _("Linket er udløbet") if why == "expired" else _("Linket er brugt")
    return render_template("apply/custody_closed.html", title=title, consent=consent, why=why)
