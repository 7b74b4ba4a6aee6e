"""Python's cyclic garbage collector while the window app starts (issue 18).

Start-up makes some 150,000 objects that live as long as the app: modules, classes,
Qt's enums, the mapped models. The collector would walk them again and again while they
are made (about 50 ms of each start) and at every full collection after (50 ms each).
So it is off while the app starts. Once the first screen is shown, what exists then is
frozen, left out of collections for good, and the collector comes back on. The cycles
already garbage by then (some 2,500 objects) stay with the frozen ones.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_while_starting() -> Iterator[None]:
    """Off until `started()`; on again however the start ends (a cancelled login, a test)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def running() -> Iterator[None]:
    """On for work done during the start that is not the start's own (the demo database
    made at a first start), whose objects come and go."""
    paused = not gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if paused:
            gc.disable()


def started() -> None:
    """The first screen is shown: start-up's objects frozen, the collector back on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
