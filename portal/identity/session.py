"""Who is logged in. Parents and municipal staff are separate kinds of user with separate
sessions; a view asks for exactly the kind it serves. The session itself is kept on the
server (portal.identity.store)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import gettext as _
from portal.identity.store import seconds_left
from portal.models import Parent, StaffUser
from portal.models.types import utcnow
from portal.timeutil import now_utc

# The answers of a wizard step posted after the session had ended (portal.apply.views):
# kept through the next login, not through a logout.
RESCUED_STEP = "rescued_step"
# The logged-in parent's CPR number, known from the login, for the register lookup of their
# children (portal.registers): kept in this session's server-side row only, which is deleted
# at logout and when the session ends; never stored with the parent.
_REGISTER_CPR = "register_cpr"
# What a staff session remembers of the account at login: a change to either ends it.
_STAFF_ROLE = "staff_role"
_STAFF_CREDENTIALS = "staff_credentials"


def _start(kind: str, user_id: int) -> None:
    # A fresh session with a new id at every login, so that an id planted before is useless.
    _restart(keep=("lang", RESCUED_STEP))
    session.permanent = True
    session[kind] = user_id


def _restart(keep: tuple[str, ...] = ("lang",)) -> None:
    kept = {key: session[key] for key in keep if key in session}
    session.clear()
    session.renew()
    session.update(kept)


def login_parent(parent: Parent, provider: str, cpr_number: str | None = None) -> None:
    """Log the parent in; `provider` names the login used ("mitid", "udvikling"), which a
    consent records (never the CPR number). `cpr_number`, as the login proved it, lets the
    wizard look up the parent's children for the length of this session."""
    parent.last_login_at = utcnow()
    _start("parent_id", parent.id)
    session["login_provider"] = provider
    if cpr_number:
        session[_REGISTER_CPR] = cpr_number
    # A language chosen before logging in is the parent's choice from now on; without one,
    # the portal speaks the language the parent chose last time.
    if "lang" in session:
        parent.language = session["lang"]
    elif parent.language:
        session["lang"] = parent.language


def choose_language(language: str | None) -> bool:
    """The reader's choice of language for this session, and the logged-in parent's from
    now on (their e-mails are written in it). False for a language the portal does not speak."""
    if language not in current_app.config["LANGUAGES"]:
        return False
    session["lang"] = language
    parent = current_parent()
    if parent is not None:
        parent.language = language
    return True


def parent_cpr_number() -> str | None:
    """The logged-in parent's CPR number as their login proved it, for a register lookup."""
    if session.get("parent_id") is None:
        return None
    return session.get(_REGISTER_CPR)


def login_provider() -> str | None:
    """The login the current parent used."""
    return session.get("login_provider")


def login_staff(staff: StaffUser) -> None:
    staff.last_login_at = utcnow()
    _start("staff_id", staff.id)
    session[_STAFF_ROLE] = staff.role
    session[_STAFF_CREDENTIALS] = _password_marker(staff)


def _password_marker(staff: StaffUser) -> str:
    # A new password (or none) gives a new marker; the hash itself stays out of the session.
    return hashlib.sha256((staff.password_hash or "").encode()).hexdigest()[:16]


def logout() -> None:
    """The session's row is deleted: its cookie, wherever copied, leads to the login."""
    _restart()


def keep_alive() -> int | None:
    """Extend a logged-in user's session now (the "stay logged in" button); returns how many
    seconds it then has left, None when no one is logged in."""
    if _logged_in_kind() is None:
        return None
    session.touched = True
    return seconds_left(current_app, session, now_utc())


def session_timeout() -> dict | None:
    """What the warning before the session ends needs (templates/components/
    session_timeout.html and static/session_timeout.js): None when no one is logged in."""
    kind = _logged_in_kind()
    if kind is None:
        return None
    return {
        "seconds_left": seconds_left(current_app, session, now_utc()),
        "warn_before": current_app.config["SESSION_WARN_BEFORE"],
        "kind": kind,
    }


def _logged_in_kind() -> str | None:
    # A staff session whose account changed since the login ends here (current_staff).
    kind = session.user_kind()
    if kind == "staff" and current_staff() is None:
        return None
    return kind


def forget_cached_users() -> None:
    """Called before each request: who is logged in is read from this request's session."""
    g.pop("parent", None)
    g.pop("parent_name", None)
    g.pop("staff", None)


def current_parent() -> Parent | None:
    if "parent" not in g:
        parent_id = session.get("parent_id")
        g.parent = db.session.get(Parent, parent_id) if parent_id else None
    return g.parent


def remember_parent_name(name: str) -> None:
    """The logged-in parent's name, read by a page together with something of theirs (the
    wizard reads it with the draft), so that the page header needs no query of its own."""
    g.parent_name = name


def current_parent_name() -> str | None:
    """The logged-in parent's name, for the page header."""
    if "parent" not in g and "parent_name" in g:
        return g.parent_name
    parent = current_parent()
    return parent.name if parent is not None else None


def current_staff() -> StaffUser | None:
    if "staff" not in g:
        staff_id = session.get("staff_id")
        staff = None
        if staff_id:
            staff = db.session.execute(
                select(StaffUser).where(StaffUser.id == staff_id, StaffUser.active.is_(True))
            ).scalar_one_or_none()
            if staff is None or not _still_as_at_login(staff):
                # Deactivated, another role or a new password since the login, by whatever
                # code changed it: the session ends here, even if end_sessions was not called.
                staff = None
                logout()
                session.ended = True  # the login page says why
        g.staff = staff
    return g.staff


def _still_as_at_login(staff: StaffUser) -> bool:
    return session.get(_STAFF_ROLE) == staff.role and session.get(
        _STAFF_CREDENTIALS
    ) == _password_marker(staff)


def current_parent_id() -> int | None:
    """The logged-in parent's id, without loading the parent: enough to scope a query."""
    parent_id = session.get("parent_id")
    return parent_id if isinstance(parent_id, int) else None


def parent_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        # The parent row itself is loaded only where a page shows it; ownership is checked
        # by scoping every query to this id.
        if current_parent_id() is None:
            _say_if_ended()
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    wrapper.requires = "parent"
    return wrapper


def staff_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        staff = current_staff()
        if staff is None:
            _say_if_ended()
            return redirect(url_for("auth.staff_login", next=request.full_path))
        return view(*args, **kwargs)

    wrapper.requires = "staff"
    return wrapper


def _say_if_ended() -> None:
    if getattr(session, "ended", False):
        flash(_("Du er blevet logget af. Log ind igen for at fortsætte."), "info")


def admin_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        staff = current_staff()
        if staff is None:
            return redirect(url_for("auth.staff_login", next=request.full_path))
        if staff.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    wrapper.requires = "staff"
    return wrapper


def _without_invisibles(value: str) -> str:
    # Browsers drop tabs, CR and LF from a URL (WHATWG URL standard) and trim spaces and
    # control characters, so "/<tab>/evil.example" would be read as "//evil.example".
    return "".join(
        c for c in value if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
    )


def _is_local_path(value: str) -> bool:
    # Browsers read a backslash as a slash, so "/\evil.example" is "//evil.example".
    parts = urlsplit(value)
    return (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and not parts.scheme
        and not parts.netloc
    )


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site once the characters a browser ignores are
    removed, else `default`: never send a freshly logged-in user to another host. The path
    must also stay on this site percent-decoded (up to twice), for a proxy or a browser that
    decodes "%2f%2f" or "%5c" before reading it."""
    cleaned = _without_invisibles(target or "")
    decoded = cleaned
    for _round in range(3):
        if not _is_local_path(decoded):
            return default
        decoded = _without_invisibles(unquote(decoded))
    return cleaned
