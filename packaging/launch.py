"""PyInstaller's entry script: the frozen `matchning` runs `desktop.cli.main()`."""

from __future__ import annotations

import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # The frozen executable also serves as a worker laying out documents
    # (desktop/documents/pool.py): freeze_support() runs the worker and exits.
    multiprocessing.freeze_support()
    sys.exit(main())
