"""E-mail to families and to the municipality: what is sent, when, and how.

`messages` says which event sends what to whom, `outbox` renders and queues e-mail in the
general outbox (portal.outbox, delivered by `flask worker`), `reminders` is the daily run,
`cli` the commands. The e-mails hold no child's name, CPR number, question or decision text:
e-mail is not a secure channel for a child's health and family matters, so a message says
what happened, with the case number and dates, and links to the portal where the family or
caseworker logs in to read it.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.notify import cli, outbox

    outbox.register()
    cli.init_app(app)
