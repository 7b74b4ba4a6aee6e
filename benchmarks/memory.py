"""Peak memory with the Deltagare list scrolled to its end, against a bare Qt window; and,
as a figure of its own, the memory the login's Argon2id takes on purpose (issue 18).

The child process logs in as a user does (the KDF included), then resets its peak
(Linux's /proc/self/clear_refs) before the main window: the list's figure is what the
app holds for the list, and the KDF's 128 MiB, given back as soon as the key is made,
is reported beside it rather than hidden inside the ratio.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.bare_qt import peak_rss_kb
from benchmarks.common import (
    PYTHON,
    UI_SETTINGS,
    Run,
    emit,
    key_env,
    key_from_env,
    offscreen_env,
    open_as_admin,
    run_process,
    unlock,
)

CLEAR_REFS = Path("/proc/self/clear_refs")


def _resident_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    """Start the peak again from what is resident now ("5": the peak RSS only)."""
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


def _scroll_to_end(db: Path, key: bytes | None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.services.registry import Services
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    app = QApplication([])
    database, actor = open_as_admin(db, key)
    with database:
        settings = Settings(QSettings(UI_SETTINGS, QSettings.Format.IniFormat))
        window = MainWindow(Services.for_user(database, actor), settings)
        window.navigation.setCurrentRow(1)
        window.show()
        table = window.persons_view.table
        model = window.persons_view.model
        while model.canFetchMore():
            table.scrollToBottom()
            app.processEvents()
            model.fetchMore()
        table.scrollToBottom()
        app.processEvents()
        window.close()
    return model.rowCount()


def measure(db: Path, key: bytes | None) -> dict[str, int]:
    """In the child: the login (with the KDF when the file is encrypted), then the list."""
    before = _resident_kb()
    login_peak = 0
    if key is not None:
        key = unlock(db)  # as the login makes it: Argon2id with the user's own costs
        login_peak = peak_rss_kb()
    reset = _reset_peak()
    rows = _scroll_to_end(db, key)
    return {
        "rows": rows,
        "peak_kb": peak_rss_kb(),
        "before_login_kb": before,
        "login_peak_kb": login_peak,
        "peak_reset": int(reset),
    }


def child(db: Path, key: bytes | None) -> dict[str, int]:
    env = offscreen_env(**key_env(key))
    _, out = run_process([PYTHON, "-m", "benchmarks.memory", str(db)], env)
    figures: dict[str, int] = json.loads(out.splitlines()[-1])
    return figures


def peak_kb(db: Path, key: bytes | None) -> tuple[int, int]:
    """Rows in the list and the peak RSS (KiB) of the list, scrolled to its end."""
    figures = child(db, key)
    return figures["rows"], figures["peak_kb"]


def run(run: Run) -> None:
    from desktop.services.demo.database import DEMO_ADMIN
    from desktop.store.keys import KeyFile, key_file_path

    figures = child(run.db, unlock(run.db))
    _, bare_out = run_process([PYTHON, "-m", "benchmarks.bare_qt", "--rss"], offscreen_env())
    bare_kb = int(bare_out.split()[-1])
    emit(
        "peak_memory_list_scrolled_to_end",
        run,
        figures["peak_kb"] / 1024,
        "MB",
        bare_kb / 1024,
        target="ratio <= 5",
        rows=figures["rows"],
        measured_after_login=bool(figures["peak_reset"]),
    )
    kdf_cost_kib = KeyFile.load(key_file_path(run.db)).users[DEMO_ADMIN].kdf.memory_kib
    emit(
        "login_kdf_memory",
        run,
        (figures["login_peak_kb"] - figures["before_login_kb"]) / 1024,
        "MB",
        kdf_cost_kib / 1024,
        target="deliberate: the Argon2id memory cost, given back once the key is made",
        peak_during_login_mb=round(figures["login_peak_kb"] / 1024, 1),
    )


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), key_from_env())))
