"""`flask worker`: delivers what the portal sends (portal.outbox) and runs the daily jobs.

One process beside the web server, or several: a message is claimed before it is delivered,
so no two workers deliver it, and the daily reminders are keyed per message, so two workers
(or a restarted one) queue each reminder once. SIGTERM (or Ctrl-C) lets the message being
delivered finish and hands the rest of its batch back; SIGKILL loses nothing either, the
claim goes stale and another worker delivers the message.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import click
from flask import Flask, current_app

from portal import outbox
from portal.extensions import db
from portal.notify import reminders
from portal.services import letters
from portal.timeutil import today_local

log = logging.getLogger(__name__)


def _queue_reminders(day: date) -> None:
    counts = reminders.queue_reminders(day)
    db.session.commit()
    log.info("reminders for %s: %s", day, dict(counts))


# Jobs run once a day, at the worker's first round of each day (and when it starts).
DAILY_JOBS: list[Callable[[date], None]] = [_queue_reminders]


@dataclass
class Worker:
    stop: threading.Event = field(default_factory=threading.Event)
    last_day: date | None = None

    def round(self) -> outbox.Delivery:
        """The daily jobs if the day is new, then every message that is due."""
        today = today_local()
        if today != self.last_day:
            for job in DAILY_JOBS:
                try:
                    job(today)
                except Exception:  # one failing job must not stop the deliveries
                    db.session.rollback()
                    log.exception("daily job %s failed", job.__name__)
            self.last_day = today
        return outbox.deliver(should_stop=self.stop.is_set)

    def run(self, poll: float) -> None:
        waiter = outbox.Waiter(db.engine)
        try:
            self._run(poll, waiter)
        finally:
            waiter.close()

    def _run(self, poll: float, waiter: outbox.Waiter) -> None:
        while not self.stop.is_set():
            try:
                delivered = self.round()
            except Exception:  # the database restarting, say: wait and try again
                db.session.rollback()
                log.exception("worker round failed")
                delivered = outbox.Delivery()
            finally:
                # No connection held between rounds.
                db.session.remove()
            if not (delivered.sent or delivered.failed):
                waiter.wait(poll, self.stop)


@click.command("worker")
@click.option("--once", is_flag=True, help="Én runde: dagens job og det, der venter, og stop.")
@click.option("--poll", type=float, default=None, help="Sekunder mellem runderne.")
def worker_command(once: bool, poll: float | None) -> None:
    """Deliver e-mail, Digital Post letters and hand-offs to the case system, and run the daily
    reminders."""
    worker = Worker()
    if once:
        result = worker.round()
        click.echo(f"Sendt: {result.sent}, ikke sendt: {result.failed}")
        return

    def _stop(signum, _frame):
        log.info("worker stopping (signal %s)", signum)
        worker.stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    click.echo("Worker kører; stop med SIGTERM eller Ctrl-C.")
    worker.run(poll if poll is not None else current_app.config["WORKER_POLL_SECONDS"])
    click.echo("Worker stoppet.")


def init_app(app: Flask) -> None:
    # Letters are delivered by whichever process runs the outbox: this worker, or
    # `flask digital-post send`.
    letters.register()
    app.cli.add_command(worker_command)
