"""Staff login under attack (issue 15's probe): wrong passwords are counted without losing
any, someone else's guesses never keep a caseworker out, and neither the answer nor its
time tells whether an e-mail belongs to staff."""

from __future__ import annotations

import statistics
import threading
import time

from sqlalchemy import select

from portal.extensions import db
from portal.models import Municipality, StaffUser
from tests.conftest import committed_app
from tests.support import factories
from tests.support.databases import backend
from tests.support.logins import ATTACKER, GUESS, OWNER, from_address, try_login
from tests.support.pages import Page, assert_redirects, get

WRONG = "E-mail eller adgangskode er forkert."
ATTEMPTS = 30


def _all_at_once(app, email: str, addresses: list[str]) -> list[Page]:
    """One login attempt per address, each from its own client with its own database
    connection. On PostgreSQL they run at the same moment; SQLite lets one connection write
    at a time and refuses a read that turns into a write after another's, so there they run
    one after the other (the count must hold either way)."""
    clients = [from_address(app.test_client(), address) for address in addresses]
    tokens = [get(c, "/medarbejder/log-ind").form_values()["csrf_token"] for c in clients]
    data = [{"email": email, "password": GUESS, "csrf_token": t} for t in tokens]
    pages: list[Page] = []

    def attempt(i: int, start: threading.Barrier | None = None) -> None:
        if start is not None:
            start.wait()
        pages.append(Page(clients[i].post("/medarbejder/log-ind", data=data[i])))

    if backend() == "sqlite":
        for i in range(len(clients)):
            attempt(i)
    else:
        start = threading.Barrier(len(clients))
        threads = [threading.Thread(target=attempt, args=(i, start)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return pages


def _failures(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(
            select(StaffUser.failed_logins).where(StaffUser.email == email)
        ).scalar_one()


def _caseworker(app) -> str:
    with app.app_context():
        municipality = db.session.execute(select(Municipality)).scalar_one()
        return factories.staff(municipality).email


def test_thirty_wrong_passwords_at_the_same_moment_are_all_counted(tmp_path):
    """The probe: 30 wrong passwords sent in parallel on PostgreSQL were all checked and the
    counter ended at 2. Thirty clients, one attempt each: each is checked, and counted."""
    with committed_app(tmp_path) as app:
        email = _caseworker(app)
        addresses = [f"192.0.2.{n}" for n in range(1, ATTEMPTS + 1)]
        pages = _all_at_once(app, email, addresses)
        assert [p.status for p in pages] == [200] * ATTEMPTS
        assert all(WRONG in p.text() for p in pages)
        assert _failures(app, email) == ATTEMPTS


def test_thirty_wrong_passwords_at_the_same_moment_from_one_client_get_five_checked(tmp_path):
    """One client guessing in parallel gets the five tries a client has for an account, and
    no more: the limit holds however the attempts arrive."""
    from portal.config import Config

    allowed = 5
    assert Config.RATE_LIMITS["login"][1] == f"{allowed} per 15 minutes"
    with committed_app(tmp_path, RATE_LIMITS=Config.RATE_LIMITS) as app:
        email = _caseworker(app)
        pages = _all_at_once(app, email, [ATTACKER] * ATTEMPTS)
        statuses = sorted(p.status for p in pages)
        assert statuses == [200] * allowed + [429] * (ATTEMPTS - allowed)
        assert _failures(app, email) == allowed


def test_wrong_guesses_from_elsewhere_never_keep_the_caseworker_out(
    make_client, esbjerg, production_limits
):
    """The probe: five wrong tries locked any caseworker out for 15 minutes even with the
    right password, repeatable forever."""
    worker = factories.staff(esbjerg)
    attacker = from_address(make_client(), ATTACKER)
    for _ in range(10):
        try_login(attacker, worker.email)
    # The guesser's own client waits, even with the right password ...
    page = try_login(attacker, worker.email, factories.PASSWORD)
    assert page.status == 429
    # ... the caseworker, at their own computer, logs in.
    owner = from_address(make_client(), OWNER)
    response = try_login(owner, worker.email, factories.PASSWORD).response
    assert_redirects(response, "/sagsbehandling/")


def test_a_login_forgets_the_clients_earlier_wrong_tries(make_client, esbjerg, production_limits):
    """Four mistyped passwords, then the right one, twice over: the per-account limit counts
    failures since the last login, not logins."""
    worker = factories.staff(esbjerg)
    owner = from_address(make_client(), OWNER)
    for _ in range(4):
        assert try_login(owner, worker.email).status == 200
    assert_redirects(
        try_login(owner, worker.email, factories.PASSWORD).response, "/sagsbehandling/"
    )
    # The next day at the same computer: a new browser session, the same address.
    owner = from_address(make_client(), OWNER)
    for _ in range(4):
        assert try_login(owner, worker.email).status == 200
    assert_redirects(
        try_login(owner, worker.email, factories.PASSWORD).response, "/sagsbehandling/"
    )


def _answers(client, email: str, count: int) -> list[str]:
    return [try_login(client, email).text().replace(email, "<e-mail>") for _ in range(count)]


def test_staff_unknown_and_inactive_e_mails_get_the_same_answers(
    make_client, esbjerg, production_limits
):
    """The probe: "too many attempts" appeared only for real accounts, so it told which
    e-mails are staff. Five wrong tries, then the wait, read the same for all three."""
    real = factories.staff(esbjerg)
    inactive = factories.staff(esbjerg)
    inactive.active = False
    db.session.commit()
    seen = {}
    for n, email in enumerate((real.email, "ingen@esbjerg.example", inactive.email)):
        client = from_address(make_client(), f"192.0.2.{n + 1}")
        seen[email] = _answers(client, email, 6)
        page = try_login(client, email)
        assert page.status == 429
        assert page.title.startswith("Fejl:")
        assert "Prøv igen kl." in page.error_summary()["email"]
        assert page.value("email") == email
    first, *others = seen.values()
    assert all(answers == first for answers in others)
    assert all(WRONG in answer for answer in first[:5])
    assert "Du har prøvet for mange gange. Prøv igen kl." in first[5]


def _median_time(client, email: str, password: str, count: int) -> float:
    timings = []
    for _ in range(count):
        token = get(client, "/medarbejder/log-ind").form_values()["csrf_token"]
        data = {"email": email, "password": password, "csrf_token": token}
        started = time.perf_counter()
        response = client.post("/medarbejder/log-ind", data=data)
        timings.append(time.perf_counter() - started)
        assert WRONG in response.get_data(as_text=True)
    return statistics.median(timings)


def test_unknown_inactive_and_wrong_password_answers_take_about_as_long(
    make_client, esbjerg, costly_hashing
):
    """The probe: a deactivated account answered in 3 ms, an unknown one in 110 ms. Each is
    timed several times, in turns, and the medians compared: within a factor of two (the
    hash dominates; skipping it made the answer many times faster)."""
    real = factories.staff(esbjerg)
    inactive = factories.staff(esbjerg)
    inactive.active = False
    db.session.commit()
    cases = {
        "wrong password": (real.email, GUESS),
        "unknown e-mail": ("ingen@esbjerg.example", GUESS),
        "inactive, right password": (inactive.email, factories.PASSWORD),
    }
    client = make_client()
    medians = {name: [] for name in cases}
    for _round in range(3):
        for name, (email, password) in cases.items():
            medians[name].append(_median_time(client, email, password, 3))
    typical = {name: statistics.median(values) for name, values in medians.items()}
    assert max(typical.values()) < 2 * min(typical.values()), typical
