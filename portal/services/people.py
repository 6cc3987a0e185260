"""A municipality's people: its staff accounts as the administrator sees them, an invitation
by e-mail to a new account, a change of role, deactivating and reactivating. Every change is
recorded in the administrators' history (portal.services.admin_history), by an administrator
on the people page or by `flask staff` on the server.

An account's sessions end the moment its role changes or it is deactivated (end_sessions, in
the change's transaction); portal.identity.session also ends a session whose account no
longer matches what it was at login, whatever changed it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import Municipality, StaffInvitation, StaffUser
from portal.models.login_session import end_sessions
from portal.notify import messages
from portal.services import admin_history

__all__ = [
    "INVITATION_DAYS",
    "PeopleRefused",
    "accept_invitation",
    "change_role",
    "create",
    "find_invitation",
    "invitation_state",
    "invite",
    "invite_again",
    "member",
    "set_password",
    "set_active",
    "set_national",
    "staff_of",
]

# How long an invitation's link can be used: long enough for a week's holiday, short enough
# that a forgotten e-mail is not a standing way into the portal.
INVITATION_DAYS = 7


class PeopleRefused(Exception):
    """A change the people page cannot make (the last administrator, an e-mail in use)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _state(staff: StaffUser) -> dict[str, Any]:
    return {"role": staff.role, "active": staff.active}


def staff_of(municipality: Municipality) -> list[StaffUser]:
    """The municipality's staff, active first, then by name."""
    return list(
        db.session.scalars(
            select(StaffUser)
            .where(StaffUser.municipality_id == municipality.id)
            .order_by(StaffUser.active.desc(), func.lower(StaffUser.name), StaffUser.id)
        )
    )


def member(municipality: Municipality, staff_id: int) -> StaffUser | None:
    """One of the municipality's staff; None for another municipality's (a 404)."""
    staff = db.session.get(StaffUser, staff_id)
    if staff is None or staff.municipality_id != municipality.id:
        return None
    return staff


def pending_invitations(municipality: Municipality, now: datetime) -> set[int]:
    """The ids of the municipality's accounts with an invitation that can still be used."""
    return set(
        db.session.scalars(
            select(StaffInvitation.staff_id)
            .join(StaffUser, StaffUser.id == StaffInvitation.staff_id)
            .where(
                StaffUser.municipality_id == municipality.id,
                StaffInvitation.used_at.is_(None),
                StaffInvitation.expires_at > now,
            )
        )
    )


def _other_active_admins(staff: StaffUser) -> int:
    # The rows are locked until the change commits (PostgreSQL): two administrators demoting
    # each other at the same moment cannot both pass, since the second reads after the first.
    admins = db.session.scalars(
        select(StaffUser.id)
        .where(
            StaffUser.municipality_id == staff.municipality_id,
            StaffUser.role == "admin",
            StaffUser.active.is_(True),
        )
        .with_for_update()
    ).all()
    return len([staff_id for staff_id in admins if staff_id != staff.id])


def _keep_an_admin(staff: StaffUser) -> None:
    # The municipality runs its own portal: without an active administrator nobody could
    # invite, change a role or reactivate anyone but a developer on the server.
    if staff.role == "admin" and staff.active and _other_active_admins(staff) == 0:
        raise PeopleRefused("last_admin")


def create(
    municipality: Municipality,
    *,
    email: str,
    name: str,
    role: str,
    password_hash: str | None,
    by: StaffUser | None,
    by_name: str | None = None,
) -> StaffUser:
    """A new account of the municipality; refused when the e-mail is anyone's already."""
    if role not in StaffUser.ROLES:
        raise ValueError(f"role must be one of {', '.join(StaffUser.ROLES)}")
    taken = db.session.scalar(
        select(StaffUser.id).where(func.lower(StaffUser.email) == email.strip().lower())
    )
    if taken is not None:
        raise PeopleRefused("email_taken")
    staff = StaffUser(
        municipality=municipality,
        email=email.strip().lower(),
        name=name.strip(),
        password_hash=password_hash,
        role=role,
        active=True,
    )
    db.session.add(staff)
    db.session.flush()
    admin_history.record(
        "people",
        staff.email,
        None,
        _state(staff),
        by=by,
        by_name=by_name,
        municipality=municipality,
    )
    return staff


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invitation(staff: StaffUser, *, by: StaffUser, now: datetime) -> StaffInvitation:
    # A new link makes the earlier ones useless: only the latest e-mail works.
    db.session.execute(
        update(StaffInvitation)
        .where(StaffInvitation.staff_id == staff.id, StaffInvitation.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation(
        staff=staff,
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
        invited_by=by.name,
    )
    db.session.add(invitation)
    db.session.flush()
    messages.staff_invited(invitation, token)
    return invitation


def invite(
    municipality: Municipality, *, email: str, name: str, role: str, by: StaffUser, now: datetime
) -> StaffInvitation:
    """A new account without a password, and an e-mail with a link to set one. The account
    also logs in with the municipality's single sign-on, matched by its e-mail at the first
    login (portal.identity.staff_sso)."""
    staff = create(municipality, email=email, name=name, role=role, password_hash=None, by=by)
    return _send_invitation(staff, by=by, now=now)


def invite_again(staff: StaffUser, *, by: StaffUser, now: datetime) -> StaffInvitation:
    """A new link for an account, e.g. when the first one expired."""
    return _send_invitation(staff, by=by, now=now)


def find_invitation(token: str) -> StaffInvitation | None:
    return db.session.execute(
        select(StaffInvitation).where(StaffInvitation.token_hash == _token_hash(token))
    ).scalar_one_or_none()


def invitation_state(invitation: StaffInvitation | None, now: datetime) -> str:
    """Whether the link works ("open"), or why not: "used", "expired" or "unknown"."""
    if invitation is None or not invitation.staff.active:
        return "unknown"
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= now:
        return "expired"
    return "open"


def accept_invitation(
    invitation: StaffInvitation, password_hash: str, *, now: datetime
) -> StaffUser:
    """The invited person's password (hashed by portal.identity.passwords): the link is used
    up, and the account logs in with it."""
    invitation.used_at = now
    staff = invitation.staff
    set_password(staff, password_hash, by=None, by_name=staff.name)
    return staff


def change_role(
    staff: StaffUser, role: str, *, by: StaffUser | None, by_name: str | None = None
) -> None:
    """Another role; the account's sessions end at once. The last active administrator of a
    municipality keeps the role (PeopleRefused "last_admin")."""
    if role not in StaffUser.ROLES:
        raise ValueError(f"role must be one of {', '.join(StaffUser.ROLES)}")
    if role == staff.role:
        return
    if role != "admin":
        _keep_an_admin(staff)
    before = _state(staff)
    staff.role = role
    end_sessions("staff", staff.id)
    admin_history.record(
        "people", staff.email, before, _state(staff), by=by, by_name=by_name,
        municipality=staff.municipality,
    )  # fmt: skip


def set_active(
    staff: StaffUser, active: bool, *, by: StaffUser | None, by_name: str | None = None
) -> None:
    """Deactivate (the account's sessions end at once) or reactivate an account. The last
    active administrator stays active (PeopleRefused "last_admin")."""
    if active == staff.active:
        return
    if not active:
        _keep_an_admin(staff)
    before = _state(staff)
    if active:
        staff.active = True
    else:
        staff.active = False
        end_sessions("staff", staff.id)
    admin_history.record(
        "people", staff.email, before, _state(staff), by=by, by_name=by_name,
        municipality=staff.municipality,
    )  # fmt: skip


def set_password(
    staff: StaffUser, password_hash: str, *, by: StaffUser | None, by_name: str | None = None
) -> None:
    """A new password, hashed by portal.identity.passwords (at least 12 characters, checked
    by the caller's form or prompt): the old one, the failures counted and every session of
    the account end at once. The history says that the password changed, never what it is."""
    had_password = staff.password_hash is not None
    staff.password_hash = password_hash
    staff.failed_logins = 0
    staff.locked_until = None
    end_sessions("staff", staff.id)
    admin_history.record(
        "people",
        staff.email,
        {"password": "set" if had_password else "none"},
        {"password": "new"},
        by=by,
        by_name=by_name,
        municipality=staff.municipality,
    )


def set_national(staff: StaffUser, national: bool, *, by_name: str) -> None:
    """Whether an administrator may add the yearly figures for every municipality: given and
    taken on the server only (`flask staff national`)."""
    if national and staff.role != "admin":
        raise PeopleRefused("national_needs_admin")
    before = staff.national
    staff.national = national
    admin_history.record(
        "people",
        staff.email,
        {"national": before},
        {"national": national},
        by=None,
        by_name=by_name,
        municipality=staff.municipality,
    )
