"""Putting a backup back (desktop/store/backup.py makes them).

Apart from backup.py because a restore upgrades an older backup with the migrations of
desktop/store/schema.py, and schema.py copies the database with backup.py before it
migrates: in one module the two would import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from desktop.store import schema
from desktop.store.backup import (
    BEFORE_RESTORE,
    BackupDiskFullError,
    BackupError,
    BackupFromNewerVersionError,
    BackupUpgradeError,
    RestoreFailedError,
    _driver_errors,
    _integrity_ok,
    _is_disk_full,
    _open_existing,
    _remove,
    _temporary_beside,
    backup_database,
    backup_revision,
)
from desktop.store.database import Database, connect_raw, make_engine


def _copy_into_live(db: Database, backup: Path) -> bool:
    """Overwrite the live database's pages with the backup's; whether it checks out.

    Through the backup API and an ordinary connection, so the copy goes through the
    WAL like any write and the engine's next connection sees the restored file. The
    copy is one write transaction: if it fails, the database is as it was.
    """
    db.engine.dispose()
    live = connect_raw(db.path, db.key)
    try:
        source = _open_existing(backup, db.key)
        try:
            source.backup(live)
        except _driver_errors() as error:
            if _is_disk_full(error):
                raise BackupDiskFullError(backup, restoring=True) from error
            raise
        finally:
            source.close()
        return _integrity_ok(live, encrypted=db.encrypted)
    finally:
        live.close()
        db.engine.dispose()


def _live_revision(db: Database) -> str | None:
    with db.connect() as connection:
        value = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return None if value is None else str(value)


# The name under which a restore's preparation sees the database being replaced.
REPLACED = "replaced"


def restore(db: Database, backup: Path, prepare: Callable[[Engine], None] | None = None) -> Path:
    """Replace the open (locked) database's content with `backup`'s.

    The backup is checked first, and a refused one changes nothing. Then the database
    as it is now is backed up (returned, so the user can go back), and the restored
    content is made ready in a staging copy beside it: an older schema upgraded, and
    `prepare` run on it, with the database being replaced attached as `replaced` (the
    audit trail carries its newest events over). Only then is the staging copy copied
    in, in one transaction: killed at any moment, the database is either as it was or
    wholly restored. If it fails the check after the copy, the safety backup goes back.
    """
    if backup.resolve() == db.path.resolve():
        raise BackupError("Det går inte att återställa databasen från sig själv.")
    revision = backup_revision(backup, db.key)
    current = _live_revision(db)
    if revision != current and revision not in schema.known_revisions():
        raise BackupFromNewerVersionError(backup, revision)
    safety = backup_database(db, reason=BEFORE_RESTORE)
    staging = _temporary_beside(safety)
    try:
        _stage(backup, staging, safety, db.key, upgrade=revision != current, prepare=prepare)
        if not _copy_into_live(db, staging):
            _copy_into_live(db, safety)
            raise RestoreFailedError(safety)
    except BackupUpgradeError as error:
        raise BackupUpgradeError(backup, safety, error.reason) from error
    finally:
        _remove(staging)
    return safety


def _stage(
    backup: Path,
    staging: Path,
    replaced: Path,
    key: bytes | None,
    *,
    upgrade: bool,
    prepare: Callable[[Engine], None] | None,
) -> None:
    source = _open_existing(backup, key)
    try:
        destination = connect_raw(staging, key)
        try:
            source.backup(destination)
        except _driver_errors() as error:
            if _is_disk_full(error):
                raise BackupDiskFullError(backup, restoring=True) from error
            raise
        finally:
            destination.close()
    finally:
        source.close()

    engine = make_engine(staging, key, attach=(REPLACED, replaced))
    try:
        if upgrade:
            try:
                schema.upgrade(engine)
            except Exception as error:
                raise BackupUpgradeError(backup, replaced, type(error).__name__) from error
        if prepare is not None:
            prepare(engine)
    finally:
        engine.dispose()
