"""`flask attachments ...`: housekeeping of the stored files."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from portal.extensions import db
from portal.models import Attachment
from portal.storage import storage

attachments_cli = AppGroup("attachments", help="Bilag: de gemte filer.")


@attachments_cli.command("sweep")
def sweep() -> None:
    """Delete staging files of uploads that died with their process; list stored files that
    no attachment refers to (left by a crash between storing and recording). Those are only
    listed, never deleted here: an upload in progress has its file stored a moment before its
    row is committed."""
    store = storage()
    removed = store.sweep_staging()
    click.echo(f"Slettede {removed} halve uploads.")
    known = set(db.session.execute(select(Attachment.storage_key)).scalars())
    orphans = sorted(set(store.keys()) - known)
    click.echo(f"{len(orphans)} gemte filer uden bilag.")
    for key in orphans:
        click.echo(f"  {key}")
