"""Laying out many documents on every core.

ReportLab is pure Python, so one process lays out one document at a time however many
cores the laptop has; a batch of letters for a need (hundreds at most) lays them out in
worker processes instead, while the calling thread reads the records and writes the
files. Workers are started with "spawn" (never "fork": the app has Qt and database
threads, which a forked child would inherit half-way), which costs about half a second
each, so a small batch is laid out in this process. The frozen app calls
`multiprocessing.freeze_support()` first thing (packaging/launch.py), which is what lets
its own executable serve as a worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

from desktop.documents import fonts

T = TypeVar("T")

# Fewer documents than this are laid out here: starting the workers would cost more.
SMALLEST_BATCH = 12
MAX_WORKERS = 4


def _start_worker() -> None:
    fonts.register()


class _Here(Executor):
    """Lays out in the calling thread, as a pool of none."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed over like a worker's
            future.set_exception(error)
        return future


class LayoutPool:
    """`with LayoutPool(documents) as pool: pool.submit(referral_letter.pdf, content)`.
    Leaving the block stops the workers and drops what they have not started."""

    def __init__(self, documents: int, *, workers: int | None = None) -> None:
        cores = os.cpu_count() or 1
        wanted = min(cores, MAX_WORKERS) if workers is None else workers
        self.workers = wanted if documents >= SMALLEST_BATCH and wanted > 1 else 0
        self._executor: Executor = _Here()
        if self.workers:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )

    def submit(self, fn: Callable[..., T], /, *args: Any) -> Future[T]:
        try:
            return self._executor.submit(fn, *args)
        except BrokenExecutor:
            # A worker could not start or died (no memory, a security program): the
            # rest is laid out here, more slowly but all the same.
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = _Here()
            self.workers = 0
            return self._executor.submit(fn, *args)

    def __enter__(self) -> LayoutPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
