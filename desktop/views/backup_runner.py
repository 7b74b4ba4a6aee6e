"""The daily automatic backup, run off the GUI thread.

Copying a large database takes seconds; the window stays usable meanwhile. The store
opens its own SQLCipher connection for the copy, so nothing is shared with the GUI
thread but the engine's pool, which hands each thread a connection of its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.services.backups import automatic_backup
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.views.text import message

log = logging.getLogger(__name__)

BackupJob = Callable[[], Path | None]


class _Relay(QObject):
    """Carries the worker's result to the GUI thread (queued, since it lives there)."""

    done = Signal(str)
    error = Signal(str)


class _Job(QRunnable):
    def __init__(self, job: BackupJob, relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        try:
            path = self._job()
        except StoreError as error:
            self._relay.error.emit(str(error))
        except Exception:
            # The traceback names files and SQL errors, never the rows' contents.
            log.exception("automatic backup failed")
            self._relay.error.emit(
                "Den automatiska säkerhetskopian kunde inte göras. Detaljer finns i loggen."
            )
        else:
            self._relay.done.emit("" if path is None else str(path))


class BackupRunner(QObject):
    """Starts the automatic backup in a thread of its own pool.

    `finished` carries the new backup's path, or "" when today's was already made;
    `failed` a message for the user. Call `wait()` before closing the database.
    """

    finished = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor_id: uuid.UUID | None,
        parent: QObject | None = None,
        *,
        job: BackupJob | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupRunner")
        self._job: BackupJob = job or (lambda: automatic_backup(db, actor_id))
        # A pool of its own: wait() then waits for the backup alone.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finish)
        self._relay.error.connect(self._fail)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> bool:
        """Start the backup; False if one is already running."""
        if self._running:
            return False
        self._running = True
        self._pool.start(_Job(self._job, self._relay))
        return True

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the backup is done (at close: the copy must not be cut off)."""
        return self._pool.waitForDone(milliseconds)

    def _finish(self, path: str) -> None:
        self._running = False
        self.finished.emit(path)

    def _fail(self, text: str) -> None:
        self._running = False
        self.failed.emit(message(text))
