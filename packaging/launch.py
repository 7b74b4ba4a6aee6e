"""PyInstaller's entry script: the frozen `matchning` runs `desktop.app.main()`."""

from __future__ import annotations

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
