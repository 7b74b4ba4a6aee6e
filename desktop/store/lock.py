"""One process at a time on a database file, so two windows never overwrite each other."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from desktop.store.errors import DatabaseInUseError


class DatabaseLock:
    """An exclusive OS-level lock on `<database>.lock`, released when the process ends,
    even if it crashes, so a stale lock never blocks the next start."""

    def __init__(self, database: Path) -> None:
        self._database = database
        self._lock = FileLock(str(database) + ".lock", timeout=0, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseInUseError(self._database) from None

    def release(self) -> None:
        self._lock.release(force=True)
