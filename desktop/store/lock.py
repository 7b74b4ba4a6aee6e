"""One process at a time on a database file, so two windows never overwrite each other.

The lock is taken on the file, not on the name it was opened by: a symbolic link leads to
the file's own lock, and a file with a second name (a hard link), whose other name would
get a lock and a write-ahead log of its own, is refused (docs/security.md, "One process
per database")."""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout

from desktop.store.errors import (
    DatabaseInUseError,
    DatabaseLinkedError,
    UnwritableLocationError,
)


class DatabaseLock:
    """An exclusive OS-level lock on `<database>.lock` beside the real file, released when
    the process ends, even if it crashes, so a stale lock never blocks the next start.

    Counted: the login window holds it while it waits, the database it opens takes it
    again, and the lock goes when both have released it."""

    def __init__(self, database: Path) -> None:
        self._database = database
        real = os.path.realpath(database)
        self._lock = FileLock(real + ".lock", timeout=0, thread_local=False, mode=0o600)

    def acquire(self) -> None:
        try:
            links = os.stat(self._database).st_nlink
        except FileNotFoundError:
            links = 1  # a new database: nothing to share a name with yet
        if links > 1:
            raise DatabaseLinkedError(self._database)
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseInUseError(self._database) from None
        except OSError as error:  # read-only medium, no space for the lock file
            raise UnwritableLocationError(self._database) from error

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
