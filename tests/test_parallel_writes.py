"""Many requests that write at the same moment on the embedded database (SQLite): twenty
logins, twenty tabs saving one step. Each gets its page or the portal's own conflict message,
never an error page ("database is locked").

Runs on a database of its own with real commits and real threads: the rollback-per-test
connection would serialise the requests and prove nothing. On PostgreSQL the same test
shows that nothing changed there."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import committed_app
from tests.support import journey
from tests.support.factories import parent_cpr
from tests.support.pages import Page, get

PARALLEL = 20
CONFLICT = "Dette trin er gemt et andet sted"


def _at_once(calls: list[Callable[[], TestResponse]]) -> list[TestResponse]:
    """Run every call in a thread of its own, all released at the same moment."""
    start = threading.Barrier(len(calls))
    responses: list[TestResponse | BaseException] = [None] * len(calls)

    def run(n: int) -> None:
        start.wait()
        try:
            responses[n] = calls[n]()
        except BaseException as error:  # a crash in a thread must fail the test, not vanish
            responses[n] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for response in responses:
        if isinstance(response, BaseException):
            raise response
    return responses


def test_twenty_parents_logging_in_at_the_same_moment_all_get_in(tmp_path):
    with committed_app(tmp_path) as app:
        clients: list[FlaskClient] = [app.test_client() for _ in range(PARALLEL)]
        forms = [get(c, "/log-ind/udvikling").form_values() for c in clients]
        cprs = [parent_cpr() for _ in clients]

        def login(n: int) -> Callable[[], TestResponse]:
            data = {
                "csrf_token": forms[n]["csrf_token"],
                "name": f"Forælder {n}",
                "cpr_number": cprs[n],
            }
            return lambda: clients[n].post("/log-ind/udvikling", data=data)

        responses = _at_once([login(n) for n in range(PARALLEL)])

        assert [r.status_code for r in responses] == [302] * PARALLEL
        for n, client in enumerate(clients):
            assert f"Forælder {n}" in get(client, "/").text()


def test_twenty_tabs_saving_one_step_at_the_same_moment_save_or_say_it_was_saved_elsewhere(
    tmp_path,
):
    answers = journey.valid_answers()["barnet"]
    with committed_app(tmp_path) as app:
        first = app.test_client()
        journey.login_parent(first)
        base = journey.start_application(first)
        cookie = first.get_cookie("portal_session").value
        # Every tab opened the step before any of them saved: they all saw the same version.
        form = {**get(first, base + "barnet").form_values(), **journey._as_form(answers)}
        tabs = []
        for _ in range(PARALLEL):
            tab = app.test_client()
            tab.set_cookie("portal_session", cookie)
            tabs.append(tab)

        def save(n: int) -> Callable[[], TestResponse]:
            data = {**form, "child_name": f"Anders {n}", "_action": "save"}
            return lambda: tabs[n].post(base + "barnet", data=data)

        responses = _at_once([save(n) for n in range(PARALLEL)])

        codes = sorted(r.status_code for r in responses)
        assert 500 not in codes
        saved = [r for r in responses if r.status_code == 302]
        told = [r for r in responses if r.status_code == 200]
        assert len(saved) == 1
        assert len(told) == PARALLEL - 1
        for response in told:
            assert CONFLICT in Page(response).text()


def test_two_administrators_demoting_each_other_at_the_same_moment_leave_one(tmp_path):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Municipality, StaffUser
    from tests.support import factories

    with committed_app(tmp_path) as app:
        with app.app_context():
            esbjerg = db.session.scalars(select(Municipality)).one()
            admins = [factories.staff(esbjerg, role="admin") for _ in range(2)]
            ids = [a.id for a in admins]
            emails = [a.email for a in admins]
        clients = [app.test_client() for _ in admins]
        tokens = []
        for client, email in zip(clients, emails, strict=True):
            journey.login_staff(client, email, factories.PASSWORD)
            tokens.append(get(client, "/sagsbehandling/medarbejdere").form_values()["csrf_token"])

        def demote(me: int, other: int) -> Callable[[], TestResponse]:
            url = f"/sagsbehandling/medarbejdere/{ids[other]}/rolle"
            data = {"csrf_token": tokens[me], "role": "caseworker"}
            return lambda: clients[me].post(url, data=data)

        responses = _at_once([demote(0, 1), demote(1, 0)])

        # Each is answered: done, refused as the last administrator, or (when the other's
        # demotion ended this session first) the form of a session that no longer exists.
        assert {r.status_code for r in responses} <= {302, 400}
        assert 302 in {r.status_code for r in responses}
        with app.app_context():
            roles = [db.session.get(StaffUser, staff_id).role for staff_id in ids]
        assert sorted(roles) == ["admin", "caseworker"]
