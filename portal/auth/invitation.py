"""The page an invited member of staff reaches from the invitation's e-mail: choosing a
password for the new account. The link works once and for a week (portal.services.people);
an expired or used link gets a page that says to ask an administrator for a new one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.people import SetPasswordForm
from portal.i18n import gettext as _
from portal.identity.passwords import hash_password
from portal.limits import link_login_limit, wait_message
from portal.services import people
from portal.timeutil import now_utc


@link_login_limit("token")
def staff_invitation(token: str):
    invitation = people.find_invitation(token)
    state = people.invitation_state(invitation, now_utc())
    if state != "open":
        return (
            render_template(
                "auth/invitation_closed.html", title=_("Linket virker ikke længere"), state=state
            ),
            404 if state == "unknown" else 410,
        )
    form = SetPasswordForm()
    if form.validate_on_submit():
        staff = people.accept_invitation(
            invitation, hash_password(form.password.data), now=now_utc()
        )
        db.session.commit()
        flash(
            _(
                "Din adgangskode er gemt. Log ind med %(email)s og din nye adgangskode.",
                email=staff.email,
            ),
            "success",
        )
        return redirect(url_for("auth.staff_login"))
    errors = error_targets(form) if form.is_submitted() else []
    return _page(invitation, form, errors)


def _page(invitation, form: SetPasswordForm, errors, status: int = 200):
    return (
        render_template(
            "auth/invitation.html",
            title=_("Vælg din adgangskode"),
            staff=invitation.staff,
            form=form,
            errors=errors,
        ),
        status,
    )


def _rate_limited():
    invitation = people.find_invitation(str((request.view_args or {}).get("token", "")))
    if people.invitation_state(invitation, now_utc()) != "open":
        return None
    return _page(invitation, SetPasswordForm(formdata=None), [("password", wait_message())], 429)


staff_invitation.rate_limited = _rate_limited
