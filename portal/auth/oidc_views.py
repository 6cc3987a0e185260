"""Logging in through OpenID Connect: parents with MitID through the municipality's broker,
staff with the municipality's single sign-on; and logging out at the provider too.

The flow (state, nonce, PKCE verifier, where to go afterwards) waits in the session until the
provider answers. A refused login is logged without claim values, stores nothing, and shows a
plain page with a link to try again; an answer to a flow this browser does not know (another
window, too slow, the back button) starts a fresh login with a plain message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for

from portal.extensions import db
from portal.i18n import gettext as _
from portal.identity.mitid import ClaimNames, identity_from_claims
from portal.identity.oidc import FlowUnknown, LoginRefused, Provider, flow_is_current
from portal.identity.providers import parent_for_identity
from portal.identity.session import login_parent, login_staff, safe_next
from portal.identity.staff_sso import staff_from_claims

log = logging.getLogger(__name__)

MITID, STAFF_SSO = "MITID", "STAFF_SSO"
FLOW_KEY = "oidc_flow"
# Which provider the person logged in with, so that logging out ends that session too.
LOGOUT_KEY = "oidc_logout"
# Where each kind of login starts over, and is answered.
START = {MITID: "auth.login", STAFF_SSO: "auth.staff_login"}
CALLBACK = {MITID: "auth.mitid_callback", STAFF_SSO: "auth.staff_sso_callback"}


def _provider(prefix: str) -> Provider:
    provider = Provider.from_config(current_app.config, prefix)
    if provider is None:
        abort(404)
    return provider


def _public_url(endpoint: str) -> str:
    # The address the municipality registered with its provider, also behind a proxy.
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint)


def _begin(prefix: str):
    provider = _provider(prefix)
    try:
        url, flow = provider.begin(_public_url(CALLBACK[prefix]))
    except LoginRefused as refusal:
        return _refused(prefix, refusal)
    flow.update(kind=prefix, next=request.args.get("next"))
    session[FLOW_KEY] = flow
    return redirect(url)


def _verified_claims(prefix: str, provider: Provider) -> tuple[dict[str, Any], dict[str, Any]]:
    flow = session.pop(FLOW_KEY, None)
    max_age = current_app.config["OIDC_FLOW_SECONDS"]
    if not flow_is_current(flow, request.args.get("state"), max_age) or flow["kind"] != prefix:
        raise FlowUnknown
    return provider.finish(request.args, flow, _public_url(CALLBACK[prefix])), flow


def _start_again(prefix: str):
    log.info("%s login answered with an unknown or expired state; starting again", prefix)
    flash(
        _(
            "Dit login blev ikke gjort færdigt i tide, eller det blev startet i et andet "
            "vindue. Log ind igen."
        ),
        "info",
    )
    return redirect(url_for(START[prefix]))


def _refused(prefix: str, refusal: LoginRefused):
    log.warning("%s login refused: %s", prefix, refusal.reason)
    db.session.rollback()
    session.pop(FLOW_KEY, None)
    return (
        render_template(
            "auth/login_refused.html",
            title=_("Du blev ikke logget ind"),
            message=refusal.message,
            retry=url_for(START[prefix]),
        ),
        403,
    )


def _callback(prefix: str, user_from_claims: Callable, log_in: Callable, landing: str):
    provider = _provider(prefix)
    try:
        claims, flow = _verified_claims(prefix, provider)
        user = user_from_claims(claims, provider)
    except FlowUnknown:
        return _start_again(prefix)
    except LoginRefused as refusal:
        return _refused(prefix, refusal)
    log_in(user)
    session[LOGOUT_KEY] = prefix
    db.session.commit()
    return redirect(safe_next(flow.get("next"), url_for(landing)))


def _parent(claims: dict[str, Any], _provider: Provider):
    identity = identity_from_claims(claims, ClaimNames.from_config(current_app.config))
    return parent_for_identity(identity), identity.cpr_number


def _log_in_parent(parent_and_cpr) -> None:
    parent, cpr_number = parent_and_cpr
    login_parent(parent, provider="mitid", cpr_number=cpr_number)


def _staff(claims: dict[str, Any], provider: Provider):
    return staff_from_claims(claims, provider.issuer, current_app.config)


def mitid_login():
    return _begin(MITID)


def mitid_callback():
    return _callback(MITID, _parent, _log_in_parent, "home.index")


def staff_sso_login():
    return _begin(STAFF_SSO)


def staff_sso_callback():
    return _callback(STAFF_SSO, _staff, login_staff, "staff.cases")


def provider_logout_url() -> str | None:
    """Where to end the session at the provider the person logged in with, if it offers
    RP-initiated logout; read before the portal's own session ends."""
    prefix = session.get(LOGOUT_KEY)
    provider = Provider.from_config(current_app.config, prefix) if prefix in START else None
    if provider is None:
        return None
    try:
        return provider.end_session_url(_public_url("auth.logged_out"))
    except LoginRefused as refusal:
        # The portal's own session still ends; the provider's runs out by itself.
        log.warning("%s logout at the provider skipped: %s", prefix, refusal.reason)
        return None
