"""One process per database, by the file and not by its name: a second name (hard
link) is refused, a symbolic link leads to the same lock, and the login window holds
the lock while it waits. Each refusal is one Swedish line and leaves the files as
they were."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.store.errors import DatabaseInUseError
from desktop.store.keys import key_file_path
from desktop.views.login import LoginDialog
from desktop.views.startup import Startup
from tests import credentials
from tests.test_cli import init, matchning

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _digest(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    return path


def test_a_database_with_a_second_name_is_refused_under_both(database: Path) -> None:
    other = database.with_name("kopia.sqlite")
    os.link(database, other)
    os.link(key_file_path(database), key_file_path(other))
    before = _digest(database, key_file_path(database))

    for name in (database, other):
        done = matchning("--db", str(name), "user", "list")
        assert done.returncode == 1
        assert done.stderr.startswith("matchning: Databasen")
        assert "har fler än ett namn på disken" in done.stderr
        assert "Traceback" not in done.stderr
    assert _digest(database, key_file_path(database)) == before

    other.unlink()
    key_file_path(other).unlink()
    assert matchning("--db", str(database), "user", "list").returncode == 0


def test_the_login_window_holds_the_lock_also_through_a_symbolic_link(
    qtbot: QtBot, database: Path
) -> None:
    link = database.with_name("genväg.sqlite")
    link.symlink_to(database)
    key_file_path(link).symlink_to(key_file_path(database))
    startup = Startup(database)
    assert startup.start()
    assert isinstance(startup.dialog, LoginDialog)
    qtbot.addWidget(startup.dialog)
    try:
        before = _digest(database)
        for name in (database, link):
            # Nothing typed yet in the login window: a backup or a second start waits.
            done = matchning("--db", str(name), "backup")
            assert done.returncode == 1, done.stdout
            assert "används redan av ett annat Matchning-fönster" in done.stderr
        assert _digest(database) == before
        with pytest.raises(DatabaseInUseError):
            Startup(link).start()
    finally:
        startup.dialog.reject()
        startup.close()
    assert matchning("--db", str(link), "backup").returncode == 0


def test_logging_in_keeps_the_lock_and_closing_lets_it_go(qtbot: QtBot, database: Path) -> None:
    startup = Startup(database)
    assert startup.start()
    dialog = startup.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.addWidget(dialog)
    dialog.username.setText(credentials.USER)
    dialog.password.setText(credentials.PASSWORD)
    with qtbot.waitSignal(dialog.logged_in, timeout=30_000):
        dialog.submit()
    try:
        assert startup.window is not None
        qtbot.addWidget(startup.window)
        assert matchning("--db", str(database), "backup").returncode == 1
    finally:
        if startup.window is not None:
            startup.window.close()
        startup.close()
    assert matchning("--db", str(database), "backup").returncode == 0
