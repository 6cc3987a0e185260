"""One parent never sees another's data; one municipality never sees another's cases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.models import AccessLog, Case, Draft
from tests.support import factories, journey
from tests.support.pages import assert_redirects, get

DRAFT_PAGES = ("", "barnet", "maal", "tjek", "kvittering", "slet")


@pytest.fixture
def submitted(client, esbjerg, db):
    """Mette's submitted application and a second, unsent draft."""
    journey.login_parent(client, "Mette Hansen", "0101801234")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    journey.submit(client, base)
    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()
    draft = journey.start_application(client)
    journey.save_step(client, draft, "barnet", journey.valid_answers()["barnet"])
    return base, draft, case


def test_another_parent_gets_404_for_every_page_of_a_draft(submitted, make_client):
    _base, draft, _case = submitted
    stranger = make_client()
    journey.login_parent(stranger, "Lars Jensen", "0202811234")
    for page in DRAFT_PAGES:
        response = stranger.get(draft + page)
        assert response.status_code == 404, page
        assert "Anders" not in response.get_data(as_text=True)


def test_another_parent_cannot_post_to_a_draft(submitted, make_client, db):
    _base, draft, _case = submitted
    stranger = make_client()
    journey.login_parent(stranger, "Lars Jensen", "0202811234")
    token = get(stranger, "/ansoegning/").form_values()["csrf_token"]
    response = stranger.post(
        draft + "barnet", data={"csrf_token": token, "_version": "1", "child_name": "Overtaget"}
    )
    assert response.status_code == 404
    response = stranger.post(draft + "slet", data={"csrf_token": token})
    assert response.status_code == 404
    # Sending it as theirs: refused, and the owner's draft is still a draft, with no case.
    cases_before = db.session.scalar(select(func.count()).select_from(Case))
    response = stranger.post(draft + "tjek", data={"csrf_token": token, "confirm": "ja"})
    assert response.status_code == 404
    assert "Anders" not in response.get_data(as_text=True)
    public_id = draft.rstrip("/").rpartition("/")[2]
    assert db.session.scalar(select(Draft.status).where(Draft.public_id == public_id)) == "draft"
    assert db.session.scalar(select(func.count()).select_from(Case)) == cases_before


def test_another_parent_does_not_see_the_case_or_draft_on_their_page(submitted, make_client):
    base, _draft, case = submitted
    stranger = make_client()
    journey.login_parent(stranger, "Lars Jensen", "0202811234")
    page = get(stranger, "/")
    assert case.number not in page.text()
    assert "Anders" not in page.text()
    assert stranger.get(base + "kvittering").status_code == 404


def test_a_caseworker_sees_only_their_own_municipality(
    submitted, make_client, esbjerg, other_municipality, db
):
    _base, _draft, case = submitted
    aarhus = factories.staff(other_municipality)
    browser = make_client()
    journey.login_staff(browser, aarhus.email, factories.PASSWORD)

    assert case.number not in get(browser, "/sagsbehandling/").text()
    response = browser.get(f"/sagsbehandling/sager/{case.public_id}")
    assert response.status_code == 404
    assert "Anders" not in response.get_data(as_text=True)

    esbjerg_worker = factories.staff(esbjerg)
    own = make_client()
    journey.login_staff(own, esbjerg_worker.email, factories.PASSWORD)
    assert case.number in get(own, "/sagsbehandling/").text()
    case_page = get(own, f"/sagsbehandling/sager/{case.public_id}")
    assert "Anders Hansen" in case_page.text()
    assert "Anders tager selv tøj på" in case_page.text()

    # Opening the case is in its access log; the refused look from Aarhus is not.
    log = db.session.execute(select(AccessLog).where(AccessLog.case_id == case.id)).scalars()
    assert [(entry.staff_name, entry.action) for entry in log] == [(esbjerg_worker.name, "opened")]


def test_a_parent_is_not_let_into_the_staff_pages(submitted, client):
    _base, _draft, case = submitted
    url = f"/sagsbehandling/sager/{case.public_id}"
    response = client.get(url)
    # Back to the page once logged in (the request's full path, with its "?").
    assert_redirects(response, f"/medarbejder/log-ind?next={url}?")


def test_a_caseworker_is_not_let_into_a_parents_drafts(submitted, make_client, esbjerg):
    _base, draft, _case = submitted
    worker = factories.staff(esbjerg)
    browser = make_client()
    journey.login_staff(browser, worker.email, factories.PASSWORD)
    response = browser.get(draft + "barnet")
    assert_redirects(response, f"/log-ind?next={draft}barnet?")


def test_nobody_logged_in_is_sent_to_log_in(submitted, make_client):
    base, draft, _case = submitted
    anonymous = make_client()
    for url in (draft + "barnet", base + "kvittering", "/ansoegning/"):
        response = anonymous.get(url)
        assert_redirects(response, f"/log-ind?next={url}?")


def test_every_view_declares_who_may_use_it(app):
    """Architecture: a new page must choose parent, staff or public, so access is never
    forgotten."""
    public = {
        "home.index",
        "home.privacy",
        "home.accessibility",
        # Aggregate statistics a municipality has chosen to publish; 404 unless it has.
        "home.statistics_index",
        "home.statistics",
        # The family's calendar feed answers only to its secret token; 404 without it.
        "home.year_feed",
        "auth.login",
        "auth.dev_login",
        "auth.mitid_login",
        "auth.mitid_callback",
        "auth.staff_sso_login",
        "auth.staff_sso_callback",
        "auth.staff_login",
        # Answers only to the secret token of an invitation's e-mail; 404 without it.
        "auth.staff_invitation",
        "auth.logout",
        "auth.logged_out",
        # Extends only a session that exists, of either kind.
        "auth.stay_logged_in",
        "auth.language",
    }
    for endpoint, view in app.view_functions.items():
        if endpoint in public:
            continue
        requires = getattr(view, "requires", None)
        assert requires in ("parent", "staff"), endpoint
        if endpoint.startswith("apply."):
            assert requires == "parent", endpoint
        if endpoint.startswith("staff."):
            assert requires == "staff", endpoint
