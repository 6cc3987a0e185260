"""Staff logins as a person makes them, from the client addresses the portal sees."""

from __future__ import annotations

from tests.support.pages import Page, get

# Clients as the portal sees them (documentation addresses, RFC 5737): set as the request's
# REMOTE_ADDR, nothing is sent to them.
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.20"
GUESS = "forkert-gaet"


def from_address(client, address: str):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def try_login(client, email: str, password: str = GUESS) -> Page:
    """One staff login as a person makes it: open the page, type, send."""
    token = get(client, "/medarbejder/log-ind").form_values()["csrf_token"]
    return Page(
        client.post(
            "/medarbejder/log-ind",
            data={"email": email, "password": password, "csrf_token": token},
        )
    )
