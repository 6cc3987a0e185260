"""Sessions that really end (issue 15, "Logout does not end the session"): a copied cookie is
worth nothing after logout, and a session cannot be kept alive forever by being used."""

from __future__ import annotations

from tests.support import journey
from tests.support.factories import PASSWORD, staff
from tests.support.pages import assert_redirects, get

COOKIE = "portal_session"
PARENT_PAGE = "/ansoegning/"
PARENT_LOGIN = "/log-ind?next=/ansoegning/?"
STAFF_PAGE = "/sagsbehandling/"
STAFF_LOGIN = "/medarbejder/log-ind?next=/sagsbehandling/?"


def log_out(client, page: str = "/") -> None:
    token = get(client, page).form_values("form.inline-form")["csrf_token"]
    assert_redirects(client.post("/log-ud", data={"csrf_token": token}), "/logget-ud")


def copy_of(client, make_client):
    """A second browser holding a copy of the first one's session cookie."""
    thief = make_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def test_a_copied_parent_cookie_leads_to_the_login_after_logout(client, make_client, esbjerg):
    journey.login_parent(client)
    thief = copy_of(client, make_client)
    assert thief.get(PARENT_PAGE).status_code == 200  # the copy works while the parent is in

    log_out(client)

    assert_redirects(thief.get(PARENT_PAGE), PARENT_LOGIN)
    assert "Mette Hansen" not in thief.get("/").get_data(as_text=True)


def test_a_copied_staff_cookie_leads_to_the_login_after_logout(client, make_client, esbjerg):
    caseworker = staff(esbjerg)
    journey.login_staff(client, caseworker.email, PASSWORD)
    thief = copy_of(client, make_client)
    assert thief.get(STAFF_PAGE).status_code == 200

    log_out(client, STAFF_PAGE)

    assert_redirects(thief.get(STAFF_PAGE), STAFF_LOGIN)


def test_a_parent_busy_all_day_must_log_in_again_after_four_hours(client, esbjerg, later):
    # Issue 15: the cookie "is re-signed every minute, so it can live forever".
    journey.login_parent(client)
    for _half_hour in range(7):
        later(30 * 60)
        assert client.get(PARENT_PAGE).status_code == 200
    later(31 * 60)  # 4 hours and 1 minute after logging in, 31 minutes after the last page

    assert_redirects(client.get(PARENT_PAGE), PARENT_LOGIN)


def test_a_caseworker_busy_all_day_must_log_in_again_after_eight_hours(client, esbjerg, later):
    caseworker = staff(esbjerg)
    journey.login_staff(client, caseworker.email, PASSWORD)
    for _half_hour in range(15):
        later(30 * 60)
        assert client.get(STAFF_PAGE).status_code == 200
    later(31 * 60)

    assert_redirects(client.get(STAFF_PAGE), STAFF_LOGIN)
