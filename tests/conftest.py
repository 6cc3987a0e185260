"""The app on a real database, rolled back after each test (SQLAlchemy 2's savepoint recipe).

Run on PostgreSQL with DATABASE_URL=postgresql://...; the default is a SQLite file.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app, outbox
from portal.extensions import db as _db
from portal.models import Municipality, StaffUser
from portal.timeutil import today_local
from tests.support import clock as portal_clock
from tests.support import factories, no_seed, smtp, tracking
from tests.support.databases import fresh_database


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own `g`, its own
    database session. (A test's own app context would otherwise be reused by every request
    and hide bugs such as a value cached in `g` across requests.)"""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context() and _db.session.registry.has():
            # The test's own session reads what the request wrote, not what it read before.
            _db.session.expire_all()
        return response


def make_app(url: str, **overrides) -> Flask:
    if "UPLOAD_DIR" not in overrides:
        # Attachments of a test run go to a folder of their own, removed when the run ends.
        overrides["UPLOAD_DIR"] = tempfile.mkdtemp(prefix="portal-test-uploads-")
        atexit.register(shutil.rmtree, overrides["UPLOAD_DIR"], True)
    if "MAIL_OUTBOX" not in overrides:
        # Without a mail server e-mail is written to an outbox folder; a test run's is its own.
        overrides["MAIL_OUTBOX"] = tempfile.mkdtemp(prefix="portal-test-outbox-")
        atexit.register(shutil.rmtree, overrides["MAIL_OUTBOX"], True)
    if "DIGITAL_POST_OUTBOX" not in overrides:
        overrides["DIGITAL_POST_OUTBOX"] = tempfile.mkdtemp(prefix="portal-test-digital-post-")
        atexit.register(shutil.rmtree, overrides["DIGITAL_POST_OUTBOX"], True)
    if "CASE_SYSTEM_DROP" not in overrides:
        overrides["CASE_SYSTEM_DROP"] = tempfile.mkdtemp(prefix="portal-test-case-system-")
        atexit.register(shutil.rmtree, overrides["CASE_SYSTEM_DROP"], True)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, **overrides})
    app.test_client_class = IsolatedClient
    no_seed.install(app)
    return app


@contextlib.contextmanager
def committed_app(tmp_path: Path, **overrides) -> Iterator[Flask]:
    """The portal on a fresh database of its own, migrated, with Esbjerg Kommune, where every
    request really commits (for what the rollback-per-test connection would hide: two
    requests at the same moment, transactions themselves). Dropped afterwards."""
    with fresh_database(tmp_path) as url:
        app = make_app(url, **overrides)
        with app.app_context():
            flask_migrate.upgrade()
            factories.municipality("561", "Esbjerg Kommune")
        try:
            yield app
        finally:
            with app.app_context():
                _db.engine.dispose()


@pytest.fixture(autouse=True)
def no_seed_shown(monkeypatch) -> Iterator[list[str]]:
    """Fails the test in which a page, an e-mail, a Word document or a rule's finding said
    "seed" (tests.support.no_seed): users read a source by its title. Yields what was found,
    for a test that shows the check works."""
    no_seed.found.clear()
    no_seed.guard(monkeypatch)
    yield no_seed.found
    shown, no_seed.found[:] = list(no_seed.found), []
    assert not shown, "Users read the word seed:\n" + "\n".join(shown)


@pytest.fixture(scope="session")
def app(tmp_path_factory) -> Flask:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
        yield app
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture
def db(app: Flask):
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        # A plain Session: Flask-SQLAlchemy's own would pick the engine by bind key and
        # bypass this connection (and its rollback).
        _db.session = scoped_session(
            sessionmaker(
                bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
            ),
            scopefunc=_app_ctx_id,
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app: Flask, db) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_client(app: Flask, db):
    """More browsers: one per parent or caseworker in a test."""
    return app.test_client


@pytest.fixture
def esbjerg(db):
    return factories.municipality("561", "Esbjerg Kommune")


@pytest.fixture
def other_municipality(db):
    return factories.municipality("751", "Aarhus Kommune")


@pytest.fixture
def clock(monkeypatch) -> Callable[[int], date]:
    """Moves the portal's clock on: `clock(200)` and the portal's today is 200 days later for
    the rest of the test (tests.support.clock); returns that day."""
    return lambda days: portal_clock.move(monkeypatch, days)


@pytest.fixture
def later(monkeypatch) -> Callable[[float], None]:
    """Moves the portal's instants on: `later(61 * 60)` and every page sees a moment an hour
    and a minute later (tests.support.clock.moving_instants), as if the user had left the
    computer for that long."""
    return portal_clock.moving_instants(monkeypatch)


@pytest.fixture
def approved_family() -> Callable[..., tracking.ApprovedFamily]:
    """Makes a family whose home training the municipality approved: a parent, a caseworker,
    and the parent's application received on `received` and approved by that caseworker on
    `decided` (by default 300 and 200 days ago). The municipality is Esbjerg unless another
    is given; `caseworker` is an existing one to decide instead of a new one.

    Made in whatever app context the test has: the rolled-back `db`, or the live server's."""

    def make(
        *,
        received: date | None = None,
        decided: date | None = None,
        name: str = "Mette Hansen",
        email: str = "mette@example.dk",
        municipality: Municipality | None = None,
        caseworker: StaffUser | None = None,
    ) -> tracking.ApprovedFamily:
        today = today_local()
        municipality = municipality or factories.municipality("561", "Esbjerg Kommune")
        person, cpr = tracking.parent(name, email)
        caseworker = caseworker or factories.staff(municipality)
        training = tracking.submitted_case(
            person, municipality, received=received or today - timedelta(days=300)
        )
        tracking.decide(training, caseworker, on=decided or today - timedelta(days=200))
        return tracking.ApprovedFamily(person, cpr, municipality, caseworker, training)

    return make


def deliver_now() -> None:
    """What the worker (`flask worker`) does in its next round: deliver what is due."""
    if has_app_context():
        outbox.deliver()


@pytest.fixture
def mailbox(app: Flask):
    """A real SMTP server on 127.0.0.1 that the portal sends to during the test. The worker's
    delivery runs before the test reads it (see smtp.Mailbox), as if it had run meanwhile."""
    with smtp.running_server(smtp.Mailbox(before_reading=deliver_now)) as (box, port):
        before = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        try:
            yield box
        finally:
            app.config.update(before)
