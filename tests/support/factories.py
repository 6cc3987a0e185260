"""Test data made the way the portal makes it."""

from __future__ import annotations

import itertools
from datetime import date

from portal.extensions import db
from portal.identity.passwords import hash_password
from portal.models import Municipality, StaffUser

PASSWORD = "korrekt-hest-batteri-561"
_counter = itertools.count(1)


def municipality(code: str = "561", name: str = "Esbjerg Kommune") -> Municipality:
    existing = db.session.query(Municipality).filter_by(code=code).one_or_none()
    if existing is not None:
        return existing
    m = Municipality(code=code, name=name, inbox_email=f"hjemmetraening@{code}.example")
    db.session.add(m)
    db.session.commit()
    return m


def staff(m: Municipality, *, role: str = "caseworker", email: str | None = None) -> StaffUser:
    n = next(_counter)
    s = StaffUser(
        municipality=m,
        email=email or f"sagsbehandler{n}@{m.code}.example",
        name=f"Sagsbehandler {n}",
        password_hash=hash_password(PASSWORD),
        role=role,
    )
    db.session.add(s)
    db.session.commit()
    return s


def cpr_for(birth: date, serial: int = 4321) -> str:
    """A CPR number for a birth date. The seventh digit gives the century (4 is 2000-2036
    for years below 37, 1937-1999 otherwise), as python-stdnum reads it."""
    century_digit = "4" if birth.year >= 2000 else "0"
    return birth.strftime("%d%m%y") + century_digit + f"{serial:03d}"[-3:]


def parent_cpr() -> str:
    """A different adult CPR number each call: each is a different parent."""
    n = next(_counter)
    return cpr_for(date(1980, 1, 1 + n % 28), serial=n)
