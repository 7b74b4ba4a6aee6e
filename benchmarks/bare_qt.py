"""The limit for start-up and memory: a bare QApplication with an empty window shown,
run until the event loop is idle, exactly as `matchning --smoke` does."""

from __future__ import annotations

import resource
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1100, 700)
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    if "--rss" in sys.argv:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
