"""The app's sync runs in a child process of its own (desktop/services/sync/child.py),
against a real server: it completes from the status bar, a child killed mid-sync is one
Swedish line there and the next sync completes it, and closing the window ends a running
child rather than leave it behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop.models import Employer
from desktop.services import accounts
from desktop.services.registry import Services
from desktop.services.sync import SyncError, child
from desktop.services.sync.tables import synced_tables
from desktop.views.sync_status import SyncStatusWidget
from tests.sync import records
from tests.sync.test_sync_killed import _comparable, _visible_on_server
from tests.sync_world import HUDDINGE, PASSWORD, TYRESO, Laptop, World

Run = Callable[..., Any]


def _status_bar(qtbot: QtBot, laptop: Laptop, window: QMainWindow) -> SyncStatusWidget:
    qtbot.addWidget(window)
    widget = SyncStatusWidget(Services.for_user(laptop.db, laptop.actor).sync)
    window.statusBar().addPermanentWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    return widget


def _watch_children(
    monkeypatch: pytest.MonkeyPatch, kill_first: bool = False
) -> tuple[list[int], list[int]]:
    """The pids of the sync children started, and of those killed: with `kill_first`,
    the first child gets SIGKILL when it first reports progress (its sync half done)."""
    started: list[int] = []
    killed: list[int] = []
    real: Run = child.run

    def run(*args: Any, **kwargs: Any) -> Any:
        path, key, who, progress, *rest = args
        mine: list[int] = []

        def step(phase: str, done: int, total: int | None) -> None:
            if kill_first and not killed:
                os.kill(mine[0], signal.SIGKILL)
                killed.append(mine[0])
            progress(phase, done, total)

        def on_start(pid: int) -> None:
            mine.append(pid)
            started.append(pid)

        return real(path, key, who, step, *rest, started=on_start)

    monkeypatch.setattr(child, "run", run)
    return started, killed


def _employers(laptop: Laptop, count: int) -> None:
    """Enough rows that a first push takes several batches."""
    with laptop.db.unit_of_work(actor=laptop.actor.user_id, screen="test") as session:
        for number in range(count):
            name = f"Företag {number} AB"
            session.add(
                Employer(
                    id=uuid.uuid4(),
                    name=name,
                    sort_key=name.lower(),
                    sector="privat",
                    municipality_code=HUDDINGE,
                )
            )


def _alike(world: World, laptop: Laptop) -> None:
    assert laptop.sync.status().waiting == 0
    for table in synced_tables():
        here = _comparable(laptop.rows(table.name), table.name)
        there = _comparable(_visible_on_server(world, laptop, table.name), table.name)
        assert here == there, table.name


def test_the_status_bar_syncs_in_a_process_of_its_own(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    for number in range(30):
        records.employer(anna, f"Företag {number} AB", HUDDINGE)
    anna.sync.sync()  # the command line's way: in this process
    tove = world.laptop("tove", TYRESO)
    started, _ = _watch_children(monkeypatch)
    window = QMainWindow()
    bar = _status_bar(qtbot, tove, window)
    with qtbot.waitSignal(bar.finished, timeout=60_000) as done:
        assert bar.sync_now()
    assert bar.text().startswith("Synkroniserad")
    assert done.args is not None
    assert done.args[0].pulled >= 30  # the Report came back over the pipe
    names = {row["name"] for row in tove.rows("employers").values()}
    assert {f"Företag {number} AB" for number in range(30)} <= names
    assert len(started) == 1
    assert started[0] != os.getpid()
    assert not _alive(started[0])  # it ended with its sync


def test_a_child_killed_mid_sync_is_one_line_and_the_next_sync_completes_it(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    _employers(anna, 1_200)
    records.person_with_case(anna, "Testsson", HUDDINGE)
    started, killed = _watch_children(monkeypatch, kill_first=True)
    window = QMainWindow()
    bar = _status_bar(qtbot, anna, window)
    said: list[str] = []
    bar.message.connect(said.append)
    with qtbot.waitSignal(bar.failed, timeout=60_000) as failed:
        assert bar.sync_now()
    assert killed == started[:1]
    assert failed.args == [child.DIED]
    assert said == [child.DIED]  # asked for by the user: said in the status bar too
    assert bar.text().startswith("Offline")
    assert child.DIED in bar.state.toolTip()
    assert "Traceback" not in bar.state.toolTip()

    with qtbot.waitSignal(bar.finished, timeout=60_000):
        assert bar.sync_now()
    assert bar.text().startswith("Synkroniserad")
    assert len(started) == 2
    _alike(world, anna)
    assert len(world.server_rows("employers")) == 1_200


def test_closing_the_window_ends_a_running_sync_and_the_next_one_completes_it(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    _employers(anna, 1_200)
    started, _ = _watch_children(monkeypatch)
    window = QMainWindow()
    bar = _status_bar(qtbot, anna, window)
    assert bar.sync_now()
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    bar.wait()  # what the main window does when it closes
    assert not _alive(started[0])
    anna.sync.sync()  # the next start's sync
    _alike(world, anna)


def test_a_sync_of_a_laptop_not_connected_says_so_from_the_child(world: World) -> None:
    anna = world.laptop("anna", HUDDINGE, connect=False)
    with pytest.raises(SyncError, match="inte ansluten"):
        anna.sync.sync(separate_process=True)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_child_whose_app_dies_stops_by_itself(world: World) -> None:
    """The app killed mid-sync: its child notices the pipe close and ends, rather than
    sync on for no one; the next start's sync completes the work."""
    anna = world.laptop("anna", HUDDINGE)
    _employers(anna, 1_200)
    anna.db.close()
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.sync_worker", str(anna.path), anna.login, PASSWORD,
         "--separate-process"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    try:
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "ready"
        said = app.stdout.readline().split()
        assert said[0] == "child"
        pid = int(said[1])
        assert pid != app.pid
        app.send_signal(signal.SIGKILL)
    finally:
        app.wait(timeout=60)
        if app.stdout is not None:
            app.stdout.close()
    deadline = time.monotonic() + 60  # a bound for a hung test, not a measurement
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)
    opened = accounts.log_in(anna.path, anna.login, PASSWORD)
    anna.db, anna.actor = opened.db, opened.actor
    anna.sync.sync()
    _alike(world, anna)


def _alive(pid: int) -> bool:
    """Whether the process runs: gone, or ended and not yet reaped (a zombie, as an
    orphan is until its new parent reaps it), is not running."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
