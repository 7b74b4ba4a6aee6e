"""Logging to a rotating file in the platform's log directory, and a crash log.

Nothing here knows who the user works with: callers never pass personal data to the
log (names, numbers, addresses, note text), and the engine hides bound parameters.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

from desktop.store.location import log_dir
from desktop.store.private import tighten_folder

LOG_FILE = "matchning.log"
CRASH_FILE = "crash.log"

_crash_stream: IO[str] | None = None


def configure(directory: Path | None = None, *, level: int = logging.INFO) -> Path:
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    tighten_folder(directory)
    handler = logging.handlers.RotatingFileHandler(
        directory / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "matchning", False)]:
        root.removeHandler(old)
        old.close()
    handler.matchning = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return directory / LOG_FILE


def enable_crash_log(directory: Path | None = None) -> Path:
    """Let faulthandler write a hard crash (segfault, abort) where the next start finds it."""
    global _crash_stream  # noqa: PLW0603 - faulthandler needs one stream for the process
    path = (directory or log_dir()) / CRASH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if _crash_stream is None:
        _crash_stream = path.open("a", encoding="utf-8")
        faulthandler.enable(_crash_stream)
    return path


def take_previous_crash(directory: Path | None = None) -> str | None:
    """The report of a crash in an earlier run, once; the file is archived after reading."""
    path = (directory or log_dir()) / CRASH_FILE
    if _crash_stream is not None or not path.exists() or path.stat().st_size == 0:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    path.replace(path.with_suffix(".previous.log"))
    return text
