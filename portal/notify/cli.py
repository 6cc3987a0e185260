"""`flask notifications send` (retry what is waiting) and `flask reminders` (daily, cron)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db
from portal.notify import outbox, reminders
from portal.timeutil import today_local

notifications_cli = AppGroup("notifications", help="E-mail til familier og kommuner.")


@notifications_cli.command("send")
def send_command() -> None:
    """Send the e-mails that wait: new ones, and those a mail server refused before."""
    result = outbox.deliver()
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
    """Queue and send today's reminders. Safe to run more than once a day."""
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
