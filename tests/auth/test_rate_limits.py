"""Flask-Limiter on the login, upload and submit routes, per client and per account (issue
15's probe: one client made 316 login attempts a minute against many e-mail addresses)."""

from __future__ import annotations

import uuid

import redis
from flask import Flask
from sqlalchemy import select

from portal import limits
from portal.config import Config
from portal.extensions import db
from portal.limits import consent_limit
from portal.models import Municipality, Notification
from tests.conftest import committed_app, make_app
from tests.support import factories, journey
from tests.support.logins import ATTACKER, OWNER, from_address, try_login
from tests.support.pages import Page, get

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_one_client_cannot_try_e_mail_after_e_mail(make_client, esbjerg, production_limits):
    per_minute = int(production_limits["login"][0].split()[0])
    spray = from_address(make_client(), ATTACKER)
    for n in range(per_minute):
        assert try_login(spray, f"gaet{n}@esbjerg.example").status == 200
    page = try_login(spray, "endnu-en@esbjerg.example")
    # A plain Danish page that says when to try again, with the e-mail still typed.
    assert page.status == 429
    assert page.title.startswith("Fejl:")
    assert page.h1 == "Log ind som medarbejder"
    assert "Du har prøvet for mange gange. Prøv igen kl." in page.error_summary()["email"]
    assert page.value("email") == "endnu-en@esbjerg.example"
    # Within the minute the limit counts, rounded up to a whole second.
    assert 0 < int(page.response.headers["Retry-After"]) <= 61
    # Somebody else logs in as usual.
    worker = factories.staff(esbjerg)
    owner = from_address(make_client(), OWNER)
    assert try_login(owner, worker.email, factories.PASSWORD).status == 302


def test_the_development_login_is_limited_per_client_too(make_client, production_limits):
    per_minute = int(production_limits["login"][0].split()[0])
    client = from_address(make_client(), ATTACKER)
    token = get(client, "/log-ind/udvikling").form_values()["csrf_token"]
    for _ in range(per_minute):
        # An unreadable CPR number: answered, and counted.
        client.post(
            "/log-ind/udvikling",
            data={"name": "Mette", "cpr_number": "123", "csrf_token": token},
        )
    page = Page(
        client.post(
            "/log-ind/udvikling",
            data={"name": "Mette Hansen", "cpr_number": "123", "csrf_token": token},
        )
    )
    assert page.status == 429
    assert page.value("name") == "Mette Hansen"
    assert "Prøv igen kl." in page.text()


def test_uploads_and_submits_are_limited_per_parent(app, make_client, esbjerg, set_limits):
    set_limits(
        {
            **app.config["RATE_LIMITS"],
            "submit": ("100 per minute", "2 per minute"),
            "upload": ("100 per minute", "2 per minute"),
        }
    )
    parent = make_client()
    journey.login_parent(parent)
    base = journey.start_application(parent)
    token = get(parent, base + "tjek").form_values()["csrf_token"]
    for url in (base + "tjek", base + "bilag"):
        statuses = [parent.post(url, data={"csrf_token": token}).status_code for _ in range(3)]
        assert 429 not in statuses[:2] and statuses[2] == 429, (url, statuses)
    page = Page(parent.post(base + "tjek", data={"csrf_token": token}))
    assert page.h1 == "Vent lidt"
    assert "Prøv igen kl." in page.text()
    # Another parent is counted on their own.
    other = make_client()
    journey.login_parent(other)
    other_base = journey.start_application(other)
    other_token = get(other, other_base + "tjek").form_values()["csrf_token"]
    assert other.post(other_base + "tjek", data={"csrf_token": other_token}).status_code != 429


def test_the_custody_consent_routes_are_limited_per_parent(app, make_client, esbjerg, set_limits):
    # The invitation sends an e-mail to whatever address is typed: a parent may not send
    # them without end.
    set_limits({**app.config["RATE_LIMITS"], "consent": ("100 per minute", "2 per minute")})
    parent = make_client()
    journey.login_parent(parent)
    base = journey.start_application(parent)
    token = get(parent, base + "tjek").form_values()["csrf_token"]
    statuses = [
        parent.post(base + "medindehaver", data={"csrf_token": token}).status_code for _ in range(3)
    ]
    assert 429 not in statuses[:2] and statuses[2] == 429, statuses


def test_several_app_servers_share_the_counts_in_redis(tmp_path):
    """Two app servers over one database and the Redis on 127.0.0.1:6379: a client's tries
    on one count on the other. The keys of this run have a prefix of their own, removed
    afterwards, and name no e-mail address."""
    prefix = f"portal-test-{uuid.uuid4().hex[:10]}"
    settings = {
        "RATE_LIMITS": Config.RATE_LIMITS,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    store = redis.Redis.from_url(REDIS_URL)
    try:
        with committed_app(tmp_path, **settings) as first:
            second = make_app(first.config["SQLALCHEMY_DATABASE_URI"], **settings)
            with first.app_context():
                email = factories.staff(db.session.execute(select(Municipality)).scalar_one()).email
            servers = [from_address(app.test_client(), ATTACKER) for app in (first, second)]
            allowed = int(Config.RATE_LIMITS["login"][1].split()[0])
            for n in range(allowed):
                assert try_login(servers[n % 2], email).status == 200
            assert try_login(servers[0], email, factories.PASSWORD).status == 429
            assert try_login(servers[1], email, factories.PASSWORD).status == 429
            keys = [key.decode() for key in store.scan_iter(f"*{prefix}*")]
            assert keys
            assert not any(email in key or email.split("@")[0] in key for key in keys)
            with second.app_context():
                db.engine.dispose()
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        store.close()


def test_the_limits_hold_and_logins_work_while_redis_is_out_of_reach(app, esbjerg):
    """Nothing listens on 127.0.0.1:1: each app server counts in its own memory meanwhile."""
    server = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        RATE_LIMITS=Config.RATE_LIMITS,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
    )
    worker = factories.staff(esbjerg)
    client = from_address(server.test_client(), OWNER)
    assert try_login(client, worker.email, factories.PASSWORD).status == 302
    attacker = from_address(server.test_client(), ATTACKER)
    allowed = int(Config.RATE_LIMITS["login"][1].split()[0])
    assert [try_login(attacker, worker.email).status for _ in range(allowed + 1)] == [200] * (
        allowed
    ) + [429]


def _spray(client, count: int, forwarded_for: str) -> list[int]:
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return [try_login(client, f"gaet{n}@esbjerg.example").status for n in range(count)]


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(app, db):
    """All requests come from the proxy's address; with TRUSTED_PROXIES=1 the portal counts
    the address the proxy reports. Without it, a forged X-Forwarded-For changes nothing."""
    per_minute = int(Config.RATE_LIMITS["login"][0].split()[0])
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    behind_proxy = make_app(url, RATE_LIMITS=Config.RATE_LIMITS, TRUSTED_PROXIES=1)
    proxy = "127.0.0.2"
    first = from_address(behind_proxy.test_client(), proxy)
    assert _spray(first, per_minute + 1, ATTACKER)[-1] == 429
    second = from_address(behind_proxy.test_client(), proxy)
    assert _spray(second, 1, OWNER) == [200]

    direct = make_app(url, RATE_LIMITS=Config.RATE_LIMITS)
    forger = from_address(direct.test_client(), ATTACKER)
    statuses = [_spray(forger, 1, f"192.0.2.{n}")[0] for n in range(per_minute + 1)]
    assert statuses[-1] == 429


def test_a_route_marked_with_the_consent_limit_is_limited_per_parent_and_client():
    """The named limits are for any area's routes: here the consent limit on a route of its
    own, in an app with nothing else."""
    site = Flask(__name__)
    site.config.update(
        SECRET_KEY="consent-limit-test",
        RATE_LIMITS={**Config.RATE_LIMITS, "consent": ("3 per minute", "2 per minute")},
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX="consent-test",
    )
    site.add_url_rule("/samtykke", view_func=consent_limit(lambda: "ok"), methods=["GET", "POST"])
    limits.init_app(site)
    first, second = site.test_client(), site.test_client()
    with first.session_transaction() as session:
        session["parent_id"] = 1
    assert [first.post("/samtykke").status_code for _ in range(3)] == [200, 200, 429]
    # Reading is not counted; another (anonymous) browser on the same address has the
    # client's last try.
    assert first.get("/samtykke").status_code == 200
    assert [second.post("/samtykke").status_code for _ in range(2)] == [200, 429]


def test_an_invitations_password_page_is_limited_like_a_login(
    make_client, esbjerg, production_limits, db
):
    from portal.services import people
    from portal.timeutil import now_utc

    admin = factories.staff(esbjerg, role="admin")
    people.invite(
        esbjerg, email="ny@esbjerg.example", name="Ny", role="caseworker", by=admin, now=now_utc()
    )
    db.session.commit()
    (link,) = [
        "/" + line.strip().split("/", 3)[3]
        for line in db.session.scalars(select(Notification.body)).one().splitlines()
        if "/medarbejder/invitation/" in line
    ]
    per_account = int(production_limits["login"][1].split()[0])
    guesser = from_address(make_client(), ATTACKER)
    token = get(guesser, link).form_values()["csrf_token"]
    for _ in range(per_account):
        # Passwords that do not match: answered at the fields, and counted.
        guesser.post(link, data={"password": "a" * 12, "confirm": "b" * 12, "csrf_token": token})
    page = Page(
        guesser.post(link, data={"password": "c" * 12, "confirm": "c" * 12, "csrf_token": token})
    )
    assert page.status == 429
    assert page.h1 == "Vælg din adgangskode"
    assert "Du har prøvet for mange gange" in page.error_summary()["password"]
    # The invited person, elsewhere, still chooses a password.
    owner = from_address(make_client(), OWNER)
    token = get(owner, link).form_values()["csrf_token"]
    response = owner.post(
        link, data={"password": "c" * 12, "confirm": "c" * 12, "csrf_token": token}
    )
    assert response.status_code == 302
