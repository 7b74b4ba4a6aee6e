"""Encryption at rest, checked on the raw bytes: the database file, its WAL, a backup and
the key file hold no personal data and no key in clear, and a wrong key reads nothing."""

from __future__ import annotations

import base64
import dataclasses
import sqlite3
from pathlib import Path

import pytest

from desktop.services import accounts
from desktop.services.accounts import AccountService, Opened
from desktop.services.persons import PersonQuery, PersonService
from desktop.store.backup import copy_database
from desktop.store.database import Database, connect_raw
from desktop.store.errors import DamagedDatabaseError, NotADatabaseError
from desktop.store.keys import (
    KdfParams,
    KeyFile,
    WrongPasswordError,
    key_file_path,
    new_database_key,
)
from desktop.store.schema import open_database
from tests import markers

ADMIN_PASSWORD = "administratörens lösenord"
BO_FIRST = "bos första lösenord"
BO_NEW = "bos nya eget lösenord"
CY_PASSWORD = "cys tillfälliga lösenord"
# OWASP Password Storage Cheat Sheet, the first Argon2id configuration it lists.
OWASP_MIN = KdfParams(time_cost=2, memory_kib=19 * 1024, parallelism=1)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _files_beside(path: Path) -> list[Path]:
    """The database and everything SQLite keeps beside it (-wal, -shm)."""
    return sorted(p for p in path.parent.glob(path.name + "*") if p.is_file())


def _markers_in_files(path: Path) -> dict[str, list[str]]:
    found = {p.name: markers.found_in(p.read_bytes()) for p in _files_beside(path)}
    return {name: hits for name, hits in found.items() if hits}


def _checkpoint(db: Database) -> None:
    with db.connect() as connection:
        busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    assert busy == 0


def _count_persons(path: Path, key: bytes) -> int:
    connection = None
    try:
        connection = connect_raw(path, key)
        return int(connection.execute("SELECT count(*) FROM persons").fetchone()[0])
    finally:
        if connection is not None:
            connection.close()


def _names(db: Database) -> list[str]:
    return [f"{r.first_name} {r.last_name}" for r in PersonService(db).page(PersonQuery())]


def test_the_search_finds_markers_in_a_plain_database(tmp_path: Path) -> None:
    """The control: without encryption, the same writes are readable in the WAL and,
    after a checkpoint, in the database file, in every form searched for."""
    path = tmp_path / "plain.sqlite"
    with open_database(path, key=None) as db:
        with db.unit_of_work() as session:
            markers.write_markers(session)
        wal = markers.found_in(_wal(path).read_bytes())
        assert f"{markers.PREFIX} (utf-8)" in wal
        assert f"{markers.NUMBER} (utf-8)" in wal
        _checkpoint(db)
        assert f"{markers.PREFIX} (utf-8)" in markers.found_in(path.read_bytes())
    # Each form of the number is looked for, and UTF-16 text would be found too.
    assert markers.found_in(markers.NUMBER[2:].encode()) != []
    assert markers.found_in("19870314-4172 qzmarker".encode("utf-16-le")) != []


def test_database_and_wal_hold_no_marker_before_and_after_a_checkpoint(
    db: Database, db_path: Path
) -> None:
    with db.unit_of_work() as session:
        markers.write_markers(session)
    # Open, written, not yet checkpointed: the new pages are only in the WAL.
    assert _wal(db_path).stat().st_size > 0
    assert _markers_in_files(db_path) == {}
    assert _names(db) == [f"{markers.FIRST} {markers.LAST}"]  # the data is there
    _checkpoint(db)
    assert _wal(db_path).stat().st_size == 0
    assert db_path.stat().st_size > 50_000
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert _markers_in_files(db_path) == {}
    db.close()
    assert _markers_in_files(db_path) == {}


def test_a_backup_holds_no_marker_and_opens_only_with_the_key(
    db: Database, db_key: bytes, tmp_path: Path
) -> None:
    with db.unit_of_work() as session:
        markers.write_markers(session)
    raw = db.raw_connection()
    try:
        backup = copy_database(raw.driver_connection, tmp_path / "backup.sqlite", db.key)
    finally:
        raw.close()
    assert backup.stat().st_size > 50_000
    assert markers.found_in(backup.read_bytes()) == []
    copy = connect_raw(backup, db_key)
    try:
        assert copy.execute("SELECT last_name FROM persons").fetchall() == [(markers.LAST,)]
    finally:
        copy.close()
    with pytest.raises(Exception, match="not a database"):
        _count_persons(backup, new_database_key())


def _install(path: Path) -> Opened:
    """A database set up as the app does, with three users and the marker person.

    Bo and Cy get temporary passwords from the administrator, as in real use.
    """
    opened = accounts.set_up(
        path,
        municipality_code="0127",
        full_name="Ada Administratör",
        username="ada",
        password=ADMIN_PASSWORD,
    )
    service = AccountService(opened.db, opened.actor)
    for username, password in (("bo", BO_FIRST), ("cy", CY_PASSWORD)):
        service.add_user(
            username=username,
            full_name=f"{markers.PREFIX}kollega {username}",
            role="handlaggare",
            municipality_code="0127",
            password=password,
        )
    with opened.db.unit_of_work(actor=opened.actor.user_id, screen="test") as session:
        markers.write_markers(session)
    return opened


def test_an_installed_database_and_its_key_file_hold_no_marker_and_no_key(
    tmp_path: Path,
) -> None:
    path = tmp_path / "matchning.sqlite"
    opened = _install(path)
    key = opened.db.key
    assert key is not None
    assert _wal(path).stat().st_size > 0
    assert _markers_in_files(path) == {}
    assert _names(opened.db) == [f"{markers.FIRST} {markers.LAST}"]
    opened.db.close()
    assert _markers_in_files(path) == {}

    keys = key_file_path(path).read_bytes()
    assert b'"ada"' in keys  # the right file: user names are in it, in clear
    assert markers.found_in(keys) == []
    for form in (key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key)):
        assert form not in keys
    for password in (ADMIN_PASSWORD, BO_FIRST, CY_PASSWORD):
        assert password.encode() not in keys


def test_a_wrong_key_or_password_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    _install(path).db.close()

    with pytest.raises(DamagedDatabaseError):
        open_database(path, key=new_database_key())
    with pytest.raises(Exception, match="not a database"):
        _count_persons(path, new_database_key())
    plain = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            plain.execute("SELECT count(*) FROM persons").fetchall()
    finally:
        plain.close()
    with pytest.raises(NotADatabaseError):
        open_database(path, key=None)

    keys = KeyFile.load(key_file_path(path))
    with pytest.raises(WrongPasswordError):
        keys.unlock("ada", BO_FIRST)
    with pytest.raises(WrongPasswordError):
        accounts.log_in(path, "bo", ADMIN_PASSWORD)
    with pytest.raises(WrongPasswordError):
        accounts.log_in(path, "nobody", ADMIN_PASSWORD)


def test_after_one_password_change_every_user_still_reads_the_same_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "matchning.sqlite"
    _install(path).db.close()

    bo = accounts.log_in(path, "bo", BO_FIRST)
    assert bo.must_change_password
    AccountService(bo.db, bo.actor).change_password(BO_FIRST, BO_NEW)
    bo.db.close()

    seen = {}
    for username, password in (("ada", ADMIN_PASSWORD), ("bo", BO_NEW), ("cy", CY_PASSWORD)):
        opened = accounts.log_in(path, username, password)
        try:
            seen[username] = (opened.db.key, _names(opened.db), opened.must_change_password)
        finally:
            opened.db.close()
    assert seen["ada"][:2] == seen["bo"][:2] == seen["cy"][:2]
    assert seen["ada"][1] == [f"{markers.FIRST} {markers.LAST}"]
    assert seen["bo"][2] is False  # the change was saved in the database too
    assert seen["cy"][2] is True
    with pytest.raises(WrongPasswordError):
        KeyFile.load(key_file_path(path)).unlock("bo", BO_FIRST)


@pytest.mark.real_kdf
def test_passwords_are_stretched_with_at_least_owasps_argon2id_minimum(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    accounts.set_up(
        path, municipality_code="0127", full_name="Ada", username="ada", password=ADMIN_PASSWORD
    ).db.close()
    entry = KeyFile.load(key_file_path(path)).users["ada"]
    for name, minimum in dataclasses.asdict(OWASP_MIN).items():
        assert getattr(entry.kdf, name) >= minimum, name
