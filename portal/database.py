"""Engine set-up that both backends need to behave alike."""

from __future__ import annotations

import os

from flask import Flask, has_request_context, request
from sqlalchemy import Engine, Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.dml import Insert

from portal.extensions import db

# Set in a session's `info` for a request that only reads (see read_only).
_READ_ONLY = "read_only"
# Requests that may change data take SQLite's write lock when their transaction begins.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How long a connection waits for another's write to finish before giving up ("database
# is locked"): longer than any of the portal's own transactions, shorter than the web
# server's timeout for a request.
SQLITE_BUSY_TIMEOUT = 20


class WriteInReadOnlyRequest(RuntimeError):
    """A page declared as only reading tried to change the database."""


def prepare(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        os.makedirs(os.path.dirname(uri.removeprefix("sqlite:///")) or ".", exist_ok=True)
        # SQLite is single-writer: wait for the lock instead of failing at once. Copied, not
        # changed in place: the default options are shared by every app this process makes,
        # and a PostgreSQL app must not inherit SQLite's connect arguments.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {
            "timeout": SQLITE_BUSY_TIMEOUT,
            **options.get("connect_args", {}),
        }
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy emit BEGIN
        # (the SQLAlchemy documentation's "Serializable isolation / Savepoints" recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.close()
        # SQLite's own lower() folds only A-Z; PostgreSQL's folds every letter. Searching for
        # "østergaard" must find "Østergaard" on both.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing() else "BEGIN")


def _writing() -> bool:
    """Whether the transaction beginning now belongs to a request that may write.

    SQLite lets one connection write at a time. A plain (deferred) BEGIN takes the write lock
    only at the first write; when another connection has committed since this one first read,
    SQLite cannot move it on to the newer data and fails at once with "database is locked"
    instead of waiting (SQLITE_BUSY_SNAPSHOT: the busy timeout does not help). BEGIN IMMEDIATE
    takes the write lock before the first read, waiting for it up to the busy timeout, so two
    tabs saving one step or twenty parents logging in wait their turn (the SQLAlchemy
    documentation's pysqlite recipe, "Serializable isolation / Savepoints / Transactional
    DDL"). Reads keep the deferred BEGIN: in WAL mode they never wait for a writer.

    Outside a request (the command line, the tests' rolled-back connection) BEGIN stays
    deferred, as before."""
    return has_request_context() and request.method not in _SAFE_METHODS


def read_only() -> None:
    """Declare that this request only reads: on PostgreSQL its queries then run without a
    transaction (each statement committed on its own), which saves the BEGIN and ROLLBACK
    round trips of every page view. A page made only of reads sees the same data either way:
    at PostgreSQL's default isolation (READ COMMITTED) each statement takes its own snapshot
    inside a transaction too. SQLite's BEGIN costs no round trip, so nothing changes there.

    Call it before the request's first query. Any write afterwards raises
    WriteInReadOnlyRequest on both backends (so the tests on SQLite catch it too), because a
    write outside a transaction could be left half done."""
    session = db.session()
    if session.in_transaction():
        return  # something has already queried: keep the transaction it began
    session.info[_READ_ONLY] = True
    bind = session.get_bind()
    # A session bound to a connection (the tests' rolled-back transaction) keeps it.
    if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _refuse_flush(session: Session, _flush_context, _instances) -> None:
    if session.info.get(_READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise WriteInReadOnlyRequest("a read-only request tried to save changes")


def _refuse_statement(state: ORMExecuteState) -> None:
    if state.session.info.get(_READ_ONLY) and (
        state.is_insert or state.is_update or state.is_delete
    ):
        raise WriteInReadOnlyRequest("a read-only request ran a statement that writes")


def guard_read_only() -> None:
    if not event.contains(Session, "before_flush", _refuse_flush):
        event.listen(Session, "before_flush", _refuse_flush)
        event.listen(Session, "do_orm_execute", _refuse_statement)


def dialect_insert(table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT in the dialect of the session's database, for its ON CONFLICT clauses."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_unless_present(table: Table) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING, in the dialect of the session's database: one
    statement where a check, a savepoint and a caught IntegrityError would take four round
    trips. Add `.returning(...)` to learn whether the row was new."""
    return dialect_insert(table).on_conflict_do_nothing()
