"""Staff single sign-on: from the verified claims of the municipality's provider (Entra ID or
the broker) to a staff account the portal already knows.

The portal creates no staff from a login: an account is made by an admin (`flask staff
create`), found here by the subject stored at its first single sign-on, or else by e-mail.
The municipality and the role come from claims (or groups) when configured:
STAFF_SSO_MUNICIPALITY_CLAIM (or one municipality, STAFF_SSO_MUNICIPALITY) and
STAFF_SSO_ROLE_CLAIM with the values STAFF_SSO_CASEWORKER_VALUE and STAFF_SSO_ADMIN_VALUE
(for Entra ID: "roles" with app roles, or "groups" with group ids).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select

from portal.extensions import db
from portal.i18n import lazy_gettext as _l
from portal.identity.oidc import LoginRefused
from portal.models import Municipality, StaffUser

UNKNOWN = _l(
    "Du er ikke oprettet som medarbejder i portalen. Kontakt en administrator i din kommune."
)
NO_ACCESS = _l(
    "Din kommunes login giver dig ikke adgang til portalen. Kontakt en administrator i din kommune."
)


def _values(claim: Any) -> list[str]:
    if isinstance(claim, str):
        return [claim]
    if isinstance(claim, list | tuple):
        return [str(value) for value in claim]
    return []


def role_from_claims(claims: Mapping[str, Any], config: Mapping[str, Any]) -> str | None:
    """The role the provider gives, or None where roles are kept in the portal."""
    claim = config.get("STAFF_SSO_ROLE_CLAIM")
    if not claim:
        return None
    values = _values(claims.get(claim))
    if config["STAFF_SSO_ADMIN_VALUE"] in values:
        return "admin"
    if config["STAFF_SSO_CASEWORKER_VALUE"] in values:
        return "caseworker"
    raise LoginRefused("no portal role in the role claim", NO_ACCESS)


def municipality_code(claims: Mapping[str, Any], config: Mapping[str, Any]) -> str | None:
    claim = config.get("STAFF_SSO_MUNICIPALITY_CLAIM")
    if claim:
        codes = _values(claims.get(claim))
        if len(codes) != 1:
            raise LoginRefused("no single municipality in the municipality claim", NO_ACCESS)
        return codes[0]
    return config.get("STAFF_SSO_MUNICIPALITY")


def staff_from_claims(
    claims: Mapping[str, Any], issuer: str, config: Mapping[str, Any]
) -> StaffUser:
    subject = f"{issuer} {claims['sub']}"
    email = claims.get(config["STAFF_SSO_EMAIL_CLAIM"])
    conditions = [StaffUser.sso_subject == subject]
    if isinstance(email, str) and email:
        conditions.append(func.lower(StaffUser.email) == email.lower())
    # The account bound to this subject first; an account found by e-mail only otherwise.
    staff = (
        db.session.execute(
            select(StaffUser)
            .where(or_(*conditions))
            .order_by(StaffUser.sso_subject.is_(None), StaffUser.id)
        )
        .scalars()
        .first()
    )
    if staff is None or not staff.active:
        raise LoginRefused("staff unknown to the portal or inactive", UNKNOWN)
    if staff.sso_subject not in (None, subject):
        # The e-mail now belongs to another person at the provider.
        raise LoginRefused("e-mail matches an account bound to another subject", UNKNOWN)
    code = municipality_code(claims, config)
    if code is not None:
        municipality = db.session.execute(
            select(Municipality).where(Municipality.code == code)
        ).scalar_one_or_none()
        if municipality is None or municipality.id != staff.municipality_id:
            raise LoginRefused("the account belongs to another municipality", NO_ACCESS)
    role = role_from_claims(claims, config)
    if role is not None:
        staff.role = role
    staff.sso_subject = subject
    return staff
