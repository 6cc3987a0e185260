"""Real databases for tests: a SQLite file, or a fresh PostgreSQL database per use.

DATABASE_URL chooses the backend for the whole run (README: the same suite runs on both).
A PostgreSQL run never touches the database named in DATABASE_URL beyond creating and
dropping its own databases next to it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal.config import database_url


def backend() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgresql", "postgres")) else "sqlite"


@contextmanager
def fresh_database(directory: Path) -> Iterator[str]:
    """An empty database that exists only inside the `with` block."""
    if backend() == "sqlite":
        path = directory / f"portal-{uuid.uuid4().hex[:8]}.sqlite3"
        yield f"sqlite:///{path}"
        return
    base = make_url(database_url(os.environ["DATABASE_URL"], directory))
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
