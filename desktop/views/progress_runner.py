"""A long job run off the GUI thread, with progress and a way to stop it.

The job is called in a worker thread as `job(progress, cancelled)`: it reports with
`progress(done, total)` and asks `cancelled()` between its steps, so that it stops at a
point where what it has done is whole (a batch of letters stops between two letters).
The services it calls open their own sessions in that thread; the engine's pool gives
the thread its own connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.views.worker_relay import hand_over

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Job = Callable[[Progress, Cancelled], Any]


class _Relay(QObject):
    """Carries the worker's reports to the GUI thread (queued, since it lives there)."""

    progress = Signal(int, int)
    done = Signal(object)
    error = Signal(object)


def _finished(_progress: Progress, _cancelled: Cancelled) -> None:
    """What a run holds once its job is done."""


class _Run(QRunnable):
    def __init__(self, job: Job, relay: _Relay, stop: threading.Event) -> None:
        super().__init__()
        self._job = job
        self._relay = relay
        self._stop = stop

    def run(self) -> None:
        try:
            hand_over(lambda: self._job(self._relay.progress.emit, self._stop.is_set), self._relay)
        finally:
            self._job = _finished  # the job's closure (and the screen it holds) go now


class ProgressRunner(QObject):
    """`progress(done, total)` while the job runs, then `finished(result)` or
    `failed(error)` (the screen words the errors it knows and re-raises the rest, so
    the app's exception dialog shows them)."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A pool of its own: wait() waits for this job alone.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self._relay.done.connect(self._done)
        self._relay.error.connect(self._error)
        self._stop = threading.Event()
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def start(self, job: Job) -> bool:
        """Start `job`; False if one is already running."""
        if self._running:
            return False
        self._running = True
        self._stop = threading.Event()
        self._pool.start(_Run(job, self._relay, self._stop))
        return True

    def cancel(self) -> None:
        """Ask the job to stop at its next step; it still reports how far it got."""
        self._stop.set()

    def wait(self, milliseconds: int = -1) -> bool:
        return self._pool.waitForDone(milliseconds)

    def _done(self, result: object) -> None:
        self._running = False
        self.finished.emit(result)

    def _error(self, error: object) -> None:
        self._running = False
        self.failed.emit(error)
