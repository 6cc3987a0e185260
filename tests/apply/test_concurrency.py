"""Two submits of the same draft at the same moment (a double click, two tabs) make one case.

Runs on a database of its own with real commits: the rollback-per-test connection would
serialise the two requests and prove nothing."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case
from tests.conftest import committed_app
from tests.support import journey
from tests.support.pages import get


def test_two_simultaneous_submits_make_one_case(tmp_path):
    with committed_app(tmp_path) as app:
        first = app.test_client()
        journey.login_parent(first)
        base = journey.start_application(first)
        journey.fill_application(first, base)
        form = {**get(first, base + "tjek").form_values(), "confirm": "ja"}
        second = app.test_client()
        second.set_cookie("portal_session", first.get_cookie("portal_session").value)

        start = threading.Barrier(2)
        responses = []

        def submit(client):
            start.wait()
            responses.append(client.post(base + "tjek", data=form))

        threads = [threading.Thread(target=submit, args=(c,)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(r.status_code for r in responses) == [302, 302]
        assert {r.headers["Location"] for r in responses} == {base + "kvittering"}
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Case)) == 1
