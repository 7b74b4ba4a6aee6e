"""One sync in a child process of its own, at low priority (docs/sync.md, "In the app").

Merging and encoding rows is Python work that holds the interpreter lock; run in a
thread of the app, a sync makes the window's own calls wait for it. The app's background
sync therefore runs here: a process started with "spawn" (never "fork": the app has Qt
and database threads, which a forked child would inherit half-way; the frozen app serves
as its own child through `multiprocessing.freeze_support()`, packaging/launch.py). The
calling thread only waits on a pipe, so the lock stays free for the window.

The child gets the database's path and the user's name as its arguments and the raw
database key over the pipe (never on disk or on a command line). It opens the database
without the lock (the app holds it), lowers its own priority, runs the same sync as the
command line does (`desktop.services.sync.once.sync_database`) and sends back its progress and then
the Report or the Swedish SyncError message. A child that dies without an answer
(killed, crashed) is a SyncError with one Swedish line: a sync cut off at any moment is
completed by the next one (tests/sync/test_sync_killed.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.sync.engine import Progress
    from desktop.services.sync.report import Report

log = logging.getLogger(__name__)

# Well below the window's own priority: when both want the CPU, the window wins.
NICENESS = 10
# How often a waiting parent asks whether it should stop the child.
POLL_SECONDS = 0.2
DIED = "Synkroniseringen avbröts oväntat. Försök igen."
CRASHED = "Synkroniseringen misslyckades oväntat. Detaljer finns i loggen."
STOPPED = "Synkroniseringen avbröts."

# Messages from the child: ("progress", phase, done, total), ("report", Report),
# ("error", Swedish text), ("crashed", exception type name, traceback text).


def lower_priority(pid: int = 0) -> None:
    """Give process `pid` (0: this one) a niceness of at least NICENESS, where the
    platform has one (on Windows: the class below normal)."""
    if hasattr(os, "setpriority"):
        try:
            current = os.getpriority(os.PRIO_PROCESS, pid)
            if current < NICENESS:
                os.setpriority(os.PRIO_PROCESS, pid, NICENESS)
        except OSError:  # gone already, or not ours to change: it runs as it is
            pass
    elif sys.platform == "win32" and pid == 0:  # pragma: no cover - Windows only
        import ctypes

        below_normal = 0x4000
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
        kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)


def run(
    path: Path,
    key: bytes | None,
    who: str,
    progress: Progress,
    cancelled: Callable[[], bool] | None = None,
    *,
    started: Callable[[int], None] | None = None,
) -> Report:
    """Sync the database at `path` in a child process and wait for it. Progress is
    relayed to `progress` in the calling thread. If `cancelled()` becomes true the child
    is terminated (a killed sync is safe; the next one completes it) and SyncError is
    raised. `started(pid)` is told the child's process id (tests)."""
    from desktop.services.sync.once import SyncError

    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe()
    child = context.Process(
        target=_main, args=(theirs, str(path), who), name="matchning-sync", daemon=True
    )
    child.start()
    theirs.close()  # the child's end lives in the child now: its death closes the pipe
    lower_priority(child.pid or 0)  # at once, before the child has done its imports
    answered = False  # the child said how its sync ended, and is ending by itself
    try:
        mine.send(key)
        if started is not None and child.pid is not None:
            started(child.pid)
        while True:
            if cancelled is not None and cancelled():
                raise SyncError(STOPPED)
            ready = wait([mine, child.sentinel], None if cancelled is None else POLL_SECONDS)
            if not ready:
                continue
            if mine not in ready and not mine.poll():  # gone, and nothing more said
                raise SyncError(DIED)
            try:
                message = mine.recv()
            except (EOFError, OSError):
                raise SyncError(DIED) from None
            kind = message[0]
            if kind == "progress":
                progress(*message[1:])
                continue
            answered = True
            if kind == "report":
                return message[1]  # type: ignore[no-any-return]
            if kind == "error":
                raise SyncError(message[1])
            # "crashed": the traceback goes to this (the app's) log, as for a sync in a
            # thread; the service's errors never carry rows or a statement's values.
            log.error("sync in its own process failed: %s\n%s", message[1], message[2])
            raise SyncError(CRASHED)
    finally:
        _end(child, at_once=not answered)
        mine.close()


def _end(child: Any, *, at_once: bool) -> None:
    """The child is not left behind. One that answered is ending by itself; any other
    (stopped, or its parent's thread failed) is ended here: a killed sync is safe."""
    if not at_once:
        child.join(timeout=10)
    if child.is_alive():
        child.terminate()
        child.join(timeout=5)
    if child.is_alive():
        child.kill()
        child.join()
    child.close()


def _main(connection: Connection, path: str, who: str) -> None:
    """The child: open the database, sync, answer over `connection`, exit."""
    lower_priority()
    try:
        key = connection.recv()
    except EOFError:  # the parent went before saying anything
        return
    _watch_parent(connection)
    try:
        from desktop.services.sync.once import SyncError, sync_database
        from desktop.store.database import Database, make_engine

        database = Path(path)
        db = Database(database, make_engine(database, key), None, key)
        try:

            def step(phase: str, done: int, total: int | None) -> None:
                connection.send(("progress", phase, done, total))

            report = sync_database(db, who, step)
        finally:
            db.close()
    except SyncError as error:
        connection.send(("error", str(error)))
    except Exception as error:
        connection.send(("crashed", type(error).__name__, traceback.format_exc()))
    else:
        connection.send(("report", report))
    # The pipe is left to close with the process: the parent reads what was sent.


def _watch_parent(connection: Connection) -> None:
    """If the app goes (killed, crashed) while the child syncs, the pipe's other end
    closes; the child then stops at once rather than sync on for no one."""

    def watch() -> None:
        try:
            connection.recv()
        except (EOFError, OSError):
            pass
        else:
            return
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
