"""Parents log in with MitID through the municipality's OpenID Connect broker (issue 15,
point 1): code flow with PKCE, state and nonce, the ID token verified, NSIS Substantial or
higher; anything else refused with a plain page, logged without the CPR number, and nothing
stored."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from portal.models import Parent
from tests.support.oidc import CPR_CLAIM, LOA_CLAIM, OTHER_KEY, configured, parent_claims
from tests.support.pages import Page, assert_redirects, get

CPR = "0101901234"


def mitid_login(client, broker, claims: dict | None = None):
    """The parent chooses MitID, logs in at the broker, and the broker sends them back."""
    broker.claims = claims if claims is not None else parent_claims(CPR)
    start = client.get("/log-ind/mitid?next=/ansoegning/")
    assert start.status_code == 302
    return client.get(broker.authorize(start.headers["Location"]))


def parents(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Parent))


def assert_not_logged_in(client):
    assert_redirects(client.get("/ansoegning/"), "/log-ind?next=/ansoegning/?")


def test_the_login_page_offers_mitid_once_the_broker_is_configured(client, broker):
    page = get(client, "/log-ind")
    button = page.soup.find("a", string="Log ind med MitID")
    assert button["href"] == "/log-ind/mitid"


def test_a_parent_logs_in_with_mitid_and_lands_where_they_were_going(client, broker, db):
    response = mitid_login(client, broker)
    assert_redirects(response, "/ansoegning/")
    get(client, "/ansoegning/")  # the parent is logged in
    parent = db.session.scalar(select(Parent))
    assert parent.name == "Mette Hansen"
    # Only the keyed hash of the CPR number is kept.
    assert parent.subject.startswith("cpr:") and CPR not in parent.subject


def test_the_portal_sends_pkce_state_and_nonce_and_the_broker_checks_the_verifier(client, broker):
    broker.claims = parent_claims(CPR)
    start = client.get("/log-ind/mitid")
    location = start.headers["Location"]
    for parameter in ("state=", "nonce=", "code_challenge=", "code_challenge_method=S256"):
        assert parameter in location
    # The loopback broker refuses a token request whose verifier does not match the challenge.
    assert_redirects(client.get(broker.authorize(location)), "/")


def test_a_parent_from_the_development_login_keeps_their_cases_with_mitid(
    make_client, broker, approved_family, db
):
    """Issue 15: "existing parents keep their cases when they first log in with MitID (their
    subject is the same keyed hash of the CPR number)"."""
    family = approved_family()
    before = parents(db)
    client = make_client()
    mitid_login(client, broker, parent_claims(family.cpr))
    page = get(client, "/")
    assert page.soup.find(id=f"sag-{family.training.number}") is not None
    assert parents(db) == before


def test_the_level_may_be_given_as_the_nsis_uri(client, broker):
    claims = parent_claims(CPR, "https://data.gov.dk/concept/core/nsis/loa/High")
    assert_redirects(mitid_login(client, broker, claims), "/ansoegning/")


@pytest.mark.parametrize(
    "settings, cpr_claim",
    [
        ({"MITID_CLAIMS": "oiosaml3"}, "https://data.gov.dk/model/core/eid/cprNumber"),
        ({"MITID_CPR_CLAIM": "cpr"}, "cpr"),
    ],
    ids=["oiosaml3 preset", "one claim named"],
)
def test_the_claim_names_follow_the_brokers_configuration(
    app, client, broker, db, settings, cpr_claim
):
    claims = {cpr_claim: CPR, "name": "Mette Hansen", LOA_CLAIM: "Substantial"}
    # Read with the default preset's names, the same answer has no CPR number.
    assert_refused(mitid_login(client, broker, claims))
    with configured(app, settings):
        assert_redirects(mitid_login(client, broker, claims), "/ansoegning/")


REFUSALS = {
    "wrong audience": ({"aud": "another-service"}, "Invalid claim: 'aud'"),
    "wrong issuer": ({"iss": "https://evil.example"}, "Invalid claim: 'iss'"),
    "expired token": ({"exp": 1_000_000_000, "iat": 999_999_000}, "expired"),
    "wrong nonce": ({"nonce": "not-the-portals-nonce"}, "Invalid claim: 'nonce'"),
    "low assurance": ({LOA_CLAIM: "Low"}, "assurance level low"),
    "missing assurance": ({LOA_CLAIM: None}, "assurance level missing"),
    "missing CPR number": ({CPR_CLAIM: None}, "no CPR number"),
}


@pytest.mark.parametrize("overrides, reason", REFUSALS.values(), ids=REFUSALS.keys())
def test_an_id_token_the_portal_cannot_trust_is_refused_logged_and_stores_nothing(
    client, broker, db, caplog, overrides, reason
):
    broker.overrides = overrides
    with caplog.at_level(logging.INFO):
        response = mitid_login(client, broker)
    assert_refused(response)
    assert parents(db) == 0
    # The flow's state was the session's only content: no session is left.
    assert client.get_cookie("portal_session") is None
    assert_not_logged_in(client)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "MITID login refused" in logged and reason in logged
    assert CPR not in logged


def assert_refused(response) -> Page:
    assert response.status_code == 403
    page = Page(response)
    assert page.h1 == "Du blev ikke logget ind"
    assert not page.title.startswith("Fejl:")
    assert page.soup.find("a", string="Prøv at logge ind igen")["href"] == "/log-ind"
    return page


def test_a_low_level_is_explained(client, broker):
    # Fail closed on the NSIS level: MitID at Low is refused with a reason a parent can act on.
    page = assert_refused(mitid_login(client, broker, parent_claims(CPR, "Low")))
    assert "sikringsniveau" in page.text()


@pytest.mark.parametrize("what", ["bad signature", "unknown key id"])
def test_a_token_not_signed_with_the_brokers_key_is_refused(client, broker, db, caplog, what):
    if what == "bad signature":
        broker.signing_key = OTHER_KEY  # same key id, another key
    else:
        broker.kid = "a-key-the-broker-never-published"
    with caplog.at_level(logging.WARNING):
        assert_refused(mitid_login(client, broker))
    assert parents(db) == 0
    assert "ID token signature refused" in caplog.text


def test_a_provider_offering_only_shared_secret_signatures_is_refused(client, broker, db):
    # An HS256 token could be made by anyone holding the client secret, not only the broker.
    broker.algorithms = ["HS256", "none"]
    assert_refused(mitid_login(client, broker))
    assert parents(db) == 0


def test_a_replayed_code_is_refused(make_client, broker, db, caplog):
    first = make_client()
    broker.claims = parent_claims(CPR)
    callback = broker.authorize(first.get("/log-ind/mitid").headers["Location"])
    assert_redirects(first.get(callback), "/")
    # Someone else replays the code in a login of their own.
    other = make_client()
    start = other.get("/log-ind/mitid").headers["Location"]
    their_state = broker.authorize(start).split("state=")[1]
    code = callback.split("code=")[1].split("&")[0]
    with caplog.at_level(logging.WARNING):
        response = other.get(f"/log-ind/mitid/svar?code={code}&state={their_state}")
    assert_refused(response)
    assert "token request refused" in caplog.text
    assert_not_logged_in(other)


def test_an_unknown_state_starts_a_fresh_login_with_a_plain_message(client, broker, db):
    response = client.get("/log-ind/mitid/svar?code=abc&state=not-ours")
    assert_redirects(response, "/log-ind")
    page = get(client, "/log-ind")
    assert "Log ind igen" in page.text()
    assert broker.token_requests == 0
    assert parents(db) == 0


def test_an_expired_login_starts_again(client, broker, app, db):
    broker.claims = parent_claims(CPR)
    callback = broker.authorize(client.get("/log-ind/mitid").headers["Location"])
    app.config["OIDC_FLOW_SECONDS"] = -1
    try:
        response = client.get(callback)
    finally:
        app.config["OIDC_FLOW_SECONDS"] = 15 * 60
    assert_redirects(response, "/log-ind")
    assert parents(db) == 0


def test_the_broker_answering_with_an_error_is_a_plain_refusal(client, broker, db):
    start = client.get("/log-ind/mitid").headers["Location"]
    state = start.split("state=")[1].split("&")[0]
    assert_refused(client.get(f"/log-ind/mitid/svar?error=access_denied&state={state}"))


def test_logging_out_ends_the_session_at_the_broker_too(client, broker):
    mitid_login(client, broker)
    page = get(client, "/")
    token = page.soup.select_one("form[action='/log-ud'] input[name=csrf_token]")["value"]
    response = client.post("/log-ud", data={"csrf_token": token})
    location = response.headers["Location"]
    assert location.startswith(broker.issuer + "/logout?")
    assert "client_id=hjemmetraening-portal" in location
    assert "post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2Flogget-ud" in location
    assert_not_logged_in(client)


def test_without_logout_at_the_broker_the_portal_logs_out_alone(client, broker):
    broker.offers_end_session = False
    mitid_login(client, broker)
    token = get(client, "/").soup.select_one("form[action='/log-ud'] input[name=csrf_token]")
    response = client.post("/log-ud", data={"csrf_token": token["value"]})
    assert_redirects(response, "/logget-ud")


def test_the_cpr_number_mitid_proved_finds_the_parents_children_in_the_register(
    client, broker, db, esbjerg
):
    mitid_login(client, broker, parent_claims("0203851236"))  # Mette in the embedded register
    page = get(client, "/ansoegning/")
    response = client.post(
        "/ansoegning/", data={"municipality": "561", "csrf_token": page.form_values()["csrf_token"]}
    )
    child_step = response.headers["Location"]

    offered = get(client, child_step).soup.select("input[name=register-child]")

    assert [radio["value"] for radio in offered] == ["1203184521"]
    assert "0203851236" not in db.session.scalar(select(Parent)).subject
