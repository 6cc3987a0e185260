"""The roles of a municipality's staff, as the people page and its history name them.

A caseworker handles the municipality's cases; an administrator also runs the municipality's
portal: its people, its settings and the messages that did not arrive. A national
administrator (an administrator with the flag `national`, given on the server) also adds the
yearly figures every municipality uses."""

from __future__ import annotations

from portal.rules.i18n import N_

ROLES = ("caseworker", "admin")
ROLE_LABELS = {
    "caseworker": N_("Sagsbehandler"),
    "admin": N_("Administrator"),
}
# Passwords for staff accounts: at least this many characters (as `flask staff
# reset-password` has always asked); length is what makes a password hard to guess
# (NIST SP 800-63B, 5.1.1.2).
PASSWORD_MIN_LENGTH = 12
