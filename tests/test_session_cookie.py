"""The session cookie: a parent is logged out an hour after their last request; the cookie is
signed anew when the session changes or when its signature is a minute old, not on every page
(portal.identity.cookie)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from itsdangerous import TimestampSigner

from portal.identity import cookie
from tests.support import journey
from tests.support.pages import assert_redirects, get

COOKIE = "portal_session"
# Where a parent without a session is sent from the start page, to come back to it.
LOG_IN_AGAIN = "/log-ind?next=/ansoegning/?"


def _session_cookies_set(response) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]


def _signed_at(app, client) -> datetime:
    serializer = app.session_interface.get_signing_serializer(app)
    _data, signed_at = serializer.loads(client.get_cookie(COOKIE).value, return_timestamp=True)
    return signed_at


def _age_cookie(app, client, monkeypatch, seconds: int) -> None:
    """The client's session cookie, the same session signed `seconds` ago: as if the parent
    had made no request since then."""
    serializer = app.session_interface.get_signing_serializer(app)
    data = serializer.loads(client.get_cookie(COOKIE).value)
    with monkeypatch.context() as past:
        past.setattr(TimestampSigner, "get_timestamp", lambda _self: int(time.time()) - seconds)
        value = serializer.dumps(data)
    client.set_cookie(COOKIE, value)


def test_pages_soon_after_signing_keep_the_cookie_as_it_is(app, client, esbjerg):
    journey.login_parent(client)
    # The first page after logging in keeps a new form token in the session: that is saved.
    assert _session_cookies_set(client.get("/")) != []
    before = client.get_cookie(COOKIE).value
    for url in ("/", "/ansoegning/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _session_cookies_set(response) == [], url
    assert client.get_cookie(COOKIE).value == before
    assert "Mette Hansen" in client.get("/").get_data(as_text=True)


def test_a_cookie_signed_more_than_a_minute_ago_is_signed_anew(app, client, esbjerg, monkeypatch):
    journey.login_parent(client)
    _age_cookie(app, client, monkeypatch, 30 * 60)
    assert (datetime.now(UTC) - _signed_at(app, client)).total_seconds() >= 30 * 60

    response = client.get("/")

    assert response.status_code == 200
    [cookie] = _session_cookies_set(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert (datetime.now(UTC) - _signed_at(app, client)).total_seconds() < 60
    # Still the same parent, now with a fresh hour ahead.
    assert "Mette Hansen" in client.get("/").get_data(as_text=True)


def test_a_parent_idle_for_more_than_an_hour_must_log_in_again(app, client, esbjerg, monkeypatch):
    journey.login_parent(client)
    _age_cookie(app, client, monkeypatch, 60 * 60 + 5)

    response = client.get("/ansoegning/")

    assert_redirects(response, LOG_IN_AGAIN)
    assert "Mette Hansen" not in client.get("/").get_data(as_text=True)


def test_a_parent_active_just_under_the_hour_stays_logged_in(app, client, esbjerg, monkeypatch):
    journey.login_parent(client)
    _age_cookie(app, client, monkeypatch, 60 * 60 - 30)

    assert client.get("/ansoegning/").status_code == 200


def test_a_changed_session_is_saved_at_once(app, client, esbjerg):
    journey.login_parent(client)
    # Logging off within the minute: the session changed, so the cookie must change with it.
    token = get(client, "/").form_values("form.inline-form")["csrf_token"]
    response = client.post("/log-ud", data={"csrf_token": token})
    assert_redirects(response, "/logget-ud")
    assert _session_cookies_set(response) != []
    assert_redirects(client.get("/ansoegning/"), LOG_IN_AGAIN)


def test_renewing_on_every_request_can_be_chosen(app, client, esbjerg, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_RENEW_AFTER", 0)
    journey.login_parent(client)
    assert _session_cookies_set(client.get("/")) != []


def test_a_cookie_already_seen_still_expires_after_an_hour(app, client, esbjerg, monkeypatch):
    journey.login_parent(client)
    assert client.get("/ansoegning/").status_code == 200  # the cookie is now known
    an_hour_later = datetime.now(UTC) + timedelta(minutes=61)
    monkeypatch.setattr(cookie, "now_utc", lambda: an_hour_later)

    response = client.get("/ansoegning/")

    assert_redirects(response, LOG_IN_AGAIN)


def test_an_altered_cookie_is_refused_although_the_genuine_one_was_seen(app, client, esbjerg):
    journey.login_parent(client)
    assert client.get("/ansoegning/").status_code == 200
    genuine = client.get_cookie(COOKIE).value
    payload, _dot, signature = genuine.rpartition(".")
    # The signature's first character: its last carries bits that base64 ignores.
    for altered in (
        f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}",
        genuine.replace(genuine[2], "x" if genuine[2] != "x" else "y", 1),
    ):
        client.set_cookie(COOKIE, altered)
        assert_redirects(client.get("/ansoegning/"), LOG_IN_AGAIN)
    client.set_cookie(COOKIE, genuine)
    assert client.get("/ansoegning/").status_code == 200


def test_a_message_shown_once_is_not_shown_again(app, client, esbjerg):
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.save_step(client, base, "barnet", {"child_name": "Anders"}, action="later")
    message = "Vi har gemt din ansøgning"
    assert message in get(client, "/").text()
    assert message not in get(client, "/").text()
    assert message not in get(client, "/").text()
