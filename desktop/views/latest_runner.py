"""A query run off the GUI thread where only the newest request's answer matters.

Ranking candidates for a need takes 100-300 ms at 100,000 persons; the screen stays
usable meanwhile, and a filter changed while a ranking runs asks again. The runner
keeps one worker thread and runs one request at a time: a request made while another
runs waits, replacing any that was waiting, and the answer of a request that has been
superseded is thrown away when it arrives. Each job calls a
service, which opens a session of its own in the worker thread and closes it before
returning; the engine's pool gives that thread its own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.views.worker_relay import hand_over


class _Relay(QObject):
    """Carries a worker's answer to the GUI thread (queued, since it lives there)."""

    done = Signal(int, object)
    error = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, number: int, job: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._number = number
        self._job = job
        self._relay = relay

    def run(self) -> None:
        hand_over(self._job, self._relay, self._number)


class LatestRunner(QObject):
    """`finished(result)` with the answer of the newest request; `failed(error)` with
    the exception it raised (the screen words the ones it knows and re-raises the rest,
    so the app's exception dialog shows them). `busy` is True from `submit` until the
    newest request has answered."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A pool of its own: wait() waits for this screen's work alone.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)
        self._relay.error.connect(self._error)
        self._newest = 0
        self._answered = 0
        self._running = False
        self._next: tuple[int, Callable[[], Any]] | None = None

    @property
    def busy(self) -> bool:
        return self._answered != self._newest

    def submit(self, job: Callable[[], Any]) -> None:
        """Run `job` in the worker, after the one running (if any) is done."""
        self._newest += 1
        if self._running:
            self._next = (self._newest, job)
        else:
            self._start(self._newest, job)

    def cancel(self) -> None:
        """Forget every request: nothing is reported until the next `submit`."""
        self._next = None
        self._answered = self._newest

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the worker is idle; call `cancel` first when closing, so that no
        waiting request starts afterwards."""
        return self._pool.waitForDone(milliseconds)

    def _start(self, number: int, job: Callable[[], Any]) -> None:
        self._running = True
        self._pool.start(_Job(number, job, self._relay))

    def _done(self, number: int, result: object) -> None:
        if self._report(number):
            self.finished.emit(result)

    def _error(self, number: int, error: object) -> None:
        if self._report(number):
            self.failed.emit(error)

    def _report(self, number: int) -> bool:
        """The worker is free: start what waits; True if `number` is the answer wanted."""
        self._running = False
        wanted = number == self._newest and self.busy
        if wanted:
            self._answered = number
        if self._next is not None:
            waiting, self._next = self._next, None
            self._start(*waiting)
        return wanted
