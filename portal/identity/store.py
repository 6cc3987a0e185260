"""The session, kept on the server: the cookie carries only a random id, signed.

Each browser's session is a row of `login_session`, found by the SHA-256 of the id in its
cookie (a copy of the table gives no cookie that works). Deleting the row ends the session at
once, wherever its cookie has been copied to: at logout, and for a staff account that is
deactivated, changes role or gets a new password (`end_sessions`).

A session ends SESSION_IDLE_TIMEOUT after the last request, and at the latest its kind's
absolute limit after the login (SESSION_MAX_AGE_PARENT, SESSION_MAX_AGE_STAFF), however busy
the user is. To spare a database write on every page, the time of the last request is
written only when the session changed, or when the stored time is SESSION_RENEW_AFTER old:
a session thus ends between IDLE - RENEW_AFTER and IDLE after the last request (59 to 60
minutes with the defaults).

Reading the row is one primary-key query on a connection of its own, before the view runs,
so that a page that only reads (portal.database.read_only) still runs without a transaction;
writing it is a short transaction of its own after the view has committed.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin, session_json_serializer
from itsdangerous import BadSignature, Signer
from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from werkzeug.datastructures import CallbackDict

from portal.extensions import db
from portal.models import LoginSession
from portal.timeutil import now_utc

_TABLE = LoginSession.__table__
# Built once: a statement made anew on every request costs more than its query on SQLite.
_LOOKUP = select(_TABLE).where(_TABLE.c.id_hash == bindparam("id_hash"))
# Which key of the session names the logged-in user, and their kind.
USER_KEYS = {"parent_id": "parent", "staff_id": "staff"}


class ServerSession(CallbackDict, SessionMixin):
    """A session as read from its row (empty for a browser without a live one)."""

    def __init__(
        self,
        initial: dict | None = None,
        key: str | None = None,
        created_at: datetime | None = None,
        last_seen_at: datetime | None = None,
    ) -> None:
        def on_update(self_: ServerSession) -> None:
            self_.modified = True

        super().__init__(initial, on_update)
        self.key = key
        self.created_at = created_at
        self.last_seen_at = last_seen_at
        self.modified = False
        # The cookie named a session that has ended (logged out, timed out): the pages may
        # say so, and keep what was posted for after the next login.
        self.ended = False
        # Ids whose rows go at the next save: an ended session's, the old one at a login.
        self.stale_keys: list[str] = []
        # Extend the session now, whatever the minute (the "stay logged in" button).
        self.touched = False

    def renew(self) -> None:
        """A new id at the next save (login, logout): an id known before is worth nothing."""
        if self.key is not None:
            self.stale_keys.append(self.key)
        self.key = None
        self.created_at = None
        self.modified = True

    def user_kind(self) -> str | None:
        return next((kind for name, kind in USER_KEYS.items() if name in self), None)


def id_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def seconds_left(app: Flask, session: ServerSession, now: datetime) -> int:
    """How long the session lives from `now` if nothing more happens: until the idle timeout,
    or the absolute limit if that comes first. Counted from the stored time of the last
    request unless this request extends the session, so that a warning comes early rather
    than late (the stored time may lag by up to SESSION_RENEW_AFTER)."""
    last_seen = now if session.touched or session.last_seen_at is None else session.last_seen_at
    idle_end = last_seen + timedelta(seconds=app.config["SESSION_IDLE_TIMEOUT"])
    created = session.created_at or now
    absolute_end = created + timedelta(seconds=max_age(app, session.user_kind()))
    return max(0, int((min(idle_end, absolute_end) - now).total_seconds()))


def max_age(app: Flask, kind: str | None) -> int:
    # A session before login lives as long as a parent's would.
    return app.config["SESSION_MAX_AGE_STAFF" if kind == "staff" else "SESSION_MAX_AGE_PARENT"]


def _has_ended(app: Flask, row, now: datetime) -> bool:
    idle = timedelta(seconds=app.config["SESSION_IDLE_TIMEOUT"])
    absolute = timedelta(seconds=max_age(app, row.user_kind))
    return now - row.last_seen_at > idle or now - row.created_at > absolute or row.created_at > now


@contextmanager
def _connection(*, write: bool) -> Iterator[Connection]:
    bind = db.session.get_bind()
    if write:
        # What the view has not committed is not kept anyway; its locks (SQLite's) must not
        # keep this write waiting, nor its savepoint (the tests') take this write with it.
        db.session.rollback()
    if isinstance(bind, Connection):
        # The tests' connection, rolled back after each test: the rows go with it.
        yield bind
    elif write:
        with bind.begin() as connection:
            yield connection
    else:
        assert isinstance(bind, Engine)
        with bind.connect() as connection:
            if bind.dialect.name == "postgresql":
                # One round trip: no BEGIN and ROLLBACK around a single read.
                connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection


class ServerSessionInterface(SessionInterface):
    session_class = ServerSession

    def _signer(self, app: Flask) -> Signer:
        # Made once per key; a changed SECRET_KEY or fallback makes a new one (and the
        # fallbacks still verify the cookies signed before the change).
        keys = (*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key)
        cached = app.extensions.get("session_signer")
        if cached is None or cached[0] != keys:
            cached = (keys, Signer(list(keys), salt="portal-session-id"))
            app.extensions["session_signer"] = cached
        return cached[1]

    def _static_prefix(self, app: Flask) -> str:
        prefix = app.extensions.get("session_static_prefix")
        if prefix is None:
            prefix = app.extensions["session_static_prefix"] = f"{app.static_url_path}/"
        return prefix

    def open_session(self, app: Flask, request: Request) -> ServerSession | None:
        if request.path.startswith(self._static_prefix(app)):
            # A page's stylesheets and scripts need no session: no query for each of them
            # (None gives Flask's null session, which is never saved).
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return self.session_class()
        try:
            key = self._signer(app).unsign(value).decode()
        except (BadSignature, UnicodeDecodeError):  # forged, or signed with another key
            return self.session_class()
        with _connection(write=False) as connection:
            row = connection.execute(_LOOKUP, {"id_hash": id_hash(key)}).one_or_none()
        if row is None or _has_ended(app, row, now_utc()):
            session = self.session_class()
            session.ended = True
            if row is not None:
                session.stale_keys.append(key)
            return session
        return self.session_class(
            session_json_serializer.loads(row.data), key, row.created_at, row.last_seen_at
        )

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        now = now_utc()
        if not session:
            # Nothing to keep (logged out without a language chosen): no row, no cookie.
            gone = session.stale_keys + ([session.key] if session.key else [])
            self._delete(gone)
            if session.ended or gone:
                response.delete_cookie(
                    self.get_cookie_name(app),
                    domain=self.get_cookie_domain(app),
                    path=self.get_cookie_path(app),
                )
            return
        response.vary.add("Cookie")
        if session.key is None:
            self._insert(app, session, now, response)
        elif session.modified:
            self._write(session, last_seen_at=now, **self._contents(session))
        elif session.touched or now - session.last_seen_at >= timedelta(
            seconds=app.config["SESSION_RENEW_AFTER"]
        ):
            self._write(session, last_seen_at=now)

    def _contents(self, session: ServerSession) -> dict:
        kind = session.user_kind()
        user_id = next((session[name] for name in USER_KEYS if name in session), None)
        return {
            "user_kind": kind,
            "user_id": user_id,
            "data": session_json_serializer.dumps(dict(session)),
        }

    def _insert(
        self, app: Flask, session: ServerSession, now: datetime, response: Response
    ) -> None:
        session.key = secrets.token_urlsafe(32)
        session.created_at = session.last_seen_at = now
        with _connection(write=True) as connection:
            if session.stale_keys:
                connection.execute(
                    delete(_TABLE).where(_TABLE.c.id_hash.in_(map(id_hash, session.stale_keys)))
                )
            connection.execute(
                insert(_TABLE).values(
                    id_hash=id_hash(session.key),
                    created_at=now,
                    last_seen_at=now,
                    **self._contents(session),
                )
            )
        response.set_cookie(
            self.get_cookie_name(app),
            self._signer(app).sign(session.key).decode(),
            # Sent until an hour past the session's end, so that a step posted after the end
            # is known as an ended session's and its answers kept (portal.apply.views).
            expires=now
            + timedelta(seconds=max_age(app, session.user_kind()))
            + timedelta(seconds=app.config["SESSION_IDLE_TIMEOUT"]),
            httponly=self.get_cookie_httponly(app),
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            partitioned=self.get_cookie_partitioned(app),
        )

    def _write(self, session: ServerSession, **values) -> None:
        with _connection(write=True) as connection:
            connection.execute(
                update(_TABLE).where(_TABLE.c.id_hash == id_hash(session.key)).values(**values)
            )

    def _delete(self, keys: list[str]) -> None:
        if keys:
            with _connection(write=True) as connection:
                connection.execute(
                    delete(_TABLE).where(_TABLE.c.id_hash.in_([id_hash(k) for k in keys]))
                )


def purge(app: Flask, now: datetime) -> int:
    """Delete the sessions that have ended (the daily `flask sessions purge`)."""
    idle_end = now - timedelta(seconds=app.config["SESSION_IDLE_TIMEOUT"])
    staff_end = now - timedelta(seconds=max_age(app, "staff"))
    other_end = now - timedelta(seconds=max_age(app, None))
    result = db.session.execute(
        delete(LoginSession).where(
            (LoginSession.last_seen_at < idle_end)
            | ((LoginSession.user_kind == "staff") & (LoginSession.created_at < staff_end))
            | (
                (LoginSession.user_kind.is_distinct_from("staff"))
                & (LoginSession.created_at < other_end)
            )
        )
    )
    return result.rowcount
