"""Rate limits on the routes that invite guessing or cost the most: logging in, uploading,
submitting, consenting and choosing a child from the CPR register. Each named limit counts a
route's form posts twice, per client (the address the request comes from) and per account
(the account a login names, or the logged-in parent), with the values in the configuration's
RATE_LIMITS.

A view is marked with a decorator here (`@login_limit("email")`, `@upload_limit`,
`@submit_limit`, `@consent_limit`, `@lookup_limit`); `init_app` puts the app's own
Flask-Limiter around each marked view of the app's routes (create_app calls it after
registering the blueprints). The counts are kept in memory (the embedded default, for one
app server) or, with RATELIMIT_STORAGE_URI=redis://..., in Redis, shared by several app
servers. A request over a
limit raises RateLimitExceeded; portal.errors answers it with a page that says when to try
again (a view may offer its own page as `rate_limited`, like the login's).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, request
from flask_limiter import Limiter

from portal.i18n import gettext as _
from portal.identity.session import current_parent_id
from portal.rules import formatting
from portal.timeutil import COPENHAGEN

_EXTENSION = "portal_limiter"
# The start of every per-account key, so that a login can forget its own failures.
_ACCOUNT = "account"


@dataclass(frozen=True)
class _Named:
    name: str
    # The account a request is about, or None where the client is all there is to count.
    account: Callable[[], str | None]


def _client() -> str:
    # The address the app sees: behind reverse proxies, the one they report (TRUSTED_PROXIES,
    # portal.security).
    return request.remote_addr or "unknown"


def _digest(value: str) -> str:
    # Keys in a shared store name no e-mail address or CPR number in clear.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:24]


def _per_account(value: str) -> str | None:
    # Per account AND client: someone else's wrong guesses never keep the owner out.
    value = value.strip().lower()
    return f"{_digest(value)}@{_client()}" if value else None


def _typed(field: str) -> Callable[[], str | None]:
    def account() -> str | None:
        return _per_account(request.form.get(field) or "")

    return account


def _in_path(name: str) -> Callable[[], str | None]:
    def account() -> str | None:
        return _per_account(str((request.view_args or {}).get(name) or ""))

    return account


def _logged_in_parent() -> str | None:
    parent_id = current_parent_id()
    return f"parent-{parent_id}" if parent_id is not None else None


def _mark(name: str, account: Callable[[], str | None]) -> Callable:
    def decorate(view: Callable) -> Callable:
        view.rate_limit = _Named(name, account)
        return view

    return decorate


def login_limit(account_field: str) -> Callable:
    """Login attempts per client and per the account named in the form field (with the
    client: see _typed). A successful login forgets its account's count (forget_failures),
    so the per-account limit counts failures since the last success."""
    return _mark("login", _typed(account_field))


def link_login_limit(path_value: str) -> Callable:
    """As login_limit, for a page reached by a secret link that sets a password (a staff
    invitation): the account is the link's token in the path."""
    return _mark("login", _in_path(path_value))


upload_limit = _mark("upload", _logged_in_parent)
submit_limit = _mark("submit", _logged_in_parent)
consent_limit = _mark("consent", _logged_in_parent)
# Each choice of a child from the CPR register asks the register (on Serviceplatformen, a
# lookup the municipality answers for): a parent or a client sending it over and over is
# slowed down like a login.
lookup_limit = _mark("lookup", _logged_in_parent)


def _value(name: str, which: int) -> Callable[[], str]:
    # Read at each request, so that a test can tighten the limits of a running app.
    return lambda: current_app.config["RATE_LIMITS"][name][which]


def _account_key(named: _Named) -> Callable[[], str]:
    def key() -> str:
        return f"{_ACCOUNT}:{named.account() or _client()}"

    return key


def _limited(limiter: Limiter, named: _Named, view: Callable) -> Callable:
    per_account = limiter.limit(
        _value(named.name, 1), key_func=_account_key(named), methods=["POST"]
    )
    per_client = limiter.limit(_value(named.name, 0), key_func=_client, methods=["POST"])
    return per_client(per_account(view))


def init_app(app: Flask) -> None:
    """A limiter of the app's own, around each marked view. (Flask-Limiter keeps its storage
    on the Limiter, so one shared Limiter would count every app's requests in the last app's
    storage: the tests make several apps.)"""
    limiter = Limiter(
        key_func=_client,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        key_prefix=app.config["RATELIMIT_KEY_PREFIX"],
        # Exactly N in any window: a fixed window would let 2N through around its edge.
        strategy="moving-window",
        # Redis out of reach: each app server counts in its own memory until it is back,
        # rather than refusing every login (or letting every guess through).
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    app.extensions[_EXTENSION] = limiter
    for endpoint, view in list(app.view_functions.items()):
        named = getattr(view, "rate_limit", None)
        if isinstance(named, _Named):
            app.view_functions[endpoint] = _limited(limiter, named, view)


def _limiter() -> Limiter:
    return current_app.extensions[_EXTENSION]


def forget_failures() -> None:
    """After a successful login: this account's earlier failures from this client no longer
    count."""
    limiter = _limiter()
    for counted in limiter.current_limits:
        if any(str(part).startswith(f"{_ACCOUNT}:") for part in counted.request_args):
            limiter.limiter.clear(counted.limit, *counted.request_args)


def _retry_at() -> float | None:
    breached = _limiter().current_limit
    return breached.reset_at if breached is not None else None


def retry_after() -> int:
    """Seconds until the limit this request went over lets the client try again."""
    at = _retry_at()
    return max(1, round(at - time.time())) if at is not None else 60


def wait_message() -> str:
    """What a person reads when a limit stops them: when they may try again."""
    at = _retry_at()
    if at is None:
        return _("Du har prøvet for mange gange. Vent lidt, og prøv igen.")
    # Rounded up to the minute, so that trying at the time said always works.
    moment = datetime.fromtimestamp(at + 59, COPENHAGEN).time()
    return _(
        "Du har prøvet for mange gange. Prøv igen kl. %(time)s.",
        time=formatting.clock(moment),
    )


def reset(app: Flask) -> None:
    """Forget every count of an app whose counts are in memory (for tests)."""
    app.extensions[_EXTENSION].reset()
