"""Sending one e-mail: through SMTP (MAIL_SERVER), or as an .eml file in MAIL_OUTBOX.

The outbox folder is the embedded default, so the portal runs without a mail server; the
files are complete messages that any mail program opens.
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path

from flask import current_app

from portal.timeutil import now_utc


def compose(recipient: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    # Mail programs must not answer with holiday replies; nobody reads the sender's inbox.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def _as_sent(message: EmailMessage) -> bytes:
    """The message as smtplib's send_message puts it on the wire: with UTF-8 headers when an
    address holds letters outside ASCII (RFC 6531, SMTPUTF8), else encoded words (RFC 2047)."""
    addresses = getaddresses([message["From"], message["To"]])
    if all(address.isascii() for _name, address in addresses):
        return bytes(message)
    return message.as_bytes(policy=message.policy.clone(utf8=True))


def send(message: EmailMessage) -> None:
    """Hand the message on; raises OSError or smtplib.SMTPException when it cannot."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{now_utc():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
    # Written under another name first: whoever reads the folder never sees half a message.
    partial = outbox / f".{name}.part"
    partial.write_bytes(_as_sent(message))
    partial.replace(outbox / name)
