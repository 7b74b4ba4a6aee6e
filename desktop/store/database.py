"""The engine, its SQLite settings, and the unit of work every service runs in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.store.lock import DatabaseLock

BUSY_TIMEOUT_MS = 5000


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling skips BEGIN before DDL; take it over so that
    # a migration or a unit of work is one real transaction (SQLAlchemy's SQLite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit the user saw succeed survives a power cut, not only a crash.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    # hide_parameters: error messages and logs must never carry the personal data bound
    # into a statement.
    engine = create_engine(f"sqlite+pysqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


class Database:
    """An open, locked, up-to-date database.

    Services take one of these and run each user action in `unit_of_work()`: one
    session, committed at the end or rolled back on error, closed before control
    returns to the caller.
    """

    def __init__(self, path: Path, engine: Engine, lock: DatabaseLock | None) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only: it never commits, and closing it ends the read."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection for read queries that need no ORM objects (lists, counts)."""
        with self.engine.connect() as connection:
            yield connection

    def raw_connection(self) -> Any:
        """The DB-API connection, for bulk loads and the SQLite backup API."""
        return self.engine.raw_connection()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
