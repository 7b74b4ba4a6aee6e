"""A full disk during a save: the save fails with a message the views can show, and the
database (and the key file) stay exactly as they were."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import CaseNote, User
from desktop.services import accounts, audit
from desktop.services.accounts import AccountService, Opened
from desktop.services.settings import SettingsService
from desktop.store.database import Database
from desktop.store.errors import DiskFullError, StoreError
from desktop.store.keys import KeyFile, WrongPasswordError, key_file_path
from tests.disk_full import FullDisk
from tests.factories import make_person, open_case

ADMIN_PASSWORD = "administratörens lösenord"
BO_PASSWORD = "bos tillfälliga lösenord"
BO_NEW = "bos nya eget lösenord"


@pytest.fixture
def audited(db: Database) -> Database:
    audit.install(db)  # as the app does: every save writes an audit event
    return db


@pytest.fixture
def disk(audited: Database) -> Iterator[FullDisk]:
    full = FullDisk(audited)
    yield full
    full.close()


def _integrity(db: Database) -> list[str]:
    with db.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]


def _persons(db: Database) -> list[str]:
    with db.connect() as connection:
        rows = connection.exec_driver_sql("SELECT last_name FROM persons ORDER BY last_name")
        return [row[0] for row in rows]


def _save_person(db: Database, last_name: str) -> None:
    with db.unit_of_work(screen="test") as session:
        make_person(session, "Test", last_name)


def test_a_save_on_a_full_disk_changes_nothing_and_says_why(
    audited: Database, disk: FullDisk
) -> None:
    for name in ("Före1", "Före2", "Före3"):
        _save_person(audited, name)
    events_before = audit.verify(audited).checked
    disk.fill()
    with pytest.raises(DiskFullError) as raised:
        _save_person(audited, "Misslyckad")
    assert isinstance(raised.value, StoreError)
    assert "Disken är full" in str(raised.value)
    assert "database or disk is full" in str(raised.value.__cause__)
    # Reading goes on while the disk is full, and the database is whole.
    assert _persons(audited) == ["Före1", "Före2", "Före3"]
    assert _integrity(audited) == ["ok"]

    disk.free()
    _save_person(audited, "Efter")
    assert _persons(audited) == ["Efter", "Före1", "Före2", "Före3"]
    assert _integrity(audited) == ["ok"]
    verified = audit.verify(audited)
    assert verified.intact
    assert verified.checked == events_before + 1  # the failed save left no event


def test_core_writes_on_a_full_disk_are_refused_the_same_way(
    audited: Database, disk: FullDisk
) -> None:
    # The login writes so (Database.transaction): its last login and its events.
    events_before = audit.verify(audited).checked
    disk.fill()
    with pytest.raises(DiskFullError, match="Disken är full"), audited.transaction() as c:
        audit.record_on(c, "login", "User", user_id=None, screen="test")
    disk.free()
    verified = audit.verify(audited)
    assert verified.intact
    assert verified.checked == events_before
    assert _integrity(audited) == ["ok"]


def test_a_large_save_fails_on_the_size_limit_alone(audited: Database, disk: FullDisk) -> None:
    """What the padding trigger stands in for: with the limit only, a save that needs new
    pages fails like on a full disk (and a small one may still fit in free space)."""
    with audited.unit_of_work() as session:
        case = open_case(session, make_person(session, "Test", "Person"))
        case_id = case.id
    disk.fill(padding=False)
    with pytest.raises(DiskFullError), audited.unit_of_work() as session:
        session.add(CaseNote(case_id=case_id, note_date=case.opened_on, text="x" * 200_000))
    with audited.connect() as connection:
        notes = connection.exec_driver_sql("SELECT count(*) FROM case_notes").scalar_one()
    assert notes == 0
    assert _integrity(audited) == ["ok"]


def test_a_settings_change_on_a_full_disk_is_refused(audited: Database, disk: FullDisk) -> None:
    service = SettingsService(audited)
    service.update(auto_lock_minutes=20)
    disk.fill()
    with pytest.raises(DiskFullError):
        service.update(auto_lock_minutes=30, backups_kept=7)
    assert service.get().auto_lock_minutes == 20
    assert service.get().backups_kept != 7
    disk.free()
    assert service.update(auto_lock_minutes=30).auto_lock_minutes == 30


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[tuple[Opened, FullDisk]]:
    """A database set up as the app does, with an administrator and one reset user."""
    opened = accounts.set_up(
        tmp_path / "m.sqlite",
        municipality_code="0127",
        full_name="Ada Admin",
        username="ada",
        password=ADMIN_PASSWORD,
    )
    AccountService(opened.db, opened.actor).add_user(
        username="bo",
        full_name="Bo Agent",
        role="handlaggare",
        municipality_code="0127",
        password=BO_PASSWORD,
    )
    full = FullDisk(opened.db)
    try:
        yield opened, full
    finally:
        full.close()
        opened.db.close()


def _keys(opened: Opened) -> KeyFile:
    return KeyFile.load(key_file_path(opened.db.path))


def _user(opened: Opened, username: str) -> User:
    with opened.db.read() as session:
        return session.scalars(select(User).where(User.username == username)).one()


def _actor(user: User) -> accounts.Actor:
    return accounts.Actor(user.id, user.username, user.full_name, user.role)


def test_adding_a_user_on_a_full_disk_gives_no_account_and_no_key(
    installed: tuple[Opened, FullDisk],
) -> None:
    opened, disk = installed
    disk.fill()
    with pytest.raises(DiskFullError):
        AccountService(opened.db, opened.actor).add_user(
            username="cy",
            full_name="Cy Coordinator",
            role="samordnare",
            municipality_code="0127",
            password="cys tillfälliga lösenord",
        )
    assert not _keys(opened).has_user("cy")
    with opened.db.connect() as connection:
        rows = connection.exec_driver_sql("SELECT 1 FROM users WHERE username = 'cy'")
        assert rows.first() is None


def test_a_password_change_on_a_full_disk_keeps_the_old_password(
    installed: tuple[Opened, FullDisk],
) -> None:
    opened, disk = installed
    bo = _user(opened, "bo")
    service = AccountService(opened.db, _actor(bo))
    disk.fill()
    with pytest.raises(DiskFullError):
        service.change_password(BO_PASSWORD, BO_NEW)
    # The key file and the database agree: nothing changed in either.
    assert _keys(opened).unlock("bo", BO_PASSWORD) == opened.db.key
    assert _user(opened, "bo").must_change_password
    disk.free()
    service.change_password(BO_PASSWORD, BO_NEW)
    assert _keys(opened).unlock("bo", BO_NEW) == opened.db.key
    assert not _user(opened, "bo").must_change_password


def test_a_reset_or_deactivation_on_a_full_disk_changes_no_key(
    installed: tuple[Opened, FullDisk],
) -> None:
    opened, disk = installed
    admin = AccountService(opened.db, opened.actor)
    bo = _user(opened, "bo")
    AccountService(opened.db, _actor(bo)).change_password(BO_PASSWORD, BO_NEW)
    disk.fill()
    with pytest.raises(DiskFullError):
        admin.reset_password(bo.id, "ett nytt tillfälligt")
    with pytest.raises(DiskFullError):
        admin.set_active(bo.id, False)
    keys = _keys(opened)
    assert keys.unlock("bo", BO_NEW) == opened.db.key
    with pytest.raises(WrongPasswordError):
        keys.unlock("bo", "ett nytt tillfälligt")
    bo = _user(opened, "bo")
    assert bo.active
    assert not bo.must_change_password
