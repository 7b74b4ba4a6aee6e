"""The limit for start-up and memory: a bare QApplication with an empty window shown,
run until the event loop is idle, exactly as `matchning --smoke` does."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB.

    Linux's VmHWM, not getrusage(): ru_maxrss survives fork and exec, so a child would
    report its parent's peak whenever the parent was the larger of the two.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1100, 700)
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    if "--rss" in sys.argv:
        print(peak_rss_kb())
    return 0


if __name__ == "__main__":
    sys.exit(main())
