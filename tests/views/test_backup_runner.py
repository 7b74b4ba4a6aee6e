"""The automatic backup off the GUI thread: the result or the reason comes back as a signal."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.backups import automatic_backup
from desktop.services.settings import SettingsService
from desktop.store.backup import backup_files
from desktop.store.database import Database
from desktop.store.errors import DatabaseInUseError
from desktop.views.backup_runner import BackupRunner
from tests.factories import make_user


def test_the_backup_is_made_in_another_thread_once_a_day(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.unit_of_work() as session:
        user_id = make_user(session).id
    threads: list[int] = []

    def recording(db: Database, actor_id: uuid.UUID | None) -> Path | None:
        threads.append(threading.get_ident())
        return automatic_backup(db, actor_id)

    monkeypatch.setattr("desktop.views.backup_runner.automatic_backup", recording)
    runner = BackupRunner(db, user_id)
    gui_thread = threading.get_ident()

    with qtbot.waitSignal(runner.finished) as first:
        assert runner.start()
    [made] = backup_files(db.path)
    assert first.args == [str(made.path)]
    assert made.automatic
    assert threads
    assert threads[0] != gui_thread
    assert SettingsService(db).get().last_automatic_backup != ""

    with qtbot.waitSignal(runner.finished) as second:
        runner.start()
    assert second.args == [""]
    assert len(backup_files(db.path)) == 1
    assert not runner.running


def test_a_store_error_reaches_the_user_as_it_is(qtbot: QtBot, db: Database) -> None:
    def job() -> Path | None:
        raise DatabaseInUseError(db.path)

    runner = BackupRunner(db, None, job=job)
    with qtbot.waitSignal(runner.failed) as failed:
        runner.start()
    assert "används redan" in failed.args[0]
    assert not runner.running


def test_an_unexpected_error_is_logged_and_reported_plainly(
    qtbot: QtBot, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    def job() -> Path | None:
        raise RuntimeError("internal detail")

    runner = BackupRunner(db, None, job=job)
    with qtbot.waitSignal(runner.failed) as failed:
        runner.start()
    assert "kunde inte göras" in failed.args[0]
    assert "internal detail" not in failed.args[0]
    assert "automatic backup failed" in caplog.text


def test_one_backup_at_a_time_and_wait_lets_it_finish(qtbot: QtBot, db: Database) -> None:
    release = threading.Event()
    started = threading.Event()

    def job() -> Path | None:
        started.set()
        release.wait(timeout=60)
        return None

    runner = BackupRunner(db, None, job=job)
    assert runner.start()
    assert started.wait(timeout=60)
    assert runner.running
    assert not runner.start()
    release.set()
    assert runner.wait()
    with qtbot.waitSignal(runner.finished):
        pass  # the queued result is delivered when the event loop runs
    assert not runner.running
