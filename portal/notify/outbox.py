"""E-mail in the outbox (portal.outbox): a message rendered from its template and written in
the request's transaction, delivered later by the worker through `portal.mail`."""

from __future__ import annotations

from flask import current_app

from portal import mail, outbox
from portal.i18n import force_locale
from portal.models import Case

CHANNEL = "email"


def render(kind: str, language: str | None = None, **context) -> tuple[str, str]:
    """(subject, body) of the message `mail/<kind>.txt`, plain text, in `language`: the
    language a parent chose, else Danish (the municipality's inbox, the other custody holder,
    a caseworker). The template sets `subject`; everything else it writes is the body."""
    template = current_app.jinja_env.get_template(f"mail/{kind}.txt")
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    case = context.get("case")
    # A message about a case is signed with its municipality's contact details.
    context.setdefault("contact", case.municipality.settings.contact if case else None)
    with force_locale(language):
        module = template.make_module(context)
        body = str(module).strip() + "\n"
    return " ".join(str(module.subject).split()), body


def queue(
    key: str,
    kind: str,
    recipient: str | None,
    *,
    case: Case | None = None,
    language: str | None = None,
    **context,
):
    """Queue message `kind` to `recipient` (in `language`, see `render`) unless a message
    with `key` exists. Returns the new message's id, or None (no address, or already queued)."""
    if not recipient:
        return None
    # Rendering a message that turns out to be queued already costs less than asking first,
    # which every new event (the most of them) would pay.
    subject, body = render(kind, language, case=case, **context)
    return outbox.put(
        key,
        CHANNEL,
        kind,
        recipient,
        subject,
        body,
        case_id=case.id if case is not None else None,
    )


def send(message: outbox.Outgoing) -> None:
    """The e-mail channel's handler: one message through SMTP or to the outbox folder."""
    mail.send(mail.compose(message.recipient, message.subject, message.body))


def register() -> None:
    outbox.register(CHANNEL, send)
