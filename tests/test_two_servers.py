"""Two app servers on one PostgreSQL, S3-compatible storage (moto's server) and Redis, with
`flask worker` in a third process: a whole journey whose requests alternate between the two
gunicorn instances. Each process has its own folders for everything it might write on local
disk, so what one server knows and the other must know can only travel through the database,
S3 or Redis: sessions, CSRF tokens, rate-limit counts, uploads and their staging, the outbox.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests

from portal.config import Config
from tests.conftest import committed_app
from tests.support import factories, files, journey, s3, servers, smtp
from tests.support.databases import backend
from tests.support.logins import try_login
from tests.support.pages import assert_redirects, get
from tests.support.uploads import listed, send

pytestmark = pytest.mark.skipif(
    backend() == "sqlite",
    reason="Two app servers share a database over the network: PostgreSQL (DATABASE_URL). "
    "The embedded SQLite file is for one app server (README).",
)

REDIS_URL = "redis://127.0.0.1:6379/0"
PARENT_EMAIL = journey.valid_answers()["familien"]["email"]
COOKIE = "portal_session"


@pytest.fixture
def installation(tmp_path) -> Iterator[dict]:
    """A municipality's installation: the database (migrated, Esbjerg Kommune and a
    caseworker), S3, Redis with this run's own key prefix, an SMTP server, two app servers
    and a worker."""
    prefix = f"portal-two-servers-{uuid.uuid4().hex[:10]}"
    store = redis.Redis.from_url(REDIS_URL)
    try:
        with (
            committed_app(tmp_path / "setup") as app,
            s3.running_server() as endpoint,
            smtp.running_server() as (mailbox, smtp_port),
        ):
            with app.app_context():
                caseworker = factories.staff(factories.municipality("561", "Esbjerg Kommune"))
                email = caseworker.email
            url = app.config["SQLALCHEMY_DATABASE_URI"]
            # What the servers and the worker share (README, "Two app servers").
            shared = {
                # Development: the development login for the parent, and production's rate
                # limits (the tests' own configuration lifts them).
                "PORTAL_ENV": "development",
                "DATABASE_URL": url,
                "SECRET_KEY": secrets.token_hex(32),
                "STORAGE_BACKEND": "s3",
                "S3_BUCKET": s3.BUCKET,
                "S3_ENDPOINT_URL": endpoint,
                "S3_PREFIX": "portal",
                **s3.CREDENTIALS,
                "RATELIMIT_STORAGE_URI": REDIS_URL,
                "RATELIMIT_KEY_PREFIX": prefix,
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(smtp_port),
                "WORKER_POLL_SECONDS": "0.2",
            }
            with (
                servers.app_servers(shared, tmp_path) as (a, b),
                servers.worker(shared, tmp_path) as worker,
            ):
                yield {
                    "a": a,
                    "b": b,
                    "worker": worker,
                    "mailbox": mailbox,
                    "caseworker": email,
                    "endpoint": endpoint,
                }
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        store.close()


def _receipt_mail(mailbox: smtp.Mailbox, number: str, worker: servers.Process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mailbox.to(PARENT_EMAIL):
            if number in str(message["Subject"]):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no receipt e-mail for {number}:\n{worker.log()}")


def _staged_files(*processes: servers.Process) -> list[Path]:
    return [path for p in processes for path in (p.folder / "staging").iterdir()]


def _log_out(client: servers.HttpClient, page: str) -> None:
    token = get(client, page).form_values("form.inline-form")["csrf_token"]
    assert_redirects(client.post("/log-ud", data={"csrf_token": token}), "/logget-ud")


def _holding(cookie: str, server: servers.Process) -> servers.HttpClient:
    """Another browser with a copy of a session cookie, at one server."""
    session = requests.Session()
    session.cookies.set(COOKIE, cookie)
    return servers.HttpClient(server, session=session)


def test_a_journey_alternating_between_two_app_servers(installation):
    a, b = installation["a"], installation["b"]
    mailbox: smtp.Mailbox = installation["mailbox"]

    # The parent logs in on A; the session is valid on B.
    parent = servers.HttpClient(a, b)
    journey.login_parent(parent.on(a), "Mette Hansen")
    assert "Mette Hansen" in get(parent.on(b), "/").text()

    # The wizard's steps, each request on the other server from the one before: a step's
    # page (and its CSRF token) from one, its answers posted to the other.
    base = journey.start_application(parent)
    journey.fill_application(parent, base)

    # An attachment sent to A is staged there, checked, stored in S3 in the same request,
    # and listed by B.
    document = files.pdf(3)
    sent = send(parent.on(a), base + "bilag", [("lægeerklæring.pdf", document)], follow=False)
    assert sent.status == 302
    assert listed(get(parent.on(b), sent.response.headers["Location"])) == ["lægeerklæring.pdf"]
    assert _staged_files(a, b) == []

    # Sent from B; the worker, a third process, sends the receipt.
    journey.submit(parent.on(b), base)
    receipt = get(parent.on(a), base + "kvittering")
    number = re.search(r"HT-\d{4}-\d{6}", receipt.text()).group(0)
    assert "Vi har modtaget jeres sag" in str(
        _receipt_mail(mailbox, number, installation["worker"])["Subject"]
    )

    # Logging out on B ends the session that began on A, there too.
    cookie = parent.session.cookies.get(COOKIE)
    assert _holding(cookie, a).get("/ansoegning/").status_code == 200
    _log_out(parent.on(b), "/")
    assert_redirects(_holding(cookie, a).get("/ansoegning/"), "/log-ind?next=/ansoegning/?")

    # The caseworker logs in on B, opens the case on A, downloads on B.
    staff = servers.HttpClient(b)
    journey.login_staff(staff, installation["caseworker"], factories.PASSWORD)
    listing = get(staff.on(b), "/sagsbehandling/")
    case_url = listing.soup.select_one('a[href^="/sagsbehandling/sager/"]')["href"]
    case_page = get(staff.on(a), case_url)
    assert number in case_page.text()
    link = case_page.soup.select_one(f'a[href^="{case_url}/bilag/"]')["href"]
    attachment = staff.on(b).get(link)
    assert attachment.status_code == 200
    assert hashlib.sha256(attachment.data).hexdigest() == hashlib.sha256(document).hexdigest()

    answer = staff.on(b).get(case_url + "/sag.zip")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    (member,) = [name for name in archive.namelist() if name.endswith("lægeerklæring.pdf")]
    digest = hashlib.sha256(archive.read(member)).hexdigest()
    assert digest == hashlib.sha256(document).hexdigest()
    sums = archive.read(f"{number}/SHA256SUMS").decode()
    assert f"{digest}  {member.removeprefix(number + '/')}" in sums.splitlines()

    # Wrong passwords spread over both servers count as one: after the fifth, the sixth try
    # is refused on either, even with the right password.
    allowed = int(Config.RATE_LIMITS["login"][1].split()[0])
    guesser = servers.HttpClient(a, b)
    for _ in range(allowed):
        assert try_login(guesser, installation["caseworker"]).status == 200
    for server in (a, b):
        page = try_login(guesser.on(server), installation["caseworker"], factories.PASSWORD)
        assert page.status == 429

    # Both servers answered; neither kept a staged file.
    assert a.requests_served() > 10 and b.requests_served() > 10
    assert _staged_files(a, b) == []
