"""Two submits of the same draft at the same moment (a double click, two tabs) make one case;
two tabs saving the same step at the same moment never silently lose an answer.

Runs on a database of its own with real commits: the rollback-per-test connection would
serialise the two requests and prove nothing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Draft, DraftStep
from portal.services import drafts
from portal.wizard.steps import find_step
from tests.conftest import committed_app
from tests.support import journey
from tests.support.pages import assert_redirects, get


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

        assert len(responses) == 2
        for response in responses:
            assert_redirects(response, base + "kvittering")
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Case)) == 1


@pytest.mark.parametrize("saved_before", [False, True], ids=["first save", "later save"])
def test_a_step_saved_elsewhere_between_reading_and_writing_is_not_overwritten(
    tmp_path, saved_before
):
    """The page's version check passes (both tabs opened the same version), but another tab
    writes first: the second write changes nothing and says so."""
    answers = journey.valid_answers()["barnet"]
    with committed_app(tmp_path) as app:
        client = app.test_client()
        journey.login_parent(client)
        base = journey.start_application(client)
        if saved_before:
            journey.save_step(client, base, "barnet", answers)
        public_id = base.rstrip("/").rpartition("/")[2]
        step = find_step("new_application", "barnet")

        with app.app_context():
            parent_id = db.session.scalar(select(Draft.parent_id))
            mine = drafts.own_draft(parent_id, public_id)
            seen = mine.step("barnet").version if saved_before else 0
            # This request's read ends here (on SQLite a read transaction may not write once
            # another connection has written); what it read is what its page showed.
            db.session.commit()
            with app.app_context():  # the other tab: its own session, committed
                theirs = drafts.own_draft(parent_id, public_id)
                drafts.save_step(
                    theirs,
                    step,
                    _form(answers, "Anders fra fane B"),
                    complete=True,
                    seen_version=seen,
                )
                db.session.commit()
            with pytest.raises(drafts.StepConflict):
                drafts.save_step(
                    mine,
                    step,
                    _form(answers, "Anders fra fane A"),
                    complete=True,
                    seen_version=seen,
                )
            db.session.rollback()

        with app.app_context():
            stored = db.session.scalars(select(DraftStep).where(DraftStep.step == "barnet")).all()
            assert [row.data["child_name"] for row in stored] == [["Anders fra fane B"]]
            assert stored[0].version == (2 if saved_before else 1)


def _form(answers: dict, child_name: str) -> dict[str, list[str]]:
    return {
        key: [value]
        for key, value in {**journey._as_form(answers), "child_name": child_name}.items()
    }
