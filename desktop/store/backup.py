"""Consistent copies of a live database through SQLite's online backup API (putting one
back is desktop/store/restore.py, which needs the migrations that need these copies).

A backup is a new SQLCipher file encrypted with the database's own key, so it is exactly
as protected as the database. It is written under a temporary name and renamed into place
only when complete: a file with a backup's name is always a whole backup. A copy of the
key file goes beside it (`<backup>.keys`), because the wrapped keys are what opens it if
the original key file is lost; without a password they reveal nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.store.database import Database, connect_raw, is_disk_full
from desktop.store.errors import StoreError
from desktop.store.keys import key_file_path

AUTOMATIC = "automatisk"
MANUAL = "manuell"
BEFORE_RESTORE = "fore-aterstallning"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_STAMP = r"\d{8}T\d{12}Z"
_REASON = r"[a-z0-9-]+"
# SQLite's and SQLCipher's own words for "this is not a database I can read".
_UNREADABLE = ("not a database", "malformed", "encrypted", "unable to open")


class BackupError(StoreError):
    """A backup could not be made, read or put back; `str()` says why, in Swedish."""


class BackupUnreadableError(BackupError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Säkerhetskopian {path} kan inte läsas med databasens nyckel: den är skadad, "
            "ingen säkerhetskopia, eller kommer från en annan databas. Inget har ändrats."
        )


class BackupDamagedError(BackupError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Säkerhetskopian {path} är skadad (integritetskontrollen hittade fel). "
            "Välj en annan säkerhetskopia. Inget har ändrats."
        )


class NotABackupError(BackupError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Filen {path} är ingen säkerhetskopia av en Matchning-databas. Inget har ändrats."
        )


class BackupFromNewerVersionError(BackupError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"Säkerhetskopian {path} kommer från en nyare version av Matchning "
            f"(schemaversion {revision}). Uppdatera programmet först. Inget har ändrats."
        )


class BackupTargetExistsError(BackupError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"Filen {path} finns redan och skrivs inte över. Välj ett annat namn.")


class BackupUpgradeError(BackupError):
    def __init__(self, path: Path, safety: Path, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"Säkerhetskopian {path} kommer från en äldre version och kunde inte "
            f"uppgraderas ({reason}). Databasen är som före återställningen; en kopia av "
            f"den finns också i {safety}."
        )


class BackupDiskFullError(BackupError):
    def __init__(self, path: Path, *, restoring: bool = False) -> None:
        what = (
            f"säkerhetskopian {path} kunde inte läggas tillbaka"
            if restoring
            else f"säkerhetskopian {path} kunde inte göras"
        )
        super().__init__(
            f"Disken är full, så {what}. Databasen har inte ändrats. Frigör utrymme på "
            "disken (eller kontakta IT) och försök igen."
        )


class RestoreFailedError(BackupError):
    def __init__(self, safety: Path) -> None:
        super().__init__(
            "Återställningen misslyckades: databasen klarade inte integritetskontrollen "
            "efteråt. Databasen är som före återställningen; en kopia av den finns också "
            f"i {safety}."
        )


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def backup_name(database: Path, reason: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP_FORMAT)
    return backups_dir(database) / f"{database.stem}.{reason}.{stamp}.sqlite"


@dataclass(frozen=True)
class BackupFile:
    """A backup in the database's backups folder, named by this app."""

    path: Path
    reason: str
    made_at: dt.datetime  # UTC, from the name: copying a file must not change its age

    @property
    def automatic(self) -> bool:
        return self.reason == AUTOMATIC


def backup_files(database: Path) -> list[BackupFile]:
    """The backups of `database` in its backups folder, newest first.

    Only names this app gives are matched, so nothing else in the folder (another
    database's backups, a user's own files) is ever listed or pruned.
    """
    folder = backups_dir(database)
    if not folder.is_dir():
        return []
    pattern = re.compile(
        rf"{re.escape(database.stem)}\.(?P<reason>{_REASON})\.(?P<stamp>{_STAMP})\.sqlite"
    )
    found = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        made_at = dt.datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=dt.UTC)
        found.append(BackupFile(path, match["reason"], made_at))
    return sorted(found, key=lambda backup: backup.made_at, reverse=True)


def _is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    # Connection.backup() raises without the error code; SQLITE_FULL's text is fixed.
    return is_disk_full(error) or "database or disk is full" in str(error)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove(path: Path) -> None:
    for leftover in (path, *_sidecars(path)):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _temporary_beside(target: Path) -> Path:
    # Starts with a dot and does not end in .sqlite: never taken for a finished backup.
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    return Path(name)


def _write_copy(source: Any, target: Path, key: bytes | None, keys: Path | None) -> Path:
    """The online backup of `source` into `target`, made whole before it gets its name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise BackupTargetExistsError(target)
    partial = _temporary_beside(target)
    partial_keys: Path | None = None
    keys_placed = False
    try:
        destination = connect_raw(partial, key)
        try:
            source.backup(destination)
        finally:
            destination.close()
        if any(sidecar.exists() for sidecar in _sidecars(partial)):
            raise BackupError(f"Säkerhetskopian {target} kunde inte skrivas färdigt.")
        if keys is not None and keys.exists():
            partial_keys = _temporary_beside(target)
            shutil.copyfile(keys, partial_keys)
            os.replace(partial_keys, key_file_path(target))
            keys_placed = True
        os.replace(partial, target)
    except BaseException as error:
        _remove(partial)
        if partial_keys is not None:
            partial_keys.unlink(missing_ok=True)
        if keys_placed:
            key_file_path(target).unlink(missing_ok=True)
        if _is_disk_full(error):
            raise BackupDiskFullError(target) from error
        raise
    return target


def copy_database(
    source: Any, target: Path, key: bytes | None, *, keys: Path | None = None
) -> Path:
    """Copy everything committed in `source` (WAL included) into a new file `target`,
    encrypted with the same key: a backup is as protected as the database. With `keys`,
    that key file is copied beside it."""
    return _write_copy(source, target, key, keys)


def backup_database(db: Database, target: Path | None = None, reason: str = MANUAL) -> Path:
    """Back up the open database into `target` (default: its backups folder).

    Reads through a connection of its own, so it may run on any thread while the app
    keeps working; the copy is of one consistent moment.
    """
    if not re.fullmatch(_REASON, reason):
        raise ValueError(f"bad backup reason {reason!r}")
    target = target or backup_name(db.path, reason)
    source = connect_raw(db.path, db.key)
    try:
        return _write_copy(source, target, db.key, key_file_path(db.path))
    finally:
        source.close()


def prune(database: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups (and their key files).

    Backups made by hand, before an upgrade or before a restore are never deleted here.
    """
    automatic = [backup for backup in backup_files(database) if backup.automatic]
    removed = []
    for backup in automatic[max(keep, 0) :]:
        _remove(backup.path)
        key_file_path(backup.path).unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def _open_existing(path: Path, key: bytes | None) -> Any:
    """A read-only-in-effect connection that never creates a file where none is.

    Not `mode=ro`: a read-only connection cannot remove the -wal and -shm files it
    creates, and would leave them beside the backup.
    """
    uri = f"{path.resolve().as_uri()}?mode=rw"
    connection: Any
    if key is None:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        from sqlcipher3 import dbapi2 as sqlcipher

        connection = sqlcipher.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("PRAGMA query_only = ON")
    return connection


def _driver_errors() -> tuple[type[Exception], ...]:
    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.Error, sqlcipher.Error)


@contextlib.contextmanager
def _opened_backup(path: Path, key: bytes | None) -> Iterator[Any]:
    if not path.is_file() or path.stat().st_size == 0:
        raise NotABackupError(path)
    try:
        connection = _open_existing(path, key)
    except _driver_errors() as error:
        raise NotABackupError(path) from error
    try:
        yield connection
    finally:
        connection.close()


def _is_unreadable(error: Exception) -> bool:
    return any(words in str(error) for words in _UNREADABLE)


def _check(connection: Any, path: Path, *, encrypted: bool) -> str:
    """Run the checks; the schema revision of a sound backup."""
    try:
        # The header page alone: it decrypts only with the right key. A damaged page
        # further in is a damaged backup, not a foreign one.
        connection.execute("PRAGMA user_version").fetchone()
    except _driver_errors() as error:
        if _is_unreadable(error):
            raise BackupUnreadableError(path) from error
        raise
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # The page HMACs first: they catch a changed page wherever it is.
        if encrypted and connection.execute("PRAGMA cipher_integrity_check").fetchall():
            raise BackupDamagedError(path)
        if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise BackupDamagedError(path)
        versioned = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if versioned is None:
            raise NotABackupError(path)
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except _driver_errors() as error:
        if _is_unreadable(error):
            raise BackupDamagedError(path) from error
        raise
    if row is None:
        raise NotABackupError(path)
    return str(row[0])


def backup_revision(path: Path, key: bytes | None) -> str:
    """Check a backup like `verify_backup`, and return its schema revision."""
    with _opened_backup(path, key) as connection:
        return _check(connection, path, encrypted=key is not None)


def verify_backup(path: Path, key: bytes | None) -> None:
    """Raise a BackupError unless `path` is a sound backup that `key` decrypts.

    A backup of another database has another key, so it is refused the same way.
    The file is only read.
    """
    backup_revision(path, key)


def newest_audit_event(path: Path, key: bytes | None) -> tuple[int, str] | None:
    """The newest audit event's number and hash in a backup (None if its log is empty),
    or a BackupError. Only the header and the log's last index page are read: no
    integrity check, so that checking every kept backup stays quick."""
    with _opened_backup(path, key) as connection:
        try:
            connection.execute("PRAGMA user_version").fetchone()
        except _driver_errors() as error:
            raise BackupUnreadableError(path) from error
        try:
            row = connection.execute(
                "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        except _driver_errors() as error:
            raise BackupDamagedError(path) from error
    return None if row is None else (int(row[0]), str(row[1]))


def _integrity_ok(connection: Any, *, encrypted: bool) -> bool:
    try:
        if encrypted and connection.execute("PRAGMA cipher_integrity_check").fetchall():
            return False
        return bool(connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)])
    except _driver_errors():
        return False
