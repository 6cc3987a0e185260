"""Logging in and out: parents through a login provider, staff with a local account."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from portal.auth import oidc_views
from portal.extensions import csrf, db
from portal.forms.auth import DevelopmentLoginForm, StaffLoginForm
from portal.forms.base import error_targets
from portal.i18n import gettext as _
from portal.identity import staff_accounts
from portal.identity.providers import DevelopmentLogin, enabled_providers, parent_for_identity
from portal.identity.session import (
    choose_language,
    forget_cached_users,
    login_parent,
    login_staff,
    safe_next,
)
from portal.identity.session import keep_alive as extend_session
from portal.identity.session import logout as end_session
from portal.limits import forget_failures, login_limit, wait_message


def forget_cached_users_before_request() -> None:
    forget_cached_users()


def login():
    providers = enabled_providers(current_app)
    if len(providers) == 1 and isinstance(providers[0], DevelopmentLogin):
        return redirect(url_for("auth.dev_login", next=request.args.get("next")))
    return render_template(
        "auth/choose.html", title=_("Log ind"), providers=providers, next=request.args.get("next")
    )


@login_limit("cpr_number")
def dev_login():
    provider = DevelopmentLogin()
    if not provider.enabled(current_app):
        abort(404)
    form = DevelopmentLoginForm()
    errors = []
    if form.validate_on_submit():
        identity = provider.identity(form.name.data, form.cpr_number.data)
        login_parent(
            parent_for_identity(identity), provider=provider.name, cpr_number=identity.cpr_number
        )
        db.session.commit()
        return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    if form.is_submitted():
        errors = error_targets(form)
    return _dev_login_page(form, errors)


def _dev_login_page(form: DevelopmentLoginForm, errors, status: int = 200):
    return (
        render_template(
            "auth/dev_login.html", title=_("Udviklingslogin"), form=form, errors=errors
        ),
        status,
    )


def _dev_login_rate_limited():
    # Where the development login is off, the plain page (portal.errors) answers instead.
    if not DevelopmentLogin().enabled(current_app):
        return None
    return _dev_login_page(DevelopmentLoginForm(), [("name", wait_message())], 429)


dev_login.rate_limited = _dev_login_rate_limited


@login_limit("email")
def staff_login():
    form = StaffLoginForm()
    errors = []
    if form.validate_on_submit():
        # The same answer for an unknown e-mail, an inactive account and a wrong password
        # (portal.identity.staff_accounts), so that the page tells nobody who is staff.
        staff = staff_accounts.check_login(form.email.data, form.password.data)
        if staff is not None:
            login_staff(staff)
            forget_failures()
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), url_for("staff.cases")))
        db.session.commit()
        errors = [("email", _("E-mail eller adgangskode er forkert."))]
    elif form.is_submitted():
        errors = error_targets(form)
    return _staff_login_page(form, errors)


def _staff_login_page(form: StaffLoginForm, errors, status: int = 200):
    return (
        render_template(
            "auth/staff_login.html",
            title=_("Log ind som medarbejder"),
            form=form,
            errors=errors,
        ),
        status,
    )


def _staff_login_rate_limited():
    # The typed e-mail stays in its field (a password field never shows what was typed).
    return _staff_login_page(StaffLoginForm(), [("email", wait_message())], 429)


staff_login.rate_limited = _staff_login_rate_limited


def logout():
    at_provider = oidc_views.provider_logout_url()
    end_session()
    return redirect(at_provider or url_for("auth.logged_out"))


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


@csrf.exempt
def language():
    """The language switch in every page's header (layout/language_switch.html). It carries
    no CSRF token: the choice changes nothing of the user's but the language, and the
    session cookie is SameSite=Lax, so another site's form cannot post it for a logged-in
    parent."""
    choose_language(request.form.get("lang"))
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))
