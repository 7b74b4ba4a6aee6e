"""A database file that is there but empty is never given a new schema: every way in
says it is empty, in one Swedish line or beside the password, and leaves it as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.store.keys import key_file_path
from desktop.views.login import LoginDialog
from desktop.views.startup import Startup
from tests import credentials
from tests.test_cli import init, matchning

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def emptied(tmp_path: Path) -> Path:
    """A real database whose file was emptied, its key file still beside it."""
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    path.write_bytes(b"")
    for leftover in tmp_path.glob("matchning.sqlite-*"):
        leftover.unlink()
    return path


def _state(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize("command", [("user", "list"), ("init",), ("backup",)])
def test_every_command_says_the_file_is_empty_and_writes_nothing(
    emptied: Path, command: tuple[str, ...]
) -> None:
    before = _state(emptied.parent)
    done = matchning("--db", str(emptied), *command)
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith(f"matchning: Databasfilen {emptied} är tom (0 byte)")
    assert len(done.stderr.strip().splitlines()) == 1
    assert _state(emptied.parent) == before
    assert emptied.stat().st_size == 0


def test_the_login_window_says_the_file_is_empty(qtbot: QtBot, emptied: Path) -> None:
    before = _state(emptied.parent)
    startup = Startup(emptied)
    assert startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.addWidget(dialog)
    try:
        dialog.username.setText(credentials.USER)
        dialog.password.setText(credentials.PASSWORD)
        dialog.submit()
        qtbot.waitUntil(lambda: "är tom (0 byte)" in _shown_error(dialog))
        assert startup.window is None
    finally:
        dialog.reject()
        startup.close()
    assert _state(emptied.parent) == before


def _shown_error(dialog: LoginDialog) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def test_a_key_file_without_a_database_is_not_a_new_installation(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    path.unlink()
    done = matchning("--db", str(path), "user", "list")
    assert done.returncode != 0
    assert not path.exists()
    assert key_file_path(path).exists()


def test_a_truncated_database_is_said_to_be_damaged_with_the_newest_backup_that_reads(
    tmp_path: Path,
) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    assert matchning("--db", str(path), "backup").returncode == 0
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 2 // 4096 * 4096)
    before = _state(tmp_path)

    done = matchning("--db", str(path), "user", "list")

    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"matchning: Databasen {path} är skadad")
    [backup] = (tmp_path / "backups").glob("*.sqlite")
    assert "Den senaste säkerhetskopian som går att läsa är från 20" in lines[0]
    assert str(backup) in lines[0]
    assert _state(tmp_path) == before


def test_audit_verify_notices_the_append_only_guards_dropped(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    whole = matchning("--db", str(path), "audit", "verify")
    assert whole.returncode == 0, whole.stdout + whole.stderr
    assert "Loggen är obruten" in whole.stdout

    raw = credentials.raw_connection(path)
    try:
        raw.execute("DROP TRIGGER audit_events_no_delete")
    finally:
        raw.close()
    done = matchning("--db", str(path), "audit", "verify")
    assert done.returncode == 1
    assert "Skyddet mot ändringar i loggen saknas: audit_events_no_delete" in done.stdout
    assert "Loggen är obruten" not in done.stdout


def _foreign(path: Path) -> None:
    """Another program's SQLite file put where the database was."""
    import sqlite3

    path.unlink()
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    other.execute("INSERT INTO notes (text) VALUES ('inte Matchning')")
    other.commit()
    other.close()


def _another_matchning(path: Path) -> None:
    """The file of another Matchning database (another key) beside this key file."""
    elsewhere = path.parent / "annan" / path.name
    elsewhere.parent.mkdir()
    assert init(elsewhere).returncode == 0
    path.unlink()
    elsewhere.rename(path)


def _newer(path: Path) -> None:
    """A database a newer version of Matchning has upgraded."""
    connection = credentials.raw_connection(path)
    try:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (_foreign, "är ingen Matchning-databas"),
        (_another_matchning, "hör till en annan nyckelfil"),
        (_newer, "nyare version"),
    ],
    ids=["foreign", "another-database", "newer"],
)
def test_a_foreign_or_newer_database_is_refused_in_one_line_and_left_alone(
    tmp_path: Path, spoil: object, said: str
) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    assert callable(spoil)
    spoil(path)
    for leftover in tmp_path.glob("matchning.sqlite-*"):
        leftover.unlink()
    before = _state(tmp_path)

    for command in (("user", "list"), ("backup",), ("audit", "verify")):
        done = matchning("--db", str(path), *command)
        assert done.returncode != 0, done.stdout
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("matchning: ")
        assert said in lines[0], lines[0]
        assert "Traceback" not in done.stderr

    assert _state(tmp_path) == before
