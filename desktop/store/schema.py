"""Opening a database: check the file, lock it, and bring its schema up to date.

The common case (the schema is current) is one small query and no Alembic import;
Alembic is loaded only when a database has to be created or upgraded.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from desktop.store.backup import backup_name, backups_dir, copy_database
from desktop.store.database import Database, make_engine
from desktop.store.errors import (
    DamagedDatabaseError,
    DatabaseTooNewError,
    EmptyDatabaseError,
    MigrationError,
    NotADatabaseError,
    NotEncryptedError,
    StoreError,
)
from desktop.store.lock import DatabaseLock
from desktop.store.private import tighten, tighten_folder

log = logging.getLogger(__name__)

# What SQLite (SQLCipher) says of a file cut short, overwritten or under another key.
DAMAGED = ("not a database", "malformed", "file is encrypted")

# The newest revision in migrations/versions; a test keeps the two in step.
HEAD_REVISION = "0015"

SQLITE_HEADER = b"SQLite format 3\x00"

# Any fixed number, the same in every copy of the program: the PostgreSQL advisory lock
# an upgrade of the shared server holds.
MIGRATION_LOCK = 0x4D617463


def migrations_dir() -> Path:
    return Path(str(resources.files("desktop.store") / "migrations"))


def check_file(path: Path, *, encrypted: bool) -> None:
    """Refuse a file that cannot be what we expect, before anything touches it.

    A plain SQLite file starts with its header; an encrypted one looks random but is
    made of whole pages, so its size is a multiple of 512.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        plain = handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    if encrypted and plain:
        if _has_revision_table(path):
            raise NotEncryptedError(path)
        raise NotADatabaseError(path)  # another program's SQLite file
    if not plain and (not encrypted or path.stat().st_size % 512):
        raise NotADatabaseError(path)


def _has_revision_table(path: Path) -> bool:
    """Whether a plain SQLite file is a Matchning database, read without a write
    (`immutable`: no lock, no journal, no -wal or -shm made beside it)."""
    import sqlite3

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        return (
            connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            is not None
        )
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def current_revision(engine: Engine, path: Path, *, encrypted: bool = False) -> str | None:
    try:
        with engine.connect() as connection:
            tables = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).first()
            if tables is None:
                return None
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    except DBAPIError as error:
        if any(sign in str(error.orig) for sign in DAMAGED):
            if encrypted:
                raise DamagedDatabaseError(path) from error
            raise NotADatabaseError(path) from error
        raise
    return None if row is None else str(row[0])


def _alembic_config(connection: Any, script_location: Path) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


def known_revisions(script_location: Path | None = None) -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(script_location or migrations_dir()))
    return {script.revision for script in scripts.walk_revisions()}


def upgrade(engine: Engine, script_location: Path | None = None, target: str = "head") -> None:
    """Run the migrations in one transaction; on SQLite with foreign keys off.

    SQLite ignores `PRAGMA foreign_keys` inside a transaction, and batch migrations
    rebuild tables by copy-and-drop; with foreign keys on, dropping the old table would
    cascade deletes into its children. The check afterwards restores the guarantee.
    PostgreSQL (the shared server) alters tables in place and checks foreign keys as it
    goes, and its DDL is transactional: a failed upgrade leaves nothing behind.
    """
    from alembic import command

    location = script_location or migrations_dir()
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                # Two people upgrading the shared server at once: the second waits, then
                # finds the work done. Released with the transaction.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                command.upgrade(_alembic_config(connection, location), target)
            return
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(_alembic_config(connection, location), target)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"foreign key broken in table {broken[0]}")
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def open_database(
    path: Path,
    *,
    key: bytes | None = None,
    lock: bool | DatabaseLock = True,
    script_location: Path | None = None,
    head: str = HEAD_REVISION,
    on_upgrade: Callable[[], object] | None = None,
) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    `on_upgrade` is called once before an existing database is backed up and upgraded
    (after the program was updated): at scale L that takes a minute, and the user is told.

    With `key`, the database is SQLCipher-encrypted with it (the app always passes one;
    only benchmarks and some tests open plain files). Raises a StoreError subclass, with
    every file left as it was, when the file is not a database (or not decryptable with
    the key), is in use, has a second name, is newer than this program, or cannot be
    upgraded.
    """
    check_file(path, encrypted=key is not None)
    # Only a database made here and now gets a new schema: a file that is there already
    # (emptied, or another program's) is never written into (docs/security.md).
    existed = path.exists()
    if existed and path.stat().st_size == 0:
        raise EmptyDatabaseError(path)  # before any connection: opening one writes a header
    path.parent.mkdir(parents=True, exist_ok=True)
    # A lock the caller holds already (the login window's) is taken once more: the
    # database releases its share when it closes, the caller its own.
    database_lock = lock if isinstance(lock, DatabaseLock) else DatabaseLock(path) if lock else None
    if database_lock is not None:
        database_lock.acquire()
    # Files made by an older version (or copied in) were readable by every account.
    tighten(
        path,
        *(
            path.with_name(path.name + suffix)
            for suffix in ("-wal", "-shm", ".lock", ".keys", ".audit-head")
        ),
    )
    tighten_folder(backups_dir(path))
    engine = make_engine(path, key)
    try:
        _bring_up_to_date(
            path, engine, key, script_location, head, existed=existed, on_upgrade=on_upgrade
        )
    except BaseException:
        engine.dispose()
        if database_lock is not None:
            database_lock.release()
        raise
    return Database(path, engine, database_lock, key)


def _bring_up_to_date(
    path: Path,
    engine: Engine,
    key: bytes | None,
    script_location: Path | None,
    head: str,
    *,
    existed: bool,
    on_upgrade: Callable[[], object] | None = None,
) -> None:
    revision = current_revision(engine, path, encrypted=key is not None)
    if revision == head:
        return
    if revision is None and existed:
        raise NotADatabaseError(path)
    if revision is not None and revision not in known_revisions(script_location):
        raise DatabaseTooNewError(path, revision)
    backup = None
    if revision is not None:
        if on_upgrade is not None:
            on_upgrade()
        backup = _backup_before_upgrade(path, engine, key, revision)
    log.info("upgrading database schema from %s to %s", revision or "empty", head)
    try:
        upgrade(engine, script_location)
    except StoreError:
        raise
    except Exception as error:
        log.exception("database upgrade failed")
        raise MigrationError(path, backup, f"{type(error).__name__}: {error}") from error


def _backup_before_upgrade(path: Path, engine: Engine, key: bytes | None, revision: str) -> Path:
    raw = engine.raw_connection()
    try:
        target = backup_name(path, f"before-upgrade-from-{revision}")
        return copy_database(raw.driver_connection, target, key)
    finally:
        with contextlib.suppress(Exception):
            raw.close()
