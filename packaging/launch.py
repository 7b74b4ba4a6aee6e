"""PyInstaller's entry script: the frozen `matchning` runs `desktop.cli.run()`."""

from __future__ import annotations

import multiprocessing

from desktop.cli import run

if __name__ == "__main__":
    # The frozen executable also serves as a worker laying out documents
    # (desktop/documents/pool.py): freeze_support() runs the worker and exits.
    multiprocessing.freeze_support()
    run()
