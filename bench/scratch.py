"""A throwaway PostgreSQL database for a benchmark run, and what the benchmarks put in it."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator

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
