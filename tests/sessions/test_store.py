"""The session kept on the server (portal.identity.store): the cookie is a signed random id,
the table holds only that id's SHA-256, a page does not write the session unless it changed
or a minute has passed, and an hour without a request ends it."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import event, select

from portal.models import LoginSession
from tests.support import journey
from tests.support.pages import assert_redirects, get

COOKIE = "portal_session"
LOG_IN_AGAIN = "/log-ind?next=/ansoegning/?"


def _session_cookies_set(response) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]


def _rows(db) -> list[LoginSession]:
    return list(db.session.scalars(select(LoginSession)))


def _row(db) -> LoginSession:
    [row] = [r for r in _rows(db) if r.user_kind == "parent"]
    return row


def test_the_cookie_is_a_signed_id_whose_hash_alone_is_stored(app, client, db, esbjerg):
    journey.login_parent(client)
    value = client.get_cookie(COOKIE).value
    key, _dot, _signature = value.rpartition(".")

    row = _row(db)
    assert row.id_hash == hashlib.sha256(key.encode()).hexdigest()
    # Nothing of the cookie itself is in the table, and nothing of the session in the cookie.
    assert all(key not in (r.id_hash + r.data) for r in _rows(db))
    assert "parent_id" not in value and len(key) >= 43
    assert row.user_id is not None and '"parent_id"' in row.data


def test_the_cookie_is_http_only_and_same_site(app, client, esbjerg):
    page = get(client, "/log-ind/udvikling")
    response = client.post(
        "/log-ind/udvikling",
        data={"name": "Mette Hansen", "cpr_number": "0101901234", **page.form_values()},
    )
    [cookie] = _session_cookies_set(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_pages_within_the_minute_neither_write_nor_set_the_cookie(app, client, db, esbjerg):
    journey.login_parent(client)
    client.get("/")  # the first page keeps a new form token in the session
    seen = _row(db).last_seen_at
    for url in ("/", "/ansoegning/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _session_cookies_set(response) == [], url
    assert _row(db).last_seen_at == seen
    assert "Mette Hansen" in client.get("/").get_data(as_text=True)


def test_a_page_a_minute_later_moves_the_last_request_on(app, client, db, esbjerg, later):
    journey.login_parent(client)
    client.get("/")
    before = _row(db).last_seen_at
    later(30 * 60)

    response = client.get("/")

    assert response.status_code == 200
    assert _session_cookies_set(response) == []  # the same id: no new cookie
    assert (_row(db).last_seen_at - before).total_seconds() >= 30 * 60
    later(50 * 60)  # 80 minutes after the login, 50 after the last page
    assert client.get("/ansoegning/").status_code == 200


def test_a_parent_idle_for_more_than_an_hour_must_log_in_again(app, client, esbjerg, later):
    journey.login_parent(client)
    later(60 * 60 + 5)

    response = client.get("/ansoegning/")

    assert_redirects(response, LOG_IN_AGAIN)
    page = get(client, "/log-ind/udvikling")
    assert "Du er blevet logget af. Log ind igen for at fortsætte." in page.text()
    assert "Mette Hansen" not in client.get("/").get_data(as_text=True)


def test_a_parent_active_just_under_the_hour_stays_logged_in(app, client, esbjerg, later):
    journey.login_parent(client)
    later(60 * 60 - 65)

    assert client.get("/ansoegning/").status_code == 200


def test_the_idle_timeout_is_configurable(app, client, esbjerg, later, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", 20 * 60)
    journey.login_parent(client)
    later(21 * 60)

    assert_redirects(client.get("/ansoegning/"), LOG_IN_AGAIN)


def test_logging_in_gives_a_new_id(app, client, db, esbjerg):
    get(client, "/log-ind/udvikling")  # a session before login: the form's token
    before = client.get_cookie(COOKIE).value

    journey.login_parent(client)

    assert client.get_cookie(COOKIE).value != before
    planted = client.application.test_client()
    planted.set_cookie(COOKIE, before)
    assert_redirects(planted.get("/ansoegning/"), LOG_IN_AGAIN)


def test_an_altered_cookie_is_refused(app, client, esbjerg):
    journey.login_parent(client)
    genuine = client.get_cookie(COOKIE).value
    key, _dot, signature = genuine.rpartition(".")
    for altered in (
        f"{key}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}",
        f"{'x' if key[0] != 'x' else 'y'}{key[1:]}.{signature}",
    ):
        client.set_cookie(COOKIE, altered)
        assert_redirects(client.get("/ansoegning/"), LOG_IN_AGAIN)
    client.set_cookie(COOKIE, genuine)
    assert client.get("/ansoegning/").status_code == 200


def test_logging_out_without_a_language_leaves_no_row_and_no_cookie(app, client, db, esbjerg):
    journey.login_parent(client)
    token = get(client, "/").form_values("form.inline-form")["csrf_token"]

    response = client.post("/log-ud", data={"csrf_token": token})

    assert_redirects(response, "/logget-ud")
    [cookie] = _session_cookies_set(response)
    assert "Expires=Thu, 01 Jan 1970" in cookie
    assert [r for r in _rows(db) if r.user_kind == "parent"] == []


def test_a_message_shown_once_is_not_shown_again(app, client, esbjerg):
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.save_step(client, base, "barnet", {"child_name": "Anders"}, action="later")
    message = "Vi har gemt din ansøgning"
    assert message in get(client, "/").text()
    assert message not in get(client, "/").text()
    assert message not in get(client, "/").text()


def test_stylesheets_and_scripts_cost_no_session_query(app, client, db, esbjerg):
    journey.login_parent(client)
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = client.get("/").get_data(as_text=True)
        statements.clear()
        for url in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page):
            response = client.get(url)
            assert response.status_code == 200, url
            assert _session_cookies_set(response) == [], url
            response.close()
        client.get("/ansoegning/")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    [lookup] = [s for s in statements if "FROM login_session" in s]  # the page's only
    assert "Mette Hansen" in client.get("/").get_data(as_text=True)
