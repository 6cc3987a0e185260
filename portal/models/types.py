"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, LargeBinary, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

from portal.crypto import cipher

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class SealedText(TypeDecorator):
    """Text sealed at rest (portal.crypto): the database holds a Fernet token, the code reads
    and writes the text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect):
        return None if value is None else cipher().seal(value)

    def process_result_value(self, value: str | None, dialect):
        return None if value is None else cipher().open(value)


class SealedBytes(TypeDecorator):
    """A document sealed whole at rest (portal.crypto): one that prints the CPR number."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect):
        return None if value is None else cipher().seal_bytes(value)

    def process_result_value(self, value: bytes | None, dialect):
        return None if value is None else cipher().open_bytes(bytes(value))


class SealedJSON(TypeDecorator):
    """A JSON document whose CPR answers are sealed at rest (portal.crypto.SEALED_FIELDS);
    everything else in it stays as readable as in JSONDocument."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value, dialect):
        return None if value is None else cipher().seal_fields(value)

    def process_result_value(self, value, dialect):
        return None if value is None else cipher().open_fields(value)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out. SQLite keeps no zone, so we store naive UTC and
    reattach UTC on the way out; PostgreSQL stores timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_public_id() -> str:
    # Unguessable identifiers in URLs, so that a case or draft cannot be found by counting.
    return secrets.token_urlsafe(16)
