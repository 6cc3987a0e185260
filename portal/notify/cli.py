"""`flask notifications send` and `flask reminders`: one-shot commands for the operator (the
worker, `flask worker`, does both by itself)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from portal import outbox
from portal.extensions import db
from portal.notify import reminders
from portal.timeutil import today_local

notifications_cli = AppGroup("notifications", help="E-mail til familier og kommuner.")


@notifications_cli.command("send")
def send_command() -> None:
    """Send now what waits: new messages, and those a mail server refused before (without
    waiting for their next attempt). Given-up messages are retried from the admin page."""
    result = outbox.deliver(outbox.waiting_ids())
    click.echo(f"Sendt: {result.sent}, ikke sendt: {result.failed}")
    if result.failed:
        raise SystemExit(1)


@click.command("reminders")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Dagen, påmindelserne gælder (fx for at indhente en dag, der blev sprunget over).",
)
def reminders_command(today: datetime | None) -> None:
    """Queue today's reminders and send what is due. Safe to run more than once a day, and
    beside the worker (which queues them by itself each day)."""
    day = today.date() if today else today_local()
    counts = reminders.queue_reminders(day)
    db.session.commit()
    result = outbox.deliver()
    for kind, count in sorted(counts.items()):
        click.echo(f"{kind}: {count}")
    new = sum(counts.values())
    click.echo(f"Nye påmindelser: {new}; sendt: {result.sent}, ikke sendt: {result.failed}")
    if result.failed:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(notifications_cli)
    app.cli.add_command(reminders_command)
