"""The warning before the session ends and its button to stay logged in (issue 15, point 5:
"a warning 5 minutes before the idle timeout with a button to stay logged in")."""

from __future__ import annotations

from tests.support import journey
from tests.support.pages import assert_redirects, get

PARENT_PAGE = "/ansoegning/"


def _dialog(page):
    return page.soup.select_one("dialog[data-session-timeout]")


def _stay(client, page, **headers):
    form = _dialog(page).select_one("form[data-session-keep-alive]")
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    return client.post(form["action"], data=data, headers=headers)


def test_a_logged_in_page_carries_the_warning_with_the_time_left(client, esbjerg):
    assert _dialog(get(client, "/")) is None  # no one to log out
    journey.login_parent(client)

    page = get(client, PARENT_PAGE)

    dialog = _dialog(page)
    assert 3540 <= int(dialog["data-seconds-left"]) <= 3600
    assert dialog["data-warn-before"] == "300"
    assert not dialog.has_attr("open")  # opened by the script only
    assert dialog["aria-labelledby"] == "session-timeout-heading"
    assert "Forbliv logget ind" in dialog.get_text()
    assert page.soup.select_one('script[src*="/session_timeout."]') is not None


def test_staying_logged_in_gives_another_hour(client, esbjerg, later):
    journey.login_parent(client)
    page = get(client, PARENT_PAGE)
    later(56 * 60)  # the warning has been on screen for a minute

    response = _stay(client, page, Accept="application/json")

    assert response.status_code == 200
    assert response.get_json()["seconds_left"] == 3600
    later(56 * 60)  # 112 minutes after the last page, 56 after the button
    assert client.get(PARENT_PAGE).status_code == 200


def test_without_javascript_the_button_returns_to_the_page(client, esbjerg, later):
    journey.login_parent(client)
    page = get(client, PARENT_PAGE)
    later(56 * 60)

    assert_redirects(_stay(client, page), PARENT_PAGE)
    later(56 * 60)
    assert client.get(PARENT_PAGE).status_code == 200


def test_the_button_cannot_revive_an_ended_session(client, esbjerg, later):
    journey.login_parent(client)
    page = get(client, PARENT_PAGE)
    later(61 * 60)

    # The form's token was kept in the ended session: the post is refused like any other.
    assert _stay(client, page, Accept="application/json").status_code in (400, 401)
    assert_redirects(client.get(PARENT_PAGE), "/log-ind?next=/ansoegning/?")


def test_near_the_absolute_limit_the_time_left_is_what_remains_of_it(client, esbjerg, later):
    journey.login_parent(client)
    for _half_hour in range(7):
        later(30 * 60)
        client.get("/")
    later(20 * 60)  # 3 hours 50 minutes after the login

    dialog = _dialog(get(client, PARENT_PAGE))

    assert 595 <= int(dialog["data-seconds-left"]) <= 600
