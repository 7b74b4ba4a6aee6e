"""Setup, login, roles and user management, on a real encrypted database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import AuditEvent, User
from desktop.services import accounts, audit
from desktop.services.accounts import AccessDeniedError, AccountError, AccountService, Opened
from desktop.store.errors import NotADatabaseError, NotEncryptedError
from desktop.store.keys import (
    KeyFile,
    KeyFileMissingError,
    TooManyAttemptsError,
    WrongPasswordError,
    key_file_path,
)

ADMIN_PASSWORD = "administratörens lösen"


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[Opened]:
    opened = accounts.set_up(
        tmp_path / "m.sqlite",
        municipality_code="0127",
        full_name="Ada Administratör",
        username="Ada",
        password=ADMIN_PASSWORD,
    )
    try:
        yield opened
    finally:
        opened.db.close()


def _reopen(installed: Opened, username: str, password: str) -> Opened:
    installed.db.close()
    return accounts.log_in(installed.db.path, username, password)


def _forget_failures(path: Path) -> None:
    """Skip the wait after a failed attempt (the wait itself is tested in test_keys)."""
    keys = KeyFile.load(key_file_path(path))
    keys.failures.clear()
    keys.save()


def test_setup_makes_an_encrypted_database_and_its_administrator(installed: Opened) -> None:
    path = installed.db.path
    assert installed.actor.username == "ada"
    assert installed.actor.is_admin
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert path.with_name(path.name + ".keys").exists()
    assert not accounts.needs_setup(path)
    with pytest.raises(AccountError, match="redan en databas"):
        accounts.set_up(path, municipality_code="0127", full_name="X", username="x2",
                        password="ett annat lösen")  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"password": "kort"}, "password", "minst 10 tecken"),
        ({"username": "a"}, "username", "2–64 tecken"),
        ({"username": "ada lovelace"}, "username", "bara innehålla"),
        ({"full_name": "   "}, "full_name", "namn"),
        ({"municipality_code": "9999"}, "municipality", "kommun"),
        ({"password": "ada", "username": "ada"}, "password", "minst 10"),
        ({"password": "adalovelace", "username": "AdaLovelace"}, "password", "användarnamnet"),
    ],
)
def test_setup_explains_bad_input_and_leaves_nothing_behind(
    tmp_path: Path, fields: dict[str, str], field: str, text: str
) -> None:
    path = tmp_path / "m.sqlite"
    values = {
        "municipality_code": "0127",
        "full_name": "Ada",
        "username": "ada",
        "password": ADMIN_PASSWORD,
        **fields,
    }
    with pytest.raises(AccountError, match=text) as error:
        accounts.set_up(path, **values)
    assert error.value.field == field
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert accounts.needs_setup(path)


def test_login_gives_the_actor_and_records_it(installed: Opened) -> None:
    with installed.db.read() as session:
        version = session.get_one(User, installed.actor.user_id).version
    with installed.db.connect() as connection:
        newest, _ = audit.newest(connection)
    again = _reopen(installed, "ADA", ADMIN_PASSWORD)
    try:
        assert again.actor == installed.actor
        with again.db.read() as session:
            logins = session.scalars(select(AuditEvent).where(AuditEvent.action == "login")).all()
            assert [(e.user_id, e.screen) for e in logins] == [
                (installed.actor.user_id, "inloggning")
            ]
            # As a unit of work would have it: the last login stamped and counted as a
            # change of the row, recorded before the login itself, the chain whole.
            user = session.get_one(User, installed.actor.user_id)
            assert user.last_login_at is not None
            assert user.version == version + 1
            added = session.scalars(
                select(AuditEvent).where(AuditEvent.seq > newest).order_by(AuditEvent.seq)
            ).all()
            assert [(e.action, e.entity_type, e.entity_id, e.user_id) for e in added] == [
                ("update", "User", user.id, user.id),
                ("login", "User", user.id, user.id),
            ]
        assert audit.verify(again.db).intact
    finally:
        again.db.close()


def test_wrong_password_reveals_nothing_and_delays(installed: Opened) -> None:
    installed.db.close()
    with pytest.raises(WrongPasswordError, match="Fel användarnamn eller lösenord"):
        accounts.log_in(installed.db.path, "ada", "fel lösenord här")
    with pytest.raises(TooManyAttemptsError):
        accounts.log_in(installed.db.path, "ada", ADMIN_PASSWORD)


def test_missing_key_file_and_foreign_files_are_refused_untouched(
    installed: Opened, tmp_path: Path
) -> None:
    path = installed.db.path
    installed.db.close()
    keys = path.with_name(path.name + ".keys")
    moved = keys.rename(tmp_path / "elsewhere.keys")
    before = path.read_bytes()
    with pytest.raises(KeyFileMissingError):
        accounts.log_in(path, "ada", ADMIN_PASSWORD)
    assert path.read_bytes() == before
    assert not keys.exists()
    moved.rename(keys)

    text = tmp_path / "brev.sqlite"
    text.write_text("Hej!", encoding="utf-8")
    with pytest.raises(NotADatabaseError):
        accounts.log_in(text, "ada", ADMIN_PASSWORD)
    header_only = tmp_path / "halv.sqlite"
    header_only.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    with pytest.raises(NotADatabaseError):
        accounts.log_in(header_only, "ada", ADMIN_PASSWORD)
    # An unencrypted Matchning database (from a test version) is told apart from another
    # program's SQLite file by its schema revision table.
    plain = tmp_path / "plain.sqlite"
    made = sqlite3.connect(plain)
    made.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    made.commit()
    made.close()
    with pytest.raises(NotEncryptedError):
        accounts.log_in(plain, "ada", ADMIN_PASSWORD)


def test_administrator_manages_users_through_their_whole_life(installed: Opened) -> None:
    admin = AccountService(installed.db, installed.actor)
    user_id = admin.add_user(
        username="bo", full_name="Bo Agent", role="handlaggare",
        municipality_code="0181", password="tillfälligt lösen",
    )  # fmt: skip
    rows = {u.username: u for u in admin.users()}
    assert rows["bo"].must_change_password
    assert rows["bo"].role == "handlaggare"

    bo = _reopen(installed, "bo", "tillfälligt lösen")
    assert bo.must_change_password
    assert not bo.actor.is_admin
    service = AccountService(bo.db, bo.actor)
    with pytest.raises(AccessDeniedError):
        service.add_user(username="x", full_name="X", role="handlaggare", municipality_code=None,
                         password="whatever12345")  # fmt: skip
    with pytest.raises(AccountError, match="stämmer inte") as wrong:
        service.change_password("fel nuvarande", "mitt eget lösen")
    assert wrong.value.field == "current"
    with pytest.raises(AccountError, match="Vänta") as waiting:
        service.change_password("tillfälligt lösen", "mitt eget lösen")
    assert waiting.value.field == "current"
    _forget_failures(installed.db.path)
    service.change_password("tillfälligt lösen", "mitt eget lösen")
    bo.db.close()

    ada = accounts.log_in(installed.db.path, "ada", ADMIN_PASSWORD)
    admin = AccountService(ada.db, ada.actor)
    assert not {u.username: u for u in admin.users()}["bo"].must_change_password
    admin.set_active(user_id, False)
    with pytest.raises(AccountError, match="eget konto"):
        admin.set_active(ada.actor.user_id, False)
    ada.db.close()
    with pytest.raises(WrongPasswordError):  # the key entry is gone
        accounts.log_in(installed.db.path, "bo", "mitt eget lösen")

    ada = accounts.log_in(installed.db.path, "ada", ADMIN_PASSWORD)
    AccountService(ada.db, ada.actor).reset_password(user_id, "nytt tillfälligt")
    ada.db.close()
    bo = accounts.log_in(installed.db.path, "bo", "nytt tillfälligt")
    assert bo.must_change_password
    bo.db.close()


def test_a_password_change_keeps_access_for_everyone(installed: Opened) -> None:
    admin = AccountService(installed.db, installed.actor)
    for name in ("bo", "cia"):
        admin.add_user(username=name, full_name=name.title(), role="samordnare",
                       municipality_code=None, password=f"{name} tillfälligt")  # fmt: skip
    admin.change_password(ADMIN_PASSWORD, "ett nytt admin-lösen")
    installed.db.close()
    for name, password in (("ada", "ett nytt admin-lösen"), ("bo", "bo tillfälligt"),
                           ("cia", "cia tillfälligt")):  # fmt: skip
        opened = accounts.log_in(installed.db.path, name, password)
        with opened.db.read() as session:
            assert len(session.scalars(select(User)).all()) == 3
        opened.db.close()


def test_a_deactivated_account_with_a_key_is_still_refused(installed: Opened) -> None:
    admin = AccountService(installed.db, installed.actor)
    user_id = admin.add_user(username="bo", full_name="Bo", role="handlaggare",
                             municipality_code=None, password="tillfälligt lösen")  # fmt: skip
    with installed.db.unit_of_work() as session:
        session.get_one(User, user_id).active = False  # as if the key file were old
    installed.db.close()
    with pytest.raises(AccountError, match="inte aktivt"):
        accounts.log_in(installed.db.path, "bo", "tillfälligt lösen")


def test_bad_new_users_are_explained(installed: Opened) -> None:
    admin = AccountService(installed.db, installed.actor)
    with pytest.raises(AccountError, match="upptaget") as taken:
        admin.add_user(username="ADA", full_name="Ada 2", role="handlaggare",
                       municipality_code=None, password="tillfälligt lösen")  # fmt: skip
    assert taken.value.field == "username"
    with pytest.raises(AccountError) as role:
        admin.add_user(username="dan", full_name="Dan", role="chef", municipality_code=None,
                       password="tillfälligt lösen")  # fmt: skip
    assert role.value.field == "role"


def test_verify_password_is_for_the_acting_user_only(installed: Opened) -> None:
    admin = AccountService(installed.db, installed.actor)
    assert admin.verify_password(ADMIN_PASSWORD)
    assert not admin.verify_password("fel lösenord")
