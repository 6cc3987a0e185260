"""Logging in and out: parents through a login provider, staff with a local account."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import func, select

from portal.extensions import db
from portal.forms.auth import DevelopmentLoginForm, StaffLoginForm
from portal.forms.base import error_targets
from portal.i18n import gettext as _
from portal.identity.passwords import hash_password, needs_rehash, verify_password
from portal.identity.providers import DevelopmentLogin, enabled_providers
from portal.identity.session import forget_cached_users, login_parent, login_staff, safe_next
from portal.identity.session import keep_alive as extend_session
from portal.identity.session import logout as end_session
from portal.models import Parent, StaffUser
from portal.timeutil import now_utc


def forget_cached_users_before_request() -> None:
    forget_cached_users()


# After this many wrong passwords in a row the account waits LOCK_MINUTES before trying again.
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15


def login():
    providers = enabled_providers(current_app)
    if len(providers) == 1 and isinstance(providers[0], DevelopmentLogin):
        return redirect(url_for("auth.dev_login", next=request.args.get("next")))
    return render_template(
        "auth/choose.html", title=_("Log ind"), providers=providers, next=request.args.get("next")
    )


def dev_login():
    provider = DevelopmentLogin()
    if not provider.enabled(current_app):
        abort(404)
    form = DevelopmentLoginForm()
    errors = []
    if form.validate_on_submit():
        identity = provider.identity(form.name.data, form.cpr_number.data)
        parent = db.session.execute(
            select(Parent).where(Parent.subject == identity.subject)
        ).scalar_one_or_none()
        if parent is None:
            parent = Parent(subject=identity.subject, name=identity.name)
            db.session.add(parent)
            db.session.flush()
        login_parent(parent)
        db.session.commit()
        return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    if form.is_submitted():
        errors = error_targets(form)
    return render_template(
        "auth/dev_login.html",
        title=_("Udviklingslogin"),
        form=form,
        errors=errors,
    )


def staff_login():
    form = StaffLoginForm()
    errors = []
    if form.validate_on_submit():
        staff = db.session.execute(
            select(StaffUser).where(func.lower(StaffUser.email) == form.email.data.lower())
        ).scalar_one_or_none()
        now = now_utc()
        if staff is not None and staff.locked_until and staff.locked_until > now:
            verify_password(None, form.password.data)
            errors = [("email", _("For mange forkerte forsøg. Vent et kvarter, og prøv igen."))]
        elif (
            staff is not None
            and staff.active
            and verify_password(staff.password_hash, form.password.data)
        ):
            if needs_rehash(staff.password_hash):
                staff.password_hash = hash_password(form.password.data)
            staff.failed_logins = 0
            staff.locked_until = None
            login_staff(staff)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), url_for("staff.cases")))
        else:
            if staff is None:
                verify_password(None, form.password.data)
            else:
                staff.failed_logins += 1
                if staff.failed_logins >= MAX_FAILED_LOGINS:
                    staff.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    staff.failed_logins = 0
                db.session.commit()
            errors = [("email", _("E-mail eller adgangskode er forkert."))]
    elif form.is_submitted():
        errors = error_targets(form)
    return render_template(
        "auth/staff_login.html",
        title=_("Log ind som medarbejder"),
        form=form,
        errors=errors,
    )


def logout():
    end_session()
    return redirect(url_for("auth.logged_out"))


def stay_logged_in():
    """The button of the warning before the session ends: JavaScript posts it and reads the
    seconds left; without it, the post returns to the page it came from."""
    left = extend_session()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(seconds_left=left or 0), 200 if left else 401
    if left is None:
        return redirect(url_for("auth.login"))
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))


def logged_out():
    return render_template("auth/logged_out.html", title=_("Du er logget af"))


def language():
    chosen = request.form.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))
