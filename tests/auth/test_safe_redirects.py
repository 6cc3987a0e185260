"""After logging in, or choosing a language, `next` sends the user only to a path on this
site. A browser drops tabs, CR and LF from a URL and reads a backslash as a slash, so
"/<tab>/evil.example" is "//evil.example": another host. The probe of issue 15 found
`POST /medarbejder/log-ind?next=/%09/evil.example/phish` answered `Location:
//evil.example/phish`."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from tests.support import factories
from tests.support.pages import assert_redirects, get

# Each as it stands in the query string: single-encoded characters arrive decoded in
# `next`, double-encoded ones arrive as "%09" and must not pass either.
ELSEWHERE = [
    "/%09/evil.example/phish",  # tab: the probe's own
    "/%0d/evil.example/phish",  # CR
    "/%0a/evil.example/phish",  # LF
    "%09//evil.example/phish",  # a leading tab
    "/%20/evil.example/phish",  # a space
    "/%00/evil.example/phish",  # NUL
    "/%5cevil.example/phish",  # /\
    "%5c%5cevil.example/phish",  # \\
    "//evil.example/phish",
    "%2f%2fevil.example/phish",
    "/%2f/evil.example/phish",
    "/%2509/evil.example/phish",  # %09 double-encoded
    "/%252f%252fevil.example/phish",  # %2f%2f double-encoded
    "/%255cevil.example/phish",  # %5c double-encoded
    "https://evil.example/phish",
    "https:evil.example/phish",
    "javascript:alert(1)",
    "%20javascript:alert(1)",
]


def _staff_login(client, worker, raw_next: str):
    token = get(client, "/medarbejder/log-ind").form_values()["csrf_token"]
    return client.post(
        f"/medarbejder/log-ind?next={raw_next}",
        data={"email": worker.email, "password": factories.PASSWORD, "csrf_token": token},
    )


def _dev_login(client, raw_next: str):
    token = get(client, "/log-ind/udvikling").form_values()["csrf_token"]
    return client.post(
        f"/log-ind/udvikling?next={raw_next}",
        data={"name": "Mette Hansen", "cpr_number": factories.parent_cpr(), "csrf_token": token},
    )


def _language(client, raw_next: str):
    token = get(client, "/log-ind/udvikling").form_values()["csrf_token"]
    # A form field is decoded once, as a query is.
    return client.post(
        "/sprog", data={"lang": "da", "next": unquote(raw_next), "csrf_token": token}
    )


@pytest.mark.parametrize("raw_next", ELSEWHERE)
def test_the_staff_login_never_sends_a_caseworker_to_another_site(client, esbjerg, raw_next):
    worker = factories.staff(esbjerg)
    assert_redirects(_staff_login(client, worker, raw_next), "/sagsbehandling/")


@pytest.mark.parametrize("raw_next", ELSEWHERE)
def test_the_development_login_never_sends_a_parent_to_another_site(client, raw_next):
    assert_redirects(_dev_login(client, raw_next), "/")


@pytest.mark.parametrize("raw_next", ELSEWHERE)
def test_choosing_a_language_never_sends_anyone_to_another_site(client, raw_next):
    assert_redirects(_language(client, raw_next), "/")


def test_a_path_on_this_site_is_kept_with_its_query(client, esbjerg):
    worker = factories.staff(esbjerg)
    wanted = "/sagsbehandling/?side=2&status=ny"
    response = _staff_login(client, worker, "/sagsbehandling/%3Fside%3D2%26status%3Dny")
    assert_redirects(response, wanted)
    assert_redirects(_dev_login(client, "/ansoegning/%3F"), "/ansoegning/?")
    assert_redirects(_language(client, "/privatliv"), "/privatliv")
