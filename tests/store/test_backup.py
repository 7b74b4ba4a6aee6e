"""Backups: encrypted, whole or absent, pruned by name; restore checks before it touches."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.models import Person
from desktop.store import backup as store
from desktop.store import restore as restoring
from desktop.store.backup import (
    BackupDamagedError,
    BackupFromNewerVersionError,
    BackupTargetExistsError,
    BackupUnreadableError,
    NotABackupError,
    backup_database,
    backup_files,
    backup_name,
    backups_dir,
    prune,
    verify_backup,
)
from desktop.store.database import Database, connect_raw, make_engine
from desktop.store.keys import KeyFile, key_file_path, new_database_key
from desktop.store.restore import restore
from desktop.store.schema import HEAD_REVISION, open_database, upgrade
from tests.factories import make_person

MARKER = "Zxqwmarker"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _persons(db: Database) -> list[str]:
    with db.read() as session:
        return sorted(session.scalars(select(Person.first_name)))


def _add(db: Database, first_name: str) -> None:
    with db.unit_of_work() as session:
        make_person(session, first_name, "Testsson")


def _names_in(path: Path, key: bytes) -> list[str]:
    connection = connect_raw(path, key)
    try:
        return sorted(row[0] for row in connection.execute("SELECT first_name FROM persons"))
    finally:
        connection.close()


def _flip_middle(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        chunk = handle.read(16)
        handle.seek(-len(chunk), os.SEEK_CUR)
        handle.write(bytes(byte ^ 0xFF for byte in chunk))


@pytest.fixture
def keyed_db(db: Database) -> Database:
    """The database with a key file beside it, as a real installation has."""
    KeyFile.create(key_file_path(db.path)).save()
    return db


def test_a_backup_is_encrypted_complete_and_carries_the_key_file(
    keyed_db: Database, db_key: bytes
) -> None:
    _add(keyed_db, MARKER)

    path = backup_database(keyed_db)

    assert path.parent == backups_dir(keyed_db.path)
    assert path.name.startswith("matchning.manuell.")
    assert path.suffix == ".sqlite"
    content = path.read_bytes()
    assert not content.startswith(b"SQLite format 3")
    assert MARKER.encode() not in content
    assert MARKER.encode("utf-16-le") not in content
    assert key_file_path(path).read_bytes() == key_file_path(keyed_db.path).read_bytes()
    # Nothing half-written or temporary is left beside it.
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".keys"]
    assert _names_in(path, db_key) == [MARKER]
    verify_backup(path, db_key)


def test_a_backup_includes_what_is_still_in_the_write_ahead_log(
    db: Database, db_key: bytes
) -> None:
    _add(db, "Före")
    wal = db.path.with_name(db.path.name + "-wal")
    assert wal.exists()
    assert wal.stat().st_size > 0
    assert _names_in(backup_database(db), db_key) == ["Före"]


def test_another_key_cannot_read_a_backup(db: Database) -> None:
    _add(db, MARKER)
    path = backup_database(db)
    before = _digest(path)

    with pytest.raises(BackupUnreadableError, match="kan inte läsas med databasens nyckel"):
        verify_backup(path, new_database_key())
    with pytest.raises(Exception, match="not a database"):
        connect_raw(path, new_database_key())
    assert _digest(path) == before


def test_a_failed_backup_leaves_no_file_with_a_backups_name(
    keyed_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_copy(*_args: object) -> None:
        raise OSError("disk full")

    # The database copy is complete when the key file is copied; fail right there.
    monkeypatch.setattr("desktop.store.backup.shutil.copyfile", broken_copy)
    with pytest.raises(OSError, match="disk full"):
        backup_database(keyed_db)
    assert list(backups_dir(keyed_db.path).iterdir()) == []


def test_a_backup_that_cannot_be_renamed_leaves_no_key_file_either(
    keyed_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def replace(source: Path, target: Path) -> None:
        if str(target).endswith(".sqlite"):
            raise PermissionError("locked by a virus scanner")
        real_replace(source, target)

    monkeypatch.setattr("desktop.store.backup.os.replace", replace)
    with pytest.raises(PermissionError):
        backup_database(keyed_db)
    assert list(backups_dir(keyed_db.path).iterdir()) == []


def test_an_existing_file_is_never_overwritten(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "mitt.sqlite"
    target.write_text("något annat", encoding="utf-8")
    with pytest.raises(BackupTargetExistsError, match="finns redan"):
        backup_database(db, target)
    assert target.read_text(encoding="utf-8") == "något annat"


def test_prune_keeps_the_newest_automatic_backups_and_nothing_else_is_touched(
    keyed_db: Database,
) -> None:
    automatic = [backup_database(keyed_db, reason="automatisk") for _ in range(4)]
    manual = backup_database(keyed_db)
    before_upgrade = backup_name(keyed_db.path, "before-upgrade-from-0001")
    before_upgrade.write_bytes(b"x")
    folder = backups_dir(keyed_db.path)
    strangers = [
        folder / "anteckningar.txt",
        folder / "annan.automatisk.20200101T000000000000Z.sqlite",  # another database's
        folder / "matchning.automatisk.gammal.sqlite",
    ]
    for stranger in strangers:
        stranger.write_text("behåll", encoding="utf-8")

    removed = prune(keyed_db.path, 2)

    assert sorted(removed) == sorted(automatic[:2])
    for gone in automatic[:2]:
        assert not gone.exists()
        assert not key_file_path(gone).exists()
    for kept in (*automatic[2:], manual):
        assert kept.exists()
        assert key_file_path(kept).exists()
    assert before_upgrade.exists()
    assert all(stranger.read_text(encoding="utf-8") == "behåll" for stranger in strangers)
    listed = backup_files(keyed_db.path)
    assert [b.path for b in listed] == [before_upgrade, manual, automatic[3], automatic[2]]
    assert [b.automatic for b in listed] == [False, False, True, True]


def test_restore_brings_back_the_backup_and_keeps_the_present_as_a_safety_copy(
    db: Database, db_key: bytes
) -> None:
    _add(db, "Före")
    path = backup_database(db)
    _add(db, "Efter")

    safety = restore(db, path)

    assert _persons(db) == ["Före"]
    assert _names_in(safety, db_key) == ["Efter", "Före"]
    assert safety.name.startswith("matchning.fore-aterstallning.")
    _add(db, "Sedan")  # the open engine keeps working on the restored file
    assert _persons(db) == ["Före", "Sedan"]
    db.close()
    with open_database(db.path, key=db_key) as reopened:
        assert _persons(reopened) == ["Före", "Sedan"]
        with reopened.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def _count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def _not_a_database(tmp_path: Path, _db: Database) -> Path:
    path = tmp_path / "brev.sqlite"
    path.write_text("Hej! Det här är ett brev, ingen databas.\n" * 200, encoding="utf-8")
    return path


def _empty(tmp_path: Path, _db: Database) -> Path:
    path = tmp_path / "tom.sqlite"
    path.touch()
    return path


def _plain_sqlite(tmp_path: Path, _db: Database) -> Path:
    path = tmp_path / "okrypterad.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE persons (first_name TEXT)")
    connection.commit()
    connection.close()
    return path


def _damaged(tmp_path: Path, db: Database) -> Path:
    with db.unit_of_work() as session:
        for index in range(300):
            make_person(session, f"Namn{index}", "Testsson")
    path = backup_database(db, tmp_path / "skadad.sqlite")
    _flip_middle(path)
    return path


def _other_database(tmp_path: Path, _db: Database) -> Path:
    with open_database(tmp_path / "annan" / "annan.sqlite", key=new_database_key()) as other:
        with other.unit_of_work() as session:
            make_person(session, "Främling", "Annansson")
        return backup_database(other, tmp_path / "annan-kopia.sqlite")


def _encrypted_without_schema(tmp_path: Path, db: Database) -> Path:
    path = tmp_path / "utan-schema.sqlite"
    connection = connect_raw(path, db.key)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    return path


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_not_a_database, BackupUnreadableError, "kan inte läsas"),
        (_empty, NotABackupError, "ingen säkerhetskopia"),
        (_plain_sqlite, BackupUnreadableError, "kan inte läsas"),
        (_damaged, BackupDamagedError, "skadad"),
        (_other_database, BackupUnreadableError, "annan databas"),
        (_encrypted_without_schema, NotABackupError, "ingen säkerhetskopia"),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    db: Database,
    tmp_path: Path,
    make: object,
    error: type[Exception],
    words: str,
) -> None:
    assert callable(make)
    _add(db, "Kvar")
    bad: Path = make(tmp_path, db)
    rows = _count(db)
    before = _digest(bad)

    with pytest.raises(error, match=words):
        restore(db, bad)

    assert _count(db) == rows
    assert _digest(bad) == before
    assert not [b for b in backup_files(db.path) if b.reason == "fore-aterstallning"]
    with db.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_restore_refuses_the_database_itself(db: Database) -> None:
    with pytest.raises(store.BackupError, match="från sig själv"):
        restore(db, db.path)


def test_restore_refuses_a_backup_from_a_newer_version(db: Database, db_key: bytes) -> None:
    path = backup_database(db)
    connection = connect_raw(path, db_key)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    _add(db, "Kvar")
    with pytest.raises(BackupFromNewerVersionError, match="nyare version"):
        restore(db, path)
    assert _persons(db) == ["Kvar"]


def test_restore_upgrades_a_backup_from_an_older_version(
    db: Database, db_key: bytes, tmp_path: Path
) -> None:
    old_path = tmp_path / "gammal.sqlite"
    engine = make_engine(old_path, db_key)
    upgrade(engine, target="0001")
    old = Database(old_path, engine, None, db_key)
    backup = backup_database(old, tmp_path / "gammal-kopia.sqlite")
    old.close()
    assert store.backup_revision(backup, db_key) == "0001"

    restore(db, backup)

    with db.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert connection.exec_driver_sql("SELECT count(*) FROM settings").scalar() == 0
    assert revision == HEAD_REVISION


def _full_disk_for(monkeypatch: pytest.MonkeyPatch, full: Path) -> None:
    """Connections to `full` can grow it by no page: SQLite's SQLITE_FULL, as on a full
    disk (max_page_count never goes below the file's size)."""

    def connect(path: Path, key: bytes | None) -> object:
        connection = connect_raw(path, key)
        if full in (path, path.parent):
            connection.execute("PRAGMA max_page_count = 1")
        return connection

    monkeypatch.setattr(store, "connect_raw", connect)
    monkeypatch.setattr(restoring, "connect_raw", connect)


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(db, "Kvar")
    backups_dir(db.path).mkdir()
    _full_disk_for(monkeypatch, backups_dir(db.path))
    with pytest.raises(store.BackupDiskFullError, match="Disken är full"):
        backup_database(db)
    assert list(backups_dir(db.path).iterdir()) == []
    assert _persons(db) == ["Kvar"]


def test_a_restore_on_a_full_disk_changes_nothing(
    db: Database, db_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.unit_of_work() as session:
        for index in range(300):
            make_person(session, f"Namn{index}", "Testsson")
    big = backup_database(db)
    with db.unit_of_work() as session:
        for person in session.scalars(select(Person)):
            session.delete(person)
        make_person(session, "Kvar", "Testsson")
    vacuum = connect_raw(db.path, db_key)
    vacuum.execute("VACUUM")  # the live file is now smaller than the backup
    vacuum.close()
    _full_disk_for(monkeypatch, db.path)

    with pytest.raises(store.BackupDiskFullError, match="kunde inte läggas tillbaka"):
        restore(db, big)

    assert _persons(db) == ["Kvar"]
    with db.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_failed_upgrade_after_restore_puts_the_database_back(
    db: Database, db_key: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_path = tmp_path / "gammal.sqlite"
    engine = make_engine(old_path, db_key)
    upgrade(engine, target="0001")
    old = Database(old_path, engine, None, db_key)
    backup = backup_database(old, tmp_path / "gammal-kopia.sqlite")
    old.close()
    _add(db, "Kvar")

    def failing(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated")

    monkeypatch.setattr("desktop.store.schema.upgrade", failing)
    with pytest.raises(store.BackupUpgradeError, match="äldre version") as failure:
        restore(db, backup)

    assert _persons(db) == ["Kvar"]
    [safety] = [b.path for b in backup_files(db.path) if b.reason == "fore-aterstallning"]
    assert str(safety) in str(failure.value)


def test_folders_with_spaces_and_swedish_letters_work(tmp_path: Path, db_key: bytes) -> None:
    path = tmp_path / "Säkra filer för Åsa" / "matchning.sqlite"
    with open_database(path, key=db_key) as db:
        _add(db, "Före")
        made = backup_database(db)
        _add(db, "Efter")
        verify_backup(made, db_key)
        restore(db, made)
        assert _persons(db) == ["Före"]


def test_while_the_copy_is_written_nothing_has_the_backups_name(
    keyed_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a crash mid-copy would leave: only a temporary name, never a final one."""
    target = tmp_path / "kopia.sqlite"
    seen: list[list[str]] = []

    class Source:
        def __init__(self, connection: Any) -> None:
            self._connection = connection

        def backup(self, destination: object) -> None:
            seen.append(sorted(p.name for p in tmp_path.iterdir() if "kopia" in p.name))
            self._connection.backup(destination)

        def close(self) -> None:
            self._connection.close()

    def connect(path: Path, key: bytes | None) -> object:
        connection = connect_raw(path, key)
        return Source(connection) if path == keyed_db.path else connection

    monkeypatch.setattr(store, "connect_raw", connect)
    backup_database(keyed_db, target)

    [names] = seen
    assert "kopia.sqlite" not in names
    assert "kopia.sqlite.keys" not in names
    assert target.exists()
