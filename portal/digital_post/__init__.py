"""Letters to families as Digital Post, behind one small interface.

A letter becomes a MeMo 1.2 message (Meddelelsesmodellen, Digitaliseringsstyrelsen) with the
letter as its main document (portal.digital_post.memo), and a transport hands it on:
`FolderTransport` (the embedded default: MeMo files in a folder, like MAIL_OUTBOX) or
`KombiPostTransport` (SF1601 "KombiPostAfsend" on KOMBIT's Serviceplatformen, with mutual TLS).
"""

from __future__ import annotations

from flask import Flask, current_app

from portal.digital_post.base import DeliveryFailed, Letter, Sent, Transport

__all__ = ["DeliveryFailed", "Letter", "Sent", "Transport", "create_transport", "transport"]


def create_transport(config) -> Transport:
    if config.get("DIGITAL_POST_BACKEND") == "sf1601":
        from portal.digital_post.sf1601 import KombiPostTransport

        return KombiPostTransport.from_config(config)
    from portal.digital_post.folder import FolderTransport

    return FolderTransport(config["DIGITAL_POST_OUTBOX"])


def init_app(app: Flask) -> None:
    # Made on first use: creating the app writes no folder and opens no connection.
    app.extensions["digital_post"] = None


def transport() -> Transport:
    made = current_app.extensions.get("digital_post")
    if made is None:
        made = current_app.extensions["digital_post"] = create_transport(current_app.config)
    return made
