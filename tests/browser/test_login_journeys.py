"""MitID and staff single sign-on in a real browser, through a real provider's own login page
(oidc-provider-mock on loopback): a parent whose case the development login made logs in with
MitID, finds it and logs out at the broker too; a caseworker logs in by single sign-on and opens
the case; a login at too low a level is refused plainly. axe on every portal page."""

from __future__ import annotations

import os
import secrets
import warnings
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.axe import Audit
from tests.browser.conftest import LiveServer
from tests.browser.parent import button, heading
from tests.support.oidc import CPR_CLAIM, LOA_CLAIM, configured

pytestmark = pytest.mark.browser

# The mock imports Authlib's older modules, which warn; Authlib puts a filter showing its
# warnings always in front when it is first imported, so this one goes in front after it.
with warnings.catch_warnings():
    import authlib.deprecate  # noqa: F401

    warnings.simplefilter("ignore", DeprecationWarning)
    from oidc_provider_mock import run_server_in_thread


@pytest.fixture(scope="module")
def provider_mock() -> Iterator[str]:
    """The provider's issuer. OAuth 2 over plain http is allowed for this loopback provider."""
    before = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    try:
        with run_server_in_thread(require_nonce=True) as server:
            yield f"http://localhost:{server.server_port}"
    finally:
        if before is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = before


@pytest.fixture
def providers(live_server: LiveServer, provider_mock: str) -> Iterator[str]:
    settings = {"PUBLIC_URL": live_server.url}
    for prefix in ("MITID", "STAFF_SSO"):
        settings |= {
            f"{prefix}_ISSUER": provider_mock,
            f"{prefix}_CLIENT_ID": f"hjemmetraening-{prefix.lower()}",
            f"{prefix}_CLIENT_SECRET": "secret",
        }
    with configured(live_server.app, {**settings, "STAFF_SSO_MUNICIPALITY": "561"}):
        yield provider_mock


def person_at_provider(issuer: str, claims: dict) -> str:
    """A person the provider knows, by the subject typed on its login page."""
    subject = f"person-{secrets.token_hex(4)}"
    response = requests.put(f"{issuer}/users/{subject}", json=claims, timeout=10)
    assert response.status_code == 204, response.text
    return subject


def log_in_at_provider(page: Page, subject: str) -> None:
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize", exact=True).click()


@pytest.fixture
def family(live_server: LiveServer, approved_family):
    with live_server.app.app_context():
        return approved_family(name="Mette MitID", email="mette.mitid@example.dk")


def test_a_parent_logs_in_with_mitid_finds_her_case_and_logs_out_at_the_broker(
    axe_page: Page, providers: str, family
):
    subject = person_at_provider(
        providers, {CPR_CLAIM: family.cpr, "name": "Mette MitID", LOA_CLAIM: "Substantial"}
    )
    audit = Audit(axe_page)
    axe_page.goto("/log-ind")
    expect(heading(axe_page, "Log ind")).to_be_visible()
    audit.check("the login choice")
    axe_page.get_by_role("link", name="Log ind med MitID").click()
    log_in_at_provider(axe_page, subject)

    expect(heading(axe_page, "Dine ansøgninger og sager")).to_be_visible()
    # The case the family applied for before MitID is still theirs.
    expect(axe_page.locator(f"#sag-{family.training.number}")).to_be_visible()
    audit.check("the parent's page after MitID")

    button(axe_page, "Log af").click()
    axe_page.get_by_role("button", name="End session").click()
    expect(heading(axe_page, "Du er logget af")).to_be_visible()
    audit.check("logged out")
    axe_page.goto("/ansoegning/")
    expect(heading(axe_page, "Log ind")).to_be_visible()
    audit.assert_clean()


def test_a_mitid_login_at_a_low_level_is_refused_plainly(axe_page: Page, providers: str):
    subject = person_at_provider(
        providers, {CPR_CLAIM: "0101801234", "name": "Lav Sikring", LOA_CLAIM: "Low"}
    )
    audit = Audit(axe_page)
    axe_page.goto("/log-ind/mitid")
    log_in_at_provider(axe_page, subject)
    expect(heading(axe_page, "Du blev ikke logget ind")).to_be_visible()
    expect(axe_page.get_by_text("ikke et højt nok sikringsniveau")).to_be_visible()
    assert not axe_page.title().startswith("Fejl:")
    audit.check("the refused login")
    axe_page.get_by_role("link", name="Prøv at logge ind igen").click()
    expect(heading(axe_page, "Log ind")).to_be_visible()
    audit.assert_clean()


def test_a_caseworker_logs_in_by_single_sign_on_and_opens_the_case(
    axe_page: Page, providers: str, family
):
    subject = person_at_provider(providers, {"email": family.caseworker.email})
    audit = Audit(axe_page)
    axe_page.goto("/medarbejder/log-ind")
    audit.check("the staff login")
    axe_page.get_by_role("link", name="Log ind med kommunens login").click()
    log_in_at_provider(axe_page, subject)
    expect(heading(axe_page, "Sager")).to_be_visible()
    audit.check("the caseworker's cases")
    axe_page.goto(f"/sagsbehandling/sager/{family.training.public_id}")
    expect(axe_page.get_by_role("heading", level=1)).to_contain_text(str(family.training.number))
    audit.check("the case")
    audit.assert_clean()
