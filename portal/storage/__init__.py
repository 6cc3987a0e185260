"""Where attachment files live, behind one small interface.

An upload is first written to a staging file on local disk (`Storage.staging_dir`), hashed and
checked as it arrives; only a whole file that passed the checks is handed to `Storage.keep`,
which moves it into storage under a key generated here. A file that breaks off half-way is
never kept, so no half file can be listed or downloaded.

Two implementations: `DiskStorage` (the embedded default: a folder outside the web root) and
`S3Storage` (an S3-compatible bucket, for several app servers). Keys never contain anything a
user typed or a file's own name.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from portal.storage.base import Storage
from portal.storage.disk import DiskStorage

__all__ = ["Storage", "create_storage", "init_app", "storage"]


def create_storage(config) -> Storage:
    if config["STORAGE_BACKEND"] == "s3":
        # Imported only where it is used: boto3 takes a good part of a second to import.
        from portal.storage.s3 import S3Storage

        return S3Storage.from_config(config)
    return DiskStorage(Path(config["UPLOAD_DIR"]))


def init_app(app: Flask) -> None:
    # Made on first use, not here: creating the app writes no folder and opens no connection.
    app.extensions["storage"] = None


def storage() -> Storage:
    """The app's storage, made on first use."""
    store = current_app.extensions.get("storage")
    if store is None:
        store = current_app.extensions["storage"] = create_storage(current_app.config)
    return store
