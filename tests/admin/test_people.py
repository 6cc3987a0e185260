"""The administrator's people page (issue 19, point 3): invite a caseworker by e-mail, who
sets a password from the link or logs in with the municipality's single sign-on; change a
role; deactivate and reactivate, with the account's sessions ending at once; never the last
administrator; every change in the page's history. Another municipality's account is 404,
a caseworker gets 403."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import AdminChange, Notification, StaffInvitation, StaffUser
from tests.support import factories, journey, tracking
from tests.support.factories import PASSWORD
from tests.support.pages import Page, assert_redirects, get

PEOPLE = "/sagsbehandling/medarbejdere"
NEW_PASSWORD = "en lang sætning om hjemmetræning"


def _token(admin_browser) -> str:
    return get(admin_browser, PEOPLE).form_values("form[action$='/inviter']")["csrf_token"]


def invite(browser, name="Lone Jensen", email="lone@esbjerg.example", role="caseworker"):
    data = {"csrf_token": _token(browser), "name": name, "email": email, "role": role}
    return browser.post(f"{PEOPLE}/inviter", data=data)


def act(browser, person: StaffUser, action: str, **data) -> Page:
    token = _token(browser)
    response = browser.post(f"{PEOPLE}/{person.id}/{action}", data={"csrf_token": token, **data})
    assert_redirects(response, PEOPLE)
    return get(browser, PEOPLE)


def invitation_link(db, email: str) -> str:
    message = db.session.scalars(
        select(Notification)
        .where(Notification.recipient == email, Notification.kind == "staff_invited")
        .order_by(Notification.id.desc())
    ).first()
    assert message is not None, "no invitation e-mail in the outbox"
    (link,) = re.findall(r"https?://\S+/medarbejder/invitation/\S+", message.body)
    return link.split("localhost", 1)[-1] if "localhost" in link else "/" + link.split("/", 3)[3]


def set_password(browser, link: str, password=NEW_PASSWORD, confirm=None):
    page = get(browser, link)
    return browser.post(
        link,
        data={
            "csrf_token": page.form_values()["csrf_token"],
            "password": password,
            "confirm": password if confirm is None else confirm,
        },
    )


@pytest.fixture
def admin(make_client, esbjerg):
    return tracking.caseworker(make_client, esbjerg, role="admin")


def test_an_invited_caseworker_sets_a_password_from_the_email_and_logs_in(db, admin, make_client):
    browser, _admin = admin
    assert_redirects(invite(browser), PEOPLE)
    page = get(browser, PEOPLE)
    assert (
        "Lone Jensen er inviteret. Invitationen er sendt til lone@esbjerg.example." in page.text()
    )
    row = page.soup.find("th", string="Lone Jensen").parent
    assert "Inviteret, har ikke valgt adgangskode endnu" in row.get_text()
    assert "Aldrig" in row.get_text()

    message = db.session.scalars(
        select(Notification).where(Notification.kind == "staff_invited")
    ).one()
    assert message.subject == "Du er inviteret til hjemmetræningsportalen i Esbjerg Kommune"
    assert "udløber" in message.body
    # Only the token's hash is stored: the link is in the e-mail alone.
    token = invitation_link(db, "lone@esbjerg.example").rsplit("/", 1)[1]
    stored = db.session.scalars(select(StaffInvitation)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64

    lone = make_client()
    link = invitation_link(db, "lone@esbjerg.example")
    page = get(lone, link)
    assert page.h1 == "Vælg din adgangskode"
    assert_redirects(set_password(lone, link), "/medarbejder/log-ind")
    assert "Din adgangskode er gemt" in get(lone, "/medarbejder/log-ind").text()
    journey.login_staff(lone, "lone@esbjerg.example", NEW_PASSWORD)
    get(lone, "/sagsbehandling/")

    # The link was for once only.
    used = get(make_client(), link, status=410)
    assert used.h1 == "Linket virker ikke længere"
    assert "Bed en administrator i din kommune om en ny invitation" in used.text()
    row = get(browser, PEOPLE).soup.find("th", string="Lone Jensen").parent
    assert "Aktiv" in row.get_text() and "Aldrig" not in row.get_text()


def test_a_short_or_mismatched_password_is_refused_at_its_field(db, admin, make_client):
    browser, _admin = admin
    invite(browser)
    link = invitation_link(db, "lone@esbjerg.example")
    lone = make_client()
    page = Page(set_password(lone, link, password="kort"))
    assert page.title.startswith("Fejl:")
    assert page.error_summary() == {"password": "Adgangskoden skal have mindst 12 tegn"}
    page = Page(set_password(lone, link, confirm="en anden lang sætning her"))
    assert page.field_error("confirm") == "Skriv den samme adgangskode to gange"
    assert (
        db.session.scalars(select(StaffUser).filter_by(email="lone@esbjerg.example"))
        .one()
        .password_hash
        is None
    )


def test_an_expired_link_says_to_ask_for_a_new_one_which_works(db, admin, make_client):
    browser, _admin = admin
    invite(browser)
    old = invitation_link(db, "lone@esbjerg.example")
    invitation = db.session.scalars(select(StaffInvitation)).one()
    invitation.expires_at = invitation.created_at - timedelta(seconds=1)
    db.session.commit()
    page = get(make_client(), old, status=410)
    assert "Linket er udløbet" in page.text()
    assert "Bed en administrator i din kommune om en ny invitation" in page.text()

    lone_account = db.session.scalars(
        select(StaffUser).filter_by(email="lone@esbjerg.example")
    ).one()
    page = act(browser, lone_account, "ny-invitation")
    assert "En ny invitation er sendt til lone@esbjerg.example" in page.text()
    new = invitation_link(db, "lone@esbjerg.example")
    assert new != old
    assert_redirects(set_password(make_client(), new), "/medarbejder/log-ind")


def test_a_new_invitation_makes_the_earlier_link_useless(db, admin, make_client):
    browser, _admin = admin
    invite(browser)
    first = invitation_link(db, "lone@esbjerg.example")
    lone_account = db.session.scalars(
        select(StaffUser).filter_by(email="lone@esbjerg.example")
    ).one()
    act(browser, lone_account, "ny-invitation")
    assert "Linket er allerede brugt" in get(make_client(), first, status=410).text()


def test_an_unknown_link_is_404_with_the_same_kind_page(client):
    page = get(client, "/medarbejder/invitation/ikke-et-rigtigt-token", status=404)
    assert "Bed en administrator i din kommune om en ny invitation" in page.text()


def test_an_invited_caseworker_logs_in_with_the_municipalitys_login_by_email(
    db, admin, make_client, app, httpserver
):
    from tests.support.oidc import LoopbackProvider, configured, provider_config

    browser, _admin = admin
    invite(browser, email="Lone@Esbjerg.example")
    provider = LoopbackProvider(httpserver).install()
    with configured(
        app, {**provider_config("STAFF_SSO", provider), "STAFF_SSO_MUNICIPALITY": "561"}
    ):
        provider.claims = {"sub": "entra-lone", "email": "lone@esbjerg.example"}
        lone = make_client()
        start = lone.get("/medarbejder/log-ind/sso?next=/sagsbehandling/")
        assert_redirects(
            lone.get(provider.authorize(start.headers["Location"])), "/sagsbehandling/"
        )
        get(lone, "/sagsbehandling/")
    account = db.session.scalars(select(StaffUser).filter_by(email="lone@esbjerg.example")).one()
    assert account.sso_subject == f"{provider.issuer} entra-lone"
    # Without a password, the password login does not let anyone in as her.
    stranger = make_client()
    page = get(stranger, "/medarbejder/log-ind")
    response = stranger.post(
        "/medarbejder/log-ind",
        data={"email": "lone@esbjerg.example", "password": "no-such-user-placeholder",
              "csrf_token": page.form_values()["csrf_token"]},
    )  # fmt: skip
    assert "E-mail eller adgangskode er forkert." in Page(response).text()


def test_an_email_already_in_use_is_refused_at_its_field_and_the_answers_stay(db, admin):
    browser, me = admin
    page = Page(invite(browser, name="Ny Person", email=me.email.upper()))
    assert page.status == 400
    assert page.error_summary() == {"email": "Der findes allerede en medarbejder med den e-mail."}
    assert page.value("name") == "Ny Person"
    page = Page(invite(browser, name="", email="ikke-en-email"))
    assert set(page.error_summary()) == {"name", "email"}
    assert db.session.scalars(select(Notification).filter_by(kind="staff_invited")).first() is None


def test_a_role_change_ends_the_accounts_sessions_at_once_and_is_recorded(
    db, admin, make_client, esbjerg
):
    browser, me = admin
    worker_browser, worker = tracking.caseworker(make_client, esbjerg)
    page = act(browser, worker, "rolle", role="admin")
    assert f"{worker.name} er nu administrator." in page.text()
    assert_redirects(
        worker_browser.get("/sagsbehandling/"), "/medarbejder/log-ind?next=/sagsbehandling/?"
    )
    history = page.soup.select_one("table.admin-history tbody tr").get_text(" ", strip=True)
    assert worker.email in history and "Sagsbehandler" in history and "Administrator" in history
    assert me.name in history
    # Logged in again, the new administrator sees the people page.
    journey.login_staff(worker_browser, worker.email, PASSWORD)
    get(worker_browser, PEOPLE)


def test_deactivating_ends_the_sessions_at_once_and_reactivating_lets_them_log_in(
    db, admin, make_client, esbjerg
):
    browser, _me = admin
    worker_browser, worker = tracking.caseworker(make_client, esbjerg)
    page = act(browser, worker, "deaktiver")
    assert f"{worker.name} er deaktiveret og er logget ud." in page.text()
    assert "Deaktiveret" in page.soup.find("th", string=worker.name).parent.get_text()
    assert_redirects(
        worker_browser.get("/sagsbehandling/"), "/medarbejder/log-ind?next=/sagsbehandling/?"
    )
    refused = Page(worker_browser.post("/medarbejder/log-ind", data={
        "email": worker.email, "password": PASSWORD,
        "csrf_token": get(worker_browser, "/medarbejder/log-ind").form_values()["csrf_token"],
    }))  # fmt: skip
    assert "E-mail eller adgangskode er forkert." in refused.text()

    page = act(browser, worker, "genaktiver")
    assert f"{worker.name} kan logge ind igen." in page.text()
    journey.login_staff(worker_browser, worker.email, PASSWORD)
    changes = db.session.scalars(
        select(AdminChange).filter_by(area="people", subject=worker.email).order_by(AdminChange.id)
    ).all()
    assert [(c.old_value["active"], c.new_value["active"]) for c in changes] == [
        (True, False),
        (False, True),
    ]


def test_the_last_active_administrator_can_be_neither_demoted_nor_deactivated(
    db, admin, esbjerg, make_client
):
    browser, me = admin
    for action, data in (("rolle", {"role": "caseworker"}), ("deaktiver", {})):
        page = act(browser, me, action, **data)
        assert f"{me.name} er kommunens eneste aktive administrator." in page.text()
        assert "Intet er ændret." in page.text()
    db.session.refresh(me)
    assert (me.role, me.active) == ("admin", True)
    assert admin_changes(db, me.email) == []
    # With a second administrator, the first may step down.
    other = factories.staff(esbjerg, role="admin")
    act(browser, other, "rolle", role="admin")
    response = browser.post(
        f"{PEOPLE}/{me.id}/rolle", data={"csrf_token": _token(browser), "role": "caseworker"}
    )
    assert_redirects(response, PEOPLE)
    db.session.refresh(me)
    assert me.role == "caseworker"
    # ... and is logged out at once, like anyone whose role changes.
    assert_redirects(browser.get(PEOPLE), f"/medarbejder/log-ind?next={PEOPLE}?")


def admin_changes(db, email):
    return db.session.scalars(select(AdminChange).filter_by(area="people", subject=email)).all()


def test_another_municipalitys_account_is_404_and_a_caseworker_gets_403(
    db, admin, make_client, esbjerg, other_municipality
):
    browser, _me = admin
    stranger = factories.staff(other_municipality)
    token = _token(browser)
    for action in ("rolle", "deaktiver", "genaktiver", "ny-invitation"):
        response = browser.post(
            f"{PEOPLE}/{stranger.id}/{action}", data={"csrf_token": token, "role": "admin"}
        )
        assert response.status_code == 404, action
    db.session.refresh(stranger)
    assert (stranger.role, stranger.active) == ("caseworker", True)
    assert stranger.email not in get(browser, PEOPLE).text()

    worker_browser, worker = tracking.caseworker(make_client, esbjerg)
    assert worker_browser.get(PEOPLE).status_code == 403
    token = get(worker_browser, "/sagsbehandling/").form_values("form[action='/log-ud']")
    for action in ("inviter", f"{worker.id}/rolle", f"{stranger.id}/deaktiver"):
        response = worker_browser.post(f"{PEOPLE}/{action}", data={**token, "role": "admin"})
        assert response.status_code == 403, action
    db.session.refresh(worker)
    assert worker.role == "caseworker"


def test_the_page_never_shows_a_password_hash(db, admin):
    browser, me = admin
    html = browser.get(PEOPLE).get_data(as_text=True)
    assert me.password_hash not in html
    assert "$argon2" not in html


def test_an_invitation_the_mail_server_refused_is_on_the_failed_deliveries_page(
    db, admin, other_municipality, make_client
):
    from portal import outbox

    browser, _me = admin
    invite(browser)
    message = db.session.scalars(select(Notification).filter_by(kind="staff_invited")).one()
    message.attempts = outbox.MAX_ATTEMPTS
    message.failed_at = message.created_at
    message.last_error = "(550, b'5.1.1 Mailbox unavailable')"
    db.session.commit()
    page = get(browser, "/sagsbehandling/forsendelser")
    assert "Du er inviteret til hjemmetræningsportalen" in page.text()
    other_browser, _other = tracking.caseworker(make_client, other_municipality, role="admin")
    assert "lone@esbjerg.example" not in get(other_browser, "/sagsbehandling/forsendelser").text()
