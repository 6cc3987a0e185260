"""Answers typed on a step whose session ended meanwhile are kept through the new login and
saved after it (issue 15, point 5), to the draft of the parent who logs in, never another's."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import select

from portal.models import DraftStep
from tests.support import journey
from tests.support.factories import parent_cpr
from tests.support.pages import Page, assert_redirects, get

CHILD = journey.valid_answers()["barnet"]


def _typed_until_the_session_ended(client, later) -> tuple[str, str]:
    """A parent opens the child's step, and posts it an hour and a minute later. Returns
    the draft's base URL and the parent's CPR number."""
    cpr = parent_cpr()
    journey.login_parent(client, cpr=cpr)
    base = journey.start_application(client)
    controls = get(client, base + "barnet").form_values()
    later(61 * 60)
    response = client.post(base + "barnet", data={**controls, **CHILD, "_action": "save"})
    assert_redirects(response, f"/log-ind?next={base}barnet")
    return base, cpr


def _log_in(client, cpr: str, next_url: str, name: str = "Mette Hansen"):
    page = get(client, "/log-ind/udvikling")
    return client.post(
        f"/log-ind/udvikling?next={quote(next_url)}",
        data={"name": name, "cpr_number": cpr, **page.form_values()},
    )


def _saved_child_steps(db) -> list[dict]:
    return list(db.session.scalars(select(DraftStep.data).where(DraftStep.step == "barnet")))


def test_answers_posted_after_the_session_ended_are_saved_after_the_login(
    client, db, esbjerg, later
):
    base, cpr = _typed_until_the_session_ended(client, later)
    login_page = get(client, "/log-ind/udvikling")
    assert "Log ind igen, så gemmer vi de svar, du skrev." in login_page.text()
    assert _saved_child_steps(db) == []  # nothing saved before the login

    back = _log_in(client, cpr, base + "barnet")
    assert_redirects(back, base + "barnet")
    saved = client.get(base + "barnet")

    assert_redirects(saved, journey.after_step(base, "barnet"))
    next_page = get(client, base + "familien")
    assert "Vi har gemt de svar, du skrev, før du blev logget af." in next_page.text()
    assert get(client, base + "barnet").value("child_name") == CHILD["child_name"]
    [answers] = _saved_child_steps(db)
    assert answers["child_name"] == [CHILD["child_name"]]


def test_answers_kept_for_one_draft_never_reach_another_family_s(client, db, esbjerg, later):
    base, cpr = _typed_until_the_session_ended(client, later)

    # Someone else logs in on the same computer and is sent to the first family's step.
    _log_in(client, parent_cpr(), base + "barnet", name="Lone Jensen")
    assert client.get(base + "barnet").status_code == 404
    other_base = journey.start_application(client)
    assert Page(client.get(other_base + "barnet")).value("child_name") == ""

    assert _saved_child_steps(db) == []
    # The answers left the session: logging in as the first parent later saves nothing.
    journey_base = _log_in(client, cpr, base + "barnet")
    assert_redirects(journey_base, base + "barnet")
    assert client.get(base + "barnet").status_code == 200
    assert _saved_child_steps(db) == []


def test_a_step_posted_without_any_session_keeps_nothing(client, make_client, db, esbjerg):
    journey.login_parent(client)
    base = journey.start_application(client)
    controls = get(client, base + "barnet").form_values()
    stranger = make_client()  # a post from another site carries no SameSite=Lax cookie

    response = stranger.post(base + "barnet", data={**controls, **CHILD})

    assert_redirects(response, "/log-ind")
    assert stranger.get_cookie("portal_session") is None
    assert _saved_child_steps(db) == []
