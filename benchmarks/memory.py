"""Peak memory with the Deltagare list scrolled to its end, against a bare Qt window."""

from __future__ import annotations

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


def peak_kb(db: Path, key: bytes | None) -> tuple[int, int]:
    """Rows in the list and peak RSS (KiB) of a process that scrolled it to the end."""
    env = offscreen_env(**key_env(key))
    _, out = run_process([PYTHON, "-m", "benchmarks.memory", str(db)], env)
    rows, kb = (int(x) for x in out.split())
    return rows, kb


def run(run: Run) -> None:
    rows, app_kb = peak_kb(run.db, unlock(run.db))
    _, bare_out = run_process([PYTHON, "-m", "benchmarks.bare_qt", "--rss"], offscreen_env())
    bare_kb = int(bare_out.split()[-1])
    emit(
        "peak_memory_list_scrolled_to_end",
        run,
        app_kb / 1024,
        "MB",
        bare_kb / 1024,
        target="ratio <= 5",
        rows=rows,
    )


if __name__ == "__main__":
    rows = _scroll_to_end(Path(sys.argv[1]), key_from_env())
    print(rows, peak_rss_kb())
