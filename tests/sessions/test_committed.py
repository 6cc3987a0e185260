"""The session store with real commits, as in production: its rows are read and written on
connections of their own (the rolled-back connection of the other tests hides that), and a
page that only reads still runs without a transaction on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from portal.extensions import db
from portal.models import LoginSession
from tests.conftest import committed_app
from tests.support import journey
from tests.support.databases import backend
from tests.support.pages import assert_redirects, get


@pytest.fixture
def app(tmp_path):
    with committed_app(tmp_path) as app:
        yield app


def _sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LoginSession))


def test_logout_ends_a_copied_cookie_for_good(app):
    client, thief = app.test_client(), app.test_client()
    journey.login_parent(client)
    thief.set_cookie("portal_session", client.get_cookie("portal_session").value)
    assert thief.get("/ansoegning/").status_code == 200
    assert _sessions(app) == 1

    token = get(client, "/").form_values("form.inline-form")["csrf_token"]
    assert_redirects(client.post("/log-ud", data={"csrf_token": token}), "/logget-ud")

    assert _sessions(app) == 0
    assert_redirects(thief.get("/ansoegning/"), "/log-ind?next=/ansoegning/?")


@pytest.mark.skipif(backend() != "postgresql", reason="SQLite's BEGIN costs no round trip")
def test_a_reading_page_begins_no_transaction_for_the_session(app):
    client = app.test_client()
    journey.login_parent(client)
    client.get("/ansoegning/")  # the page's form token is kept in the session
    with app.app_context():
        engine = db.engine
    statements: list[tuple[str, bool]] = []

    def record(connection, _cursor, statement, *_args) -> None:
        # psycopg sends BEGIN by itself before a statement outside autocommit.
        statements.append((statement, connection.connection.dbapi_connection.autocommit))

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert get(client, "/ansoegning/").h1 == "Ansøg om hjemmetræning"
    finally:
        event.remove(engine, "before_cursor_execute", record)

    # The session's read and the page's reads (read_only) all run in autocommit.
    assert any("login_session" in statement for statement, _auto in statements)
    assert all(autocommit for _statement, autocommit in statements), statements
