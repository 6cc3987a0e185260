"""`flask worker` as real processes on a database of their own, against a loopback SMTP server:
several workers deliver every message exactly once and stop on SIGTERM, and a worker killed
in the middle of a delivery loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal import outbox
from portal.extensions import db
from portal.models import Municipality, Notification
from portal.timeutil import now_utc, today_local
from tests.conftest import committed_app
from tests.support import smtp, tracking
from tests.support.databases import backend

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def portal_app(tmp_path):
    with committed_app(tmp_path) as app:
        yield app


def start_worker(app, port: int, *args: str, **env: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "PORTAL_ENV": "testing",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "WORKER_POLL_SECONDS": "0.1",
        # The case system's drop folder of the test's app, not the checkout's instance/.
        "CASE_SYSTEM_DROP": app.config["CASE_SYSTEM_DROP"],
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "worker", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def queue_submissions(app, count: int) -> list[str]:
    """`count` cases submitted (a receipt to the family, a new case to the inbox, each)."""
    with app.app_context():
        esbjerg = db.session.scalars(select(Municipality)).one()
        person, _cpr = tracking.parent()
        return [
            tracking.submitted_case(person, esbjerg, received=today_local()).number
            for _ in range(count)
        ]


def unsent(app) -> int:
    with app.app_context():
        waiting = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.sent_at.is_(None))
        )
        db.session.remove()
        return waiting


def wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.1)


def test_three_workers_deliver_every_message_once_and_stop_on_sigterm(portal_app):
    numbers = queue_submissions(portal_app, 12)
    # The server takes a moment over each message, so the workers' rounds overlap.
    with smtp.running_server(smtp.Mailbox(pause=0.05)) as (mailbox, port):
        workers = [start_worker(portal_app, port) for _ in range(3)]
        try:
            # Each case's package for the case system (its dossier and PDF/A made anew) is
            # delivered beside its e-mails.
            wait_until(lambda: unsent(portal_app) == 0, 180)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGTERM)
            outputs = [worker.communicate(timeout=30)[0] for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0, 0], outputs
        assert all("Worker stoppet." in output for output in outputs), outputs
        delivered = Counter((str(m["To"]), str(m["Subject"])) for m in mailbox.received)
    assert sum(delivered.values()) == 24
    assert set(delivered.values()) == {1}
    assert {subject for _to, subject in delivered} == {
        subject
        for number in numbers
        for subject in (
            f"Vi har modtaget jeres sag {number}",
            f"Ny sag {number}: Ansøgning om hjemmetræning",
        )
    }
    drop = Path(portal_app.config["CASE_SYSTEM_DROP"])
    assert sorted(p.name for p in drop.iterdir()) == sorted(f"{n}-received" for n in numbers)


def test_a_worker_killed_in_the_middle_of_a_delivery_loses_nothing(portal_app):
    [number] = queue_submissions(portal_app, 1)
    with smtp.running_server(smtp.SlowMailbox(hold=5)) as (slow, port):
        worker = start_worker(portal_app, port)
        try:
            # The worker has claimed the case's messages (its two e-mails and its hand-off to
            # the case system) and waits for the mail server's answer.
            assert slow.stalled.wait(30), "the worker never reached the mail server"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.communicate(timeout=10)
        assert worker.returncode == -signal.SIGKILL
    with portal_app.app_context():
        claimed = db.session.scalars(select(Notification)).all()
        assert [(m.sent_at, m.claimed_at is not None) for m in claimed] == [(None, True)] * 3
        db.session.remove()

    # Another worker, once the claim counts as stale, delivers them, and nothing is left.
    with smtp.running_server() as (mailbox, port):
        time.sleep(1.1)
        again = start_worker(portal_app, port, "--once", OUTBOX_STALE_CLAIM_SECONDS="1")
        output = again.communicate(timeout=60)[0]
        assert again.returncode == 0, output
        assert "Sendt: 3, ikke sendt: 0" in output
        assert sorted(str(m["Subject"]) for m in mailbox.received) == sorted(
            [f"Vi har modtaget jeres sag {number}", f"Ny sag {number}: Ansøgning om hjemmetræning"]
        )
    assert unsent(portal_app) == 0
    drop = Path(portal_app.config["CASE_SYSTEM_DROP"])
    assert (drop / f"{number}-received" / "manifest.json").is_file()
    with portal_app.app_context():
        assert outbox.deliver(now=now_utc() + timedelta(hours=1)) == outbox.Delivery()


@pytest.mark.skipif(backend() != "postgresql", reason="SQLite has no LISTEN/NOTIFY: it polls")
def test_on_postgresql_a_waiting_worker_delivers_a_new_message_at_once(portal_app):
    queue_submissions(portal_app, 1)
    with smtp.running_server() as (mailbox, port):
        # It would look only once a minute by itself.
        worker = start_worker(portal_app, port, WORKER_POLL_SECONDS="60")
        try:
            wait_until(lambda: len(mailbox.received) == 2, 60)
            time.sleep(0.5)  # delivered and recorded: the worker waits
            [number] = queue_submissions(portal_app, 1)
            queued = time.monotonic()
            wait_until(lambda: len(mailbox.received) == 4, 20)
            assert time.monotonic() - queued < 10
        finally:
            worker.send_signal(signal.SIGTERM)
            output = worker.communicate(timeout=30)[0]
        assert worker.returncode == 0, output
    assert f"Vi har modtaget jeres sag {number}" in [str(m["Subject"]) for m in mailbox.received]
