"""Hand-offs of a case to the municipality's case system (ESDH), behind one small interface.

A case's package (the dossier, a PDF/A copy of the application, the letters, the attachments
and a JSON manifest with every file's SHA-256) is handed over by a connector:
`FolderConnector` (the embedded default: a folder per package in CASE_SYSTEM_DROP, what SBSYS's
and F2's imports watch) or `RestConnector` (a case system over HTTPS, CASE_SYSTEM_URL). The
package is put together in portal.case_package and delivered by the worker (portal.outbox,
channel "case_system").
"""

from __future__ import annotations

from flask import Flask, current_app

from portal.case_system.base import Connector, HandoffFailed, Package, PackageFile, Receipt

__all__ = [
    "Connector",
    "HandoffFailed",
    "Package",
    "PackageFile",
    "Receipt",
    "connector",
    "create_connector",
]


def create_connector(config) -> Connector:
    if config.get("CASE_SYSTEM_BACKEND") == "rest":
        from portal.case_system.rest import RestConnector

        return RestConnector.from_config(config)
    from portal.case_system.folder import FolderConnector

    return FolderConnector(config["CASE_SYSTEM_DROP"])


def init_app(app: Flask) -> None:
    # Made on first use: creating the app writes no folder and opens no connection.
    app.extensions["case_system"] = None


def connector() -> Connector:
    made = current_app.extensions.get("case_system")
    if made is None:
        made = current_app.extensions["case_system"] = create_connector(current_app.config)
    return made
