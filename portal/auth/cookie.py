"""The session cookie: Flask's signed cookie, with an idle timeout that is not re-signed on
every request.

Flask renews a permanent session's cookie on every response (SESSION_REFRESH_EACH_REQUEST),
so that the session ends PERMANENT_SESSION_LIFETIME after the last request, not after the
login. That costs a serialisation, a signature and a Set-Cookie header on every page,
although the cookie only needs renewing now and then: here it is renewed when the session
changed, or when its signature is older than SESSION_RENEW_AFTER. The session then ends
between PERMANENT_SESSION_LIFETIME - SESSION_RENEW_AFTER and PERMANENT_SESSION_LIFETIME after
the last request (59 to 60 minutes with the defaults), whatever the user does in between.

A cookie sent again unchanged is not checked and decoded again: the result for the cookies
seen last is kept (its age is checked at every request), so that a forged or altered cookie
is always checked, and an expired one always refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.timeutil import now_utc

# Values that no request can change in place: a session made only of these is handed to each
# request as a new dictionary of the same values.
_SCALARS = (str, int, float, bool, type(None))


@lru_cache(maxsize=1024)
def _verified(serializer: URLSafeTimedSerializer, value: str) -> tuple[tuple, datetime] | None:
    """The items and signing time of a cookie whose signature is good (BadSignature if it is
    not; its age is the caller's to check), kept for the cookies seen last: a browser sends the
    same cookie with every request until it is renewed, and checking the signature and decoding
    the value anew each time was a measurable part of every page (bench/wizard_cpu.py). None
    when a value could be changed in place (the list of flashed messages): such a cookie is
    decoded anew at each request."""
    data, signed_at = serializer.loads(value, return_timestamp=True)
    if not all(isinstance(v, _SCALARS) for v in data.values()):
        return None
    return tuple(data.items()), signed_at


class SignedSession(SecureCookieSession):
    """A session as read from its cookie, with the time the cookie was signed (None for a
    session that had no valid cookie)."""

    signed_at: datetime | None = None


class RenewingSessionInterface(SecureCookieSessionInterface):
    session_class = SignedSession

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Made once per key (a new serializer on each of the two calls per request cost
        # more than the signature itself); a changed SECRET_KEY or fallback makes a new one.
        if not app.secret_key:
            return None
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = app.extensions.get("session_serializer")
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions["session_serializer"] = cached
        return cached[1]

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            verified = _verified(serializer, value)
            if verified is None:
                data, signed_at = serializer.loads(value, return_timestamp=True)
            else:
                items, signed_at = verified
                data = dict(items)
        except BadSignature:  # forged, or signed with another key: a new empty session
            return self.session_class()
        age = now_utc() - signed_at
        if age < timedelta(0) or age > app.permanent_session_lifetime:
            return self.session_class()  # idle for too long (or signed in the future)
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not session.permanent or not app.config["SESSION_REFRESH_EACH_REQUEST"]:
            return False
        signed_at = getattr(session, "signed_at", None)
        renew_after = timedelta(seconds=app.config["SESSION_RENEW_AFTER"])
        return signed_at is None or now_utc() - signed_at >= renew_after
