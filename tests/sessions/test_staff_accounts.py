"""A staff account that is deactivated, changes role or gets a new password loses every
session at once (issue 15: "a password reset cannot revoke it"), whichever code changed it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.identity import end_sessions
from portal.identity.passwords import hash_password
from portal.models import LoginSession
from tests.support import journey
from tests.support.factories import PASSWORD, staff
from tests.support.pages import Page, assert_redirects

STAFF_PAGE = "/sagsbehandling/"
STAFF_LOGIN = "/medarbejder/log-ind?next=/sagsbehandling/?"


def _logged_in(make_client, worker):
    browser = make_client()
    journey.login_staff(browser, worker.email, PASSWORD)
    assert browser.get(STAFF_PAGE).status_code == 200
    return browser


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda w: setattr(w, "active", False), id="deactivated"),
        pytest.param(lambda w: setattr(w, "role", "admin"), id="role changed"),
        pytest.param(
            lambda w: setattr(w, "password_hash", hash_password("et-helt-nyt-kodeord")),
            id="password reset",
        ),
    ],
)
def test_a_changed_account_ends_its_sessions_on_every_browser(db, make_client, esbjerg, change):
    worker = staff(esbjerg)
    office, home = _logged_in(make_client, worker), _logged_in(make_client, worker)

    change(worker)
    db.session.commit()

    assert_redirects(office.get(STAFF_PAGE), STAFF_LOGIN)
    assert_redirects(home.get(STAFF_PAGE), STAFF_LOGIN)
    login_page = office.get(STAFF_LOGIN).get_data(as_text=True)
    assert "Du er blevet logget af. Log ind igen for at fortsætte." in login_page
    assert "Sagsbehandler" not in office.get("/").get_data(as_text=True)


def test_end_sessions_ends_that_user_s_sessions_and_no_one_else_s(db, make_client, esbjerg):
    worker, colleague = staff(esbjerg), staff(esbjerg)
    mine, theirs = _logged_in(make_client, worker), _logged_in(make_client, colleague)

    assert end_sessions("staff", worker.id) == 1
    db.session.commit()

    assert_redirects(mine.get(STAFF_PAGE), STAFF_LOGIN)
    assert theirs.get(STAFF_PAGE).status_code == 200
    kinds = db.session.execute(select(LoginSession.user_kind, LoginSession.user_id)).all()
    assert ("staff", worker.id) not in kinds and ("staff", colleague.id) in kinds


def test_a_parent_with_the_same_number_keeps_their_session(db, client, esbjerg):
    journey.login_parent(client)
    parent_id = db.session.scalar(
        select(LoginSession.user_id).where(LoginSession.user_kind == "parent")
    )

    end_sessions("staff", parent_id)
    db.session.commit()

    assert client.get("/ansoegning/").status_code == 200


def test_the_stay_logged_in_button_cannot_keep_a_deactivated_account(db, make_client, esbjerg):
    worker = staff(esbjerg)
    browser = _logged_in(make_client, worker)
    page = Page(browser.get(STAFF_PAGE))
    form = page.soup.select_one("dialog form[data-session-keep-alive]")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}

    worker.active = False
    db.session.commit()
    response = browser.post(form["action"], data=data, headers={"Accept": "application/json"})

    assert response.status_code == 401
    assert_redirects(browser.get(STAFF_PAGE), STAFF_LOGIN)
