"""A real SMTP server on the loopback interface (aiosmtpd), and the messages it received."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Mailbox:
    """Everything the server received, parsed as the recipient's mail program would.

    `before_reading`, when set, runs before the messages are read or cleared: the tests' way
    of letting the worker deliver what the portal queued before the family opens its mail."""

    def __init__(
        self, before_reading: Callable[[], object] | None = None, *, pause: float = 0
    ) -> None:
        self.received: list[EmailMessage] = []
        self.before_reading = before_reading
        # Seconds the server takes over each message: senders working side by side overlap.
        self.pause = pause

    @property
    def messages(self) -> list[EmailMessage]:
        if self.before_reading is not None:
            self.before_reading()
        return self.received

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        if self.pause:
            await asyncio.sleep(self.pause)
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def subjects(self, address: str | None = None) -> list[str]:
        messages = self.messages if address is None else self.to(address)
        return [str(m["Subject"]) for m in messages]

    @staticmethod
    def body(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def clear(self) -> None:
        self.messages.clear()


class SlowMailbox(Mailbox):
    """A mail server that, for the first message, takes `hold` seconds before it answers
    the data (and then refuses it, as a server does whose client went away): a sender is
    caught in the middle of a delivery. `stalled` is set when that message arrives."""

    def __init__(self, hold: float) -> None:
        super().__init__()
        self.hold = hold
        self.stalled = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        if not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(self.hold)
            return "451 Requested action aborted: local error in processing"
        return await super().handle_DATA(server, session, envelope)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(mailbox: Mailbox | None = None) -> Iterator[tuple[Mailbox, int]]:
    mailbox = mailbox if mailbox is not None else Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()
