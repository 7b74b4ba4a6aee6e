"""The end of a job run in a worker thread: its answer, or the exception it raised,
handed to the GUI thread through a relay's queued signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def hand_over(job: Callable[[], Any], relay: Any, *key: object) -> None:
    """Run `job` here and emit `key` and its result with `relay.done`, or `key` and its
    exception with `relay.error`."""
    try:
        try:
            result = job()
        except Exception as error:  # handed to the GUI thread, which decides
            relay.error.emit(*key, error)
        else:
            relay.done.emit(*key, result)
    except RuntimeError:
        # The screen was closed meanwhile and its relay deleted: no one is waiting.
        pass
