"""The engine, its SQLite settings, and the unit of work every service runs in."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from desktop.store.errors import DiskFullError
from desktop.store.lock import DatabaseLock

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 64 * 1024
WAL_KEPT_BYTES = 8 * 1024 * 1024
SQLITE_FULL = 13


def is_disk_full(error: BaseException) -> bool:
    """Whether SQLite (or SQLCipher) refused a write for lack of space."""
    code = getattr(getattr(error, "orig", error), "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == SQLITE_FULL


def connect_raw(path: Path, key: bytes | None) -> Any:
    """A DB-API connection with every setting the app relies on.

    With a key it is SQLCipher (AES-256, the raw 256-bit key, so no passphrase
    derivation on every connection); without one, plain SQLite, which only the
    benchmarks' "unencrypted" limit and a few tests use.
    """
    if key is None:
        connection: Any = sqlite3.connect(path, check_same_thread=False)
    else:
        from sqlcipher3 import dbapi2 as sqlcipher

        connection = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        if key is not None:
            # A wrong key must not make SQLCipher write its own error lines to stderr.
            connection.execute("PRAGMA cipher_log_level = NONE")
            connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # pysqlite's own transaction handling skips BEGIN before DDL; take it over so that
        # a migration or a unit of work is one real transaction (SQLAlchemy's recipe).
        connection.isolation_level = None
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        # A WAL grown large (a first sync lets it grow to 100 MB) shrinks back once
        # copied into the database, rather than keeping its largest size on the disk.
        connection.execute(f"PRAGMA journal_size_limit = {WAL_KEPT_BYTES}")
        # FULL: a commit the user saw succeed survives a power cut, not only a crash.
        connection.execute("PRAGMA synchronous = FULL")
        # SQLCipher decrypts every page it reads into the cache; with the default 8 MB the
        # index pages matching walks at 100,000 persons are decrypted again on each
        # ranking (100 ms against 32 ms warm). The cache only grows as pages are read
        # (docs/decisions/0017).
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except BaseException:
        connection.close()  # a wrong key fails here: leave no connection behind
        raise
    return connection


def _begin(connection: Connection) -> None:
    # Writers take the write lock at BEGIN, so two units of work never deadlock on
    # upgrading a read lock, and the audit chain is extended by one writer at a time.
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(
    path: Path, key: bytes | None = None, attach: tuple[str, Path] | None = None
) -> Engine:
    """The engine of one database file; with `attach` (a name and a file encrypted with
    the same key), every connection also sees that file's tables under that name."""

    def connect() -> Any:
        connection = connect_raw(path, key)
        if attach is not None:
            name, other = attach
            statement = f"ATTACH DATABASE ? AS {name}"
            if key is None:
                connection.execute(statement, (str(other),))
            else:
                connection.execute(f"{statement} KEY ?", (str(other), f"x'{key.hex()}'"))
        return connection

    module: Any = sqlite3
    if key is not None:
        from sqlcipher3 import dbapi2

        module = dbapi2
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=connect,
        module=module,
        poolclass=QueuePool,
        # Error messages and logs must never carry the personal data bound into a
        # statement.
        hide_parameters=True,
    )
    event.listen(engine, "begin", _begin)
    return engine


class Database:
    """An open, locked, up-to-date database.

    Services take one of these and run each user action in `unit_of_work()`: one
    session, committed at the end or rolled back on error, closed before control
    returns to the caller.
    """

    def __init__(
        self, path: Path, engine: Engine, lock: DatabaseLock | None, key: bytes | None = None
    ) -> None:
        self.path = path
        self.engine = engine
        self.key = key
        self._lock = lock
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer_sessions = sessionmaker(
            engine.execution_options(immediate=True), expire_on_commit=False
        )
        self._closing: list[Callable[[], None]] = []

    def listen(self, identifier: str, listener: Any) -> None:
        """Attach a session event listener (e.g. "before_flush") to every session."""
        for factory in (self.sessions, self._writer_sessions):
            event.listen(factory, identifier, listener)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @contextmanager
    def unit_of_work(self, **info: Any) -> Iterator[Session]:
        """One user action's writes. `info` (the acting user, the screen) is handed to
        the session's listeners, which write the audit trail in the same transaction.

        A full disk is a DiskFullError, whose message the views can show: the transaction
        is rolled back, so the database is as it was before."""
        with self._disk_full_said(), self._writer_sessions() as session, session.begin():
            session.info.update(info)
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """`unit_of_work()` for Core statements: one transaction, begun as a writer's.
        Nothing in it is audited by itself (see `audit.record_on`)."""
        with self._disk_full_said(), self.engine.connect() as connection:
            connection.execution_options(immediate=True)
            with connection.begin():
                yield connection

    @contextmanager
    def _disk_full_said(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            if is_disk_full(error):
                raise DiskFullError(self.path) from error
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only: it never commits, and closing it ends the read."""
        with self.sessions() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection for read queries that need no ORM objects (lists, counts)."""
        with self.engine.connect() as connection:
            yield connection

    def raw_connection(self) -> Any:
        """The DB-API connection, for bulk loads and the SQLite backup API."""
        return self.engine.raw_connection()

    def on_close(self, callback: Callable[[], None]) -> None:
        """Run `callback` when the database is closed, while it is still open and locked."""
        self._closing.append(callback)

    def close(self) -> None:
        closing, self._closing = self._closing, []
        try:
            for callback in closing:
                callback()
        finally:
            self._dispose()

    def _dispose(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
