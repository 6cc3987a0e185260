"""Staff log in with the municipality's single sign-on (issue 15, point 2): only staff the
portal knows, matched by e-mail or the stored subject, in their own municipality, with the role
the provider gives; password accounts stay for break-glass use and can be switched off."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from portal.models import StaffUser
from tests.support import factories
from tests.support.oidc import configured
from tests.support.pages import Page, assert_redirects, get


def sso_login(client, provider, claims: dict):
    provider.claims = claims
    start = client.get("/medarbejder/log-ind/sso?next=/sagsbehandling/")
    assert start.status_code == 302
    return client.get(provider.authorize(start.headers["Location"]))


def assert_refused(response, sentence: str) -> None:
    assert response.status_code == 403
    page = Page(response)
    assert page.h1 == "Du blev ikke logget ind"
    assert sentence in page.text()
    assert page.soup.find("a", string="Prøv at logge ind igen")["href"] == "/medarbejder/log-ind"


def assert_staff_not_logged_in(client) -> None:
    response = client.get("/sagsbehandling/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/medarbejder/log-ind")


def test_the_staff_login_page_offers_the_municipalitys_login(client, staff_provider):
    page = get(client, "/medarbejder/log-ind")
    link = page.soup.find("a", string="Log ind med kommunens login")
    assert link["href"] == "/medarbejder/log-ind/sso"


def test_a_known_caseworker_logs_in_by_email_and_then_by_subject(
    make_client, staff_provider, esbjerg, db
):
    worker = factories.staff(esbjerg, email="lone@esbjerg.example")
    claims = {"sub": "entra-lone", "email": "Lone@Esbjerg.example"}
    assert_redirects(sso_login(make_client(), staff_provider, claims), "/sagsbehandling/")
    assert db.session.get(StaffUser, worker.id).sso_subject == f"{staff_provider.issuer} entra-lone"
    # Her e-mail changes at the provider; the stored subject still finds her account.
    renamed = {"sub": "entra-lone", "email": "lone.jensen@esbjerg.example"}
    client = make_client()
    assert_redirects(sso_login(client, staff_provider, renamed), "/sagsbehandling/")
    get(client, "/sagsbehandling/")


def test_someone_the_portal_does_not_know_is_refused_and_not_created(
    client, staff_provider, esbjerg, db, caplog
):
    before = db.session.scalar(select(func.count()).select_from(StaffUser))
    with caplog.at_level(logging.WARNING):
        response = sso_login(client, staff_provider, {"email": "ny@esbjerg.example"})
    assert_refused(response, "Du er ikke oprettet som medarbejder i portalen")
    assert db.session.scalar(select(func.count()).select_from(StaffUser)) == before
    assert "STAFF_SSO login refused" in caplog.text
    assert_staff_not_logged_in(client)


def test_a_deactivated_account_is_refused(client, staff_provider, esbjerg, db):
    worker = factories.staff(esbjerg)
    worker.active = False
    db.session.commit()
    response = sso_login(client, staff_provider, {"email": worker.email})
    assert_refused(response, "Du er ikke oprettet som medarbejder i portalen")


def test_an_email_bound_to_another_subject_is_refused(client, staff_provider, esbjerg, db):
    worker = factories.staff(esbjerg)
    worker.sso_subject = f"{staff_provider.issuer} someone-else"
    db.session.commit()
    response = sso_login(client, staff_provider, {"sub": "new-person", "email": worker.email})
    assert_refused(response, "Du er ikke oprettet som medarbejder i portalen")


def test_the_role_comes_from_the_providers_claim(app, client, staff_provider, esbjerg, db):
    worker = factories.staff(esbjerg)
    with configured(app, {"STAFF_SSO_ROLE_CLAIM": "roles"}):
        claims = {"email": worker.email, "roles": ["Portal.User", "admin"]}
        assert_redirects(sso_login(client, staff_provider, claims), "/sagsbehandling/")
    assert db.session.get(StaffUser, worker.id).role == "admin"


def test_no_portal_role_at_the_provider_is_refused(app, client, staff_provider, esbjerg, db):
    worker = factories.staff(esbjerg, role="admin")
    with configured(app, {"STAFF_SSO_ROLE_CLAIM": "groups"}):
        response = sso_login(client, staff_provider, {"email": worker.email, "groups": []})
    assert_refused(response, "giver dig ikke adgang til portalen")
    assert db.session.get(StaffUser, worker.id).role == "admin"


@pytest.mark.parametrize("code", ["751", "999"])
def test_the_municipality_claim_must_be_the_accounts_own(
    app, client, staff_provider, esbjerg, other_municipality, db, code
):
    worker = factories.staff(esbjerg)
    with configured(app, {"STAFF_SSO_MUNICIPALITY_CLAIM": "kommunekode"}):
        claims = {"email": worker.email, "kommunekode": code}
        assert_refused(sso_login(client, staff_provider, claims), "ikke adgang til portalen")
        claims = {"email": worker.email, "kommunekode": "561"}
        assert_redirects(sso_login(client, staff_provider, claims), "/sagsbehandling/")


def test_an_id_token_for_another_service_is_refused(client, staff_provider, esbjerg, db):
    worker = factories.staff(esbjerg)
    staff_provider.overrides = {"aud": "another-service"}
    response = sso_login(client, staff_provider, {"email": worker.email})
    assert_refused(response, "Vi kunne ikke logge dig ind")
    assert db.session.get(StaffUser, worker.id).sso_subject is None


def password_login(client, email: str):
    page = get(client, "/medarbejder/log-ind")
    return client.post(
        "/medarbejder/log-ind",
        data={"email": email, "password": factories.PASSWORD, **page.form_values()},
    )


def test_an_admin_switches_password_logins_off_and_on_again(app, make_client, esbjerg, db):
    worker = factories.staff(esbjerg)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "passwords", "off", "--municipality", "561"])
    assert result.exit_code == 0, result.output
    assert "slået fra" in result.output
    response = password_login(make_client(), worker.email)
    assert response.status_code == 200
    assert "E-mail eller adgangskode er forkert." in response.get_data(as_text=True)

    result = runner.invoke(args=["staff", "passwords", "on", "--municipality", "561"])
    assert result.exit_code == 0, result.output
    assert_redirects(password_login(make_client(), worker.email), "/sagsbehandling/")


def test_auth_check_prints_what_the_provider_offers(app, broker):
    result = app.test_cli_runner().invoke(args=["auth", "check"])
    assert result.exit_code == 0, result.output
    assert f"issuer: {broker.issuer}" in result.output
    assert f"token_endpoint: {broker.issuer}/token" in result.output
    assert "id_token_signing_alg_values_supported: RS256" in result.output
    assert f"end_session_endpoint: {broker.issuer}/logout" in result.output
    assert (
        "claims: CPR dk:gov:saml:attribute:CprNumberIdentifier, navn name, "
        "niveau https://data.gov.dk/concept/core/nsis/loa" in result.output
    )
    assert "Single sign-on (medarbejdere): ikke sat op" in result.output


def test_auth_check_says_when_a_provider_cannot_be_read(app):
    settings = {"MITID_ISSUER": "http://127.0.0.1:9", "MITID_CLIENT_ID": "portal"}
    with configured(app, settings):
        result = app.test_cli_runner().invoke(args=["auth", "check"])
    assert result.exit_code == 1
    assert "discovery could not be read" in result.output
