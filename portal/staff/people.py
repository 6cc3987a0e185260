"""The administrator's people page: the municipality's staff with their role, whether they
can log in and when they last did; an invitation by e-mail; a change of role; deactivating
and reactivating; and the history of these changes. Scoped to the administrator's
municipality: another's account is 404; a caseworker gets 403."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.people import InviteForm, RoleForm
from portal.i18n import gettext as _
from portal.identity.session import admin_required, current_staff
from portal.models import StaffUser
from portal.rules.i18n import N_
from portal.rules.labels import label
from portal.services import admin_history, people
from portal.timeutil import now_utc

REFUSALS = {
    "last_admin": N_(
        "%(name)s er kommunens eneste aktive administrator. Gør en anden til administrator "
        "først; ellers kan ingen i kommunen ændre roller eller invitere nye medarbejdere. "
        "Intet er ændret."
    ),
    "email_taken": N_("Der findes allerede en medarbejder med den e-mail."),
}


def _page(invite_form: InviteForm, errors=(), status: int = 200):
    municipality = current_staff().municipality
    return (
        render_template(
            "staff/people.html",
            title=_("Medarbejdere"),
            staff=people.staff_of(municipality),
            invited=people.pending_invitations(municipality, now_utc()),
            form=invite_form,
            errors=list(errors),
            history=admin_history.history("people", municipality=municipality),
            me=current_staff(),
        ),
        status,
    )


@admin_required
def staff_list():
    return _page(InviteForm(formdata=None))


@admin_required
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(form, error_targets(form), 400)
    admin = current_staff()
    try:
        people.invite(
            admin.municipality,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            by=admin,
            now=now_utc(),
        )
    except people.PeopleRefused as refused:
        db.session.rollback()
        return _page(form, [("email", _(REFUSALS[refused.code]))], 400)
    db.session.commit()
    flash(
        _(
            "%(name)s er inviteret. Invitationen er sendt til %(email)s.",
            name=form.name.data,
            email=form.email.data,
        ),
        "success",
    )
    return redirect(url_for("staff.people"))


def _member(staff_id: int) -> StaffUser:
    staff = people.member(current_staff().municipality, staff_id)
    if staff is None:
        abort(404)
    return staff


def _refused(staff: StaffUser, refused: people.PeopleRefused):
    db.session.rollback()
    flash(_(REFUSALS[refused.code], name=staff.name), "warning")
    return redirect(url_for("staff.people"))


@admin_required
def change_role(staff_id: int):
    staff = _member(staff_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Vælg en rolle til %(name)s.", name=staff.name), "warning")
        return redirect(url_for("staff.people"))
    try:
        people.change_role(staff, form.role.data, by=current_staff())
    except people.PeopleRefused as refused:
        return _refused(staff, refused)
    db.session.commit()
    flash(
        _(
            "%(name)s er nu %(role)s. Er %(name)s logget ind, skal de logge ind igen.",
            name=staff.name,
            role=_(label("staff_role", staff.role)).lower(),
        ),
        "success",
    )
    return redirect(url_for("staff.people"))


def _set_active(staff_id: int, active: bool):
    staff = _member(staff_id)
    try:
        people.set_active(staff, active, by=current_staff())
    except people.PeopleRefused as refused:
        return _refused(staff, refused)
    db.session.commit()
    if active:
        flash(_("%(name)s kan logge ind igen.", name=staff.name), "success")
    else:
        flash(
            _(
                "%(name)s er deaktiveret og er logget ud. Kontoen kan ikke logge ind.",
                name=staff.name,
            ),
            "success",
        )
    return redirect(url_for("staff.people"))


@admin_required
def deactivate(staff_id: int):
    return _set_active(staff_id, False)


@admin_required
def reactivate(staff_id: int):
    return _set_active(staff_id, True)


@admin_required
def invite_again(staff_id: int):
    staff = _member(staff_id)
    if not staff.active:
        abort(404)
    people.invite_again(staff, by=current_staff(), now=now_utc())
    db.session.commit()
    flash(
        _(
            "En ny invitation er sendt til %(email)s. Den gamle virker ikke længere.",
            email=staff.email,
        ),
        "success",
    )
    return redirect(url_for("staff.people"))
