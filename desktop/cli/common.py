"""What the headless commands share: where the database is, and who is running them."""

from __future__ import annotations

import argparse
import getpass
import math
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop import swedish
from desktop.services.account_rules import PASSWORD_ENV as PASSWORD_ENV  # noqa: PLC0414
from desktop.services.account_rules import USER_ENV as USER_ENV  # noqa: PLC0414
from desktop.store.location import resolve_database_path

if TYPE_CHECKING:
    from desktop.services.accounts import Opened


class CliError(Exception):
    """A message for stderr and an exit code (2: bad usage or input, 1: failure)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def parse_id(text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise CliError(
            f"{text!r} är inget giltigt id för {what} (ett id ser ut som "
            "3f2b9c1e-8d4a-4c2e-9b1f-0a7d6e5c4b3a).",
            2,
        ) from None


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett heltal: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"måste vara minst 1: {value}")
    return value


def count_up_to(limit: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to `limit`."""

    def count(text: str) -> int:
        value = positive(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"får vara högst {swedish.number(limit)}: {text}")
        return value

    return count


class ProgressLine:
    """Progress of a long run on stderr, as a `(step, fraction)` callback.

    On a terminal one line is rewritten in place; otherwise (a log, a pipe, a test)
    each report is a line of its own. Either way at most one report is shown per
    `interval` (the last, 100 %, always): a report that comes sooner is held and shown
    when the interval is up, by a timer when no later report comes first, so a long step
    that starts right after a short one is still named while it runs.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        deferred: bool = True,
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._in_place = self._stream.isatty()
        self._interval = interval if interval is not None else (0.25 if self._in_place else 1.0)
        self._clock = clock
        self._deferred = deferred
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._pending: str | None = None
        self._shown_at: float | None = None
        self._shown = ""
        self._open = False

    def __call__(self, step: str, fraction: float) -> None:
        percent = f"{math.floor(fraction * 100 + 1e-6)} %"
        text = f"{step} … {percent}" if step else percent
        with self._lock:
            self._pending = text
            now = self._clock()
            if fraction >= 1.0 or self._shown_at is None or now - self._shown_at >= self._interval:
                self._show(now)
            elif self._deferred and self._timer is None:
                self._timer = threading.Timer(self._interval - (now - self._shown_at), self._due)
                self._timer.daemon = True
                self._timer.start()

    def close(self) -> None:
        """Stop the timer and end the line rewritten in place, so what is printed next
        starts on a line of its own."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._pending = None
            if self._open:
                self._stream.write("\n")
                self._stream.flush()
                self._open = False

    def _due(self) -> None:
        with self._lock:
            self._timer = None
            if self._pending is not None:
                self._show(self._clock())

    def _show(self, now: float) -> None:
        text, self._pending = self._pending, None
        if text is None or text == self._shown:
            return
        self._shown_at = now
        if self._in_place:
            padding = " " * max(0, len(self._shown) - len(text))
            self._stream.write(f"\r{text}{padding}")
            self._open = True
        else:
            self._stream.write(text + "\n")
        self._shown = text
        self._stream.flush()


def database_path(args: argparse.Namespace) -> Path:
    # `demo` writes generated people: without an explicit --db it goes to the demo file.
    demo = bool(getattr(args, "demo", False)) or getattr(args, "command", None) == "demo"
    return resolve_database_path(getattr(args, "db", None), demo=demo)


def ask(prompt: str, *, secret: bool = False, env: str | None = None) -> str:
    """A value from the environment, else from the terminal; never echoes secrets."""
    if env and (value := os.environ.get(env)):
        return value
    if not sys.stdin.isatty():
        hint = f" (eller sätt {env})" if env else ""
        raise CliError(f"{prompt} behövs men ingen terminal finns att fråga i{hint}.", 2)
    value = getpass.getpass(f"{prompt}: ") if secret else input(f"{prompt}: ")
    return value.strip() if not secret else value


def credentials() -> tuple[str, str]:
    username = ask("Användarnamn", env=USER_ENV)
    password = ask("Lösenord", secret=True, env=PASSWORD_ENV)
    return username, password


def log_in(args: argparse.Namespace, *, screen: str) -> Opened:
    """Open the database as the user from MATCHNING_USER/PASSWORD or the terminal."""
    from desktop.services.accounts import log_in as unlock

    path = database_path(args)
    username, password = credentials()
    return unlock(path, username, password, screen=screen, on_upgrade=_say_upgrading)


def _say_upgrading() -> None:
    from desktop.services.account_rules import UPGRADING

    print(f"matchning: {UPGRADING}", file=sys.stderr, flush=True)
