"""The session cookie: Flask's signed cookie, with an idle timeout that is not re-signed on
every request.

Flask renews a permanent session's cookie on every response (SESSION_REFRESH_EACH_REQUEST),
so that the session ends PERMANENT_SESSION_LIFETIME after the last request, not after the
login. That costs a serialisation, a signature and a Set-Cookie header on every page,
although the cookie only needs renewing now and then: here it is renewed when the session
changed, or when its signature is older than SESSION_RENEW_AFTER. The session then ends
between PERMANENT_SESSION_LIFETIME - SESSION_RENEW_AFTER and PERMANENT_SESSION_LIFETIME after
the last request (59 to 60 minutes with the defaults), whatever the user does in between.

Every request's cookie is verified and decoded anew: an altered cookie is refused, an
expired one ends the session.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.timeutil import now_utc


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
            data, signed_at = serializer.loads(value, return_timestamp=True)
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
