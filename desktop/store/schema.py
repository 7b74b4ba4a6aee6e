"""Opening a database: check the file, lock it, and bring its schema up to date.

The common case (the schema is current) is one small query and no Alembic import;
Alembic is loaded only when a database has to be created or upgraded.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from desktop.store.backup import backup_name, copy_database
from desktop.store.database import Database, make_engine
from desktop.store.errors import (
    DatabaseTooNewError,
    MigrationError,
    NotADatabaseError,
    StoreError,
)
from desktop.store.lock import DatabaseLock

log = logging.getLogger(__name__)

# The newest revision in migrations/versions; a test keeps the two in step.
HEAD_REVISION = "0001"

SQLITE_HEADER = b"SQLite format 3\x00"


def migrations_dir() -> Path:
    return Path(str(resources.files("desktop.store") / "migrations"))


def _check_is_database(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotADatabaseError(path)


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            tables = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).first()
            if tables is None:
                return None
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    except DBAPIError as error:
        if isinstance(error.orig, sqlite3.DatabaseError) and "not a database" in str(error.orig):
            raise NotADatabaseError(Path(engine.url.database or "")) from error
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
    """Run the migrations in one transaction with foreign keys off.

    SQLite ignores `PRAGMA foreign_keys` inside a transaction, and batch migrations
    rebuild tables by copy-and-drop; with foreign keys on, dropping the old table would
    cascade deletes into its children. The check afterwards restores the guarantee.
    """
    from alembic import command

    location = script_location or migrations_dir()
    with engine.connect() as connection:
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
    lock: bool = True,
    script_location: Path | None = None,
    head: str = HEAD_REVISION,
) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    Raises a StoreError subclass, with every file left as it was, when the file is not
    a database, is in use, is newer than this program, or cannot be upgraded.
    """
    _check_is_database(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database_lock = DatabaseLock(path) if lock else None
    if database_lock is not None:
        database_lock.acquire()
    engine = make_engine(path)
    try:
        _bring_up_to_date(path, engine, script_location, head)
    except BaseException:
        engine.dispose()
        if database_lock is not None:
            database_lock.release()
        raise
    return Database(path, engine, database_lock)


def _bring_up_to_date(path: Path, engine: Engine, script_location: Path | None, head: str) -> None:
    revision = current_revision(engine)
    if revision == head:
        return
    if revision is not None and revision not in known_revisions(script_location):
        raise DatabaseTooNewError(path, revision)
    backup = None
    if revision is not None:
        backup = _backup_before_upgrade(path, engine, revision)
    log.info("upgrading database schema from %s to %s", revision or "empty", head)
    try:
        upgrade(engine, script_location)
    except StoreError:
        raise
    except Exception as error:
        log.exception("database upgrade failed")
        raise MigrationError(path, backup, f"{type(error).__name__}: {error}") from error


def _backup_before_upgrade(path: Path, engine: Engine, revision: str) -> Path:
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        return copy_database(driver, backup_name(path, f"before-upgrade-from-{revision}"))
    finally:
        with contextlib.suppress(Exception):
            raw.close()
