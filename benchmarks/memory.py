"""Peak memory with the Deltagare list scrolled to its end, against a bare Qt window."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from benchmarks.common import PYTHON, Run, emit, offscreen_env, run_process


def _scroll_to_end(db: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.services.registry import Services
    from desktop.store.schema import open_database
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    app = QApplication([])
    with open_database(db) as database:
        settings = Settings(QSettings("benchmark-ui.ini", QSettings.Format.IniFormat))
        window = MainWindow(Services.for_database(database), settings)
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


def run(run: Run) -> None:
    env = offscreen_env()
    _, app_out = run_process([PYTHON, "-m", "benchmarks.memory", str(run.db)], env)
    _, bare_out = run_process([PYTHON, "-m", "benchmarks.bare_qt", "--rss"], env)
    rows, app_kb = (int(x) for x in app_out.split())
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
    rows = _scroll_to_end(Path(sys.argv[1]))
    print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
