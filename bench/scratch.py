"""A throwaway PostgreSQL database for a benchmark run, and what the benchmarks put in it."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

# `flask` commands that prepare a benchmark's database: the schema by the migrations, and the
# demo municipality with an inbox for new cases, as in production (a submission sends two
# e-mails: the family's and the inbox's).
PREPARE_COMMANDS = (
    ["db", "upgrade"],
    [
        "municipality",
        "add",
        "--code",
        "561",
        "--name",
        "Esbjerg Kommune",
        "--inbox",
        "hjemmetraening@esbjerg.example",
    ],
)


def admin_url_for_psycopg(url: str) -> str:
    """The admin URL as libpq reads it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def fresh_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new database `<prefix>_<random>` next to admin_url's, dropped afterwards whatever
    happens (also after an error or Ctrl-C), never inside admin_url's own database."""
    url = make_url(admin_url)
    name = f"{prefix}_{secrets.token_hex(5)}"
    admin = admin_url_for_psycopg(admin_url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    print(f"Database: {name} (created; dropped at the end)")
    try:
        yield url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"Database: {name} dropped")


@contextlib.contextmanager
def prepared_portal(admin_url: str, prefix: str, root: Path) -> Iterator[str]:
    """A fresh database (fresh_database) prepared by PREPARE_COMMANDS, and this process's
    environment set for an in-process portal on it (the testing configuration, e-mails to a
    temporary outbox folder). Yields the database's URL."""
    with (
        fresh_database(admin_url, prefix) as url,
        tempfile.TemporaryDirectory(prefix=f"{prefix}-outbox-") as outbox,
    ):
        env = {
            **os.environ,
            "PORTAL_ENV": "testing",
            "DATABASE_URL": url,
            "FLASK_APP": "portal",
            "MAIL_OUTBOX": outbox,  # the e-mails as .eml files, removed at the end
        }
        env.setdefault("SECRET_KEY", os.urandom(24).hex())
        flask = [str(root / ".venv" / "bin" / "flask")]
        for command in PREPARE_COMMANDS:
            subprocess.run(flask + command, env=env, cwd=root, check=True, capture_output=True)
        os.environ.update(env)
        yield url


def embedded_portal(folder: Path, root: Path):
    """The portal on a SQLite file and an upload folder in `folder`, migrated: for the
    benchmarks that build documents in-process (dossier, receipt, case ZIP)."""
    from flask_migrate import upgrade

    from portal import create_app

    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'portal.sqlite3'}",
            "UPLOAD_DIR": str(folder / "uploads"),
            "MAIL_OUTBOX": str(folder / "outbox"),
        },
    )
    with app.app_context():
        upgrade(directory=str(root / "migrations"))
    return app


MB = 1024 * 1024


def zeros_sha256(size: int) -> str:
    """The SHA-256 of `size` zero bytes: what an upload of a sparse file would have taken."""
    import hashlib

    digest = hashlib.sha256()
    block = bytes(MB)
    left = size
    while left:
        step = min(left, MB)
        digest.update(block[:step])
        left -= step
    return digest.hexdigest()


def sparse_video(case, name: str, size: int, digest: str):
    """An attachment of `case` stored as a sparse file of `size` bytes (`truncate`: it reads
    back as zeros and takes no disk blocks), added to the session; in the portal's app."""
    from portal.models import Attachment
    from portal.storage import storage

    store = storage()
    staged = store.staging_dir / f"bench-{secrets.token_hex(6)}.part"
    with staged.open("wb") as file:
        file.truncate(size)
    attachment = Attachment(
        case_id=case.id,
        kind="video_picture",
        original_name=name,
        storage_key=store.keep(staged),
        size=size,
        sha256=digest,
        content_type="video/mp4",
        uploaded_by_kind="parent",
        uploaded_by_id=case.parent_id,
        uploaded_by_name=case.parent.name,
    )
    from portal.extensions import db

    db.session.add(attachment)
    return attachment
