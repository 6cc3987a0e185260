"""Who is logged in. Parents and municipal staff are separate kinds of user with separate
sessions; a view asks for exactly the kind it serves."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import wraps
from urllib.parse import unquote, urlsplit

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import select

from portal.extensions import db
from portal.models import Parent, StaffUser
from portal.models.types import utcnow


def _start(kind: str, user_id: int) -> None:
    # A fresh session at every login, so that a session id planted before login is useless.
    lang = session.get("lang")
    session.clear()
    session.permanent = True
    session[kind] = user_id
    if lang:
        session["lang"] = lang


def login_parent(parent: Parent, provider: str) -> None:
    """Log the parent in; `provider` names the login used ("mitid", "udvikling"), which a
    consent records (never the CPR number)."""
    parent.last_login_at = utcnow()
    _start("parent_id", parent.id)
    session["login_provider"] = provider


def login_provider() -> str | None:
    """The login the current parent used."""
    return session.get("login_provider")


def login_staff(staff: StaffUser) -> None:
    staff.last_login_at = utcnow()
    _start("staff_id", staff.id)


def logout() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


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
        g.staff = staff
    return g.staff


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
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    wrapper.requires = "parent"
    return wrapper


def staff_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        staff = current_staff()
        if staff is None:
            return redirect(url_for("auth.staff_login", next=request.full_path))
        return view(*args, **kwargs)

    wrapper.requires = "staff"
    return wrapper


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
