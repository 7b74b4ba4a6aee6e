"""The bare Qt window (benchmarks/bare_qt.py) frozen by PyInstaller the way the app is
(one folder), built once into benchmarks/.data/: the limit for the frozen app's start-up
figures, so that both sides pay the bootloader (which starts the process twice on Linux,
to set the library path) and the archive's imports."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.common import DATA_DIR, PYTHON

NAME = "bare_qt"


def program() -> Path:
    """The frozen bare window's executable, built now if it is not there yet."""
    folder = DATA_DIR / "frozen-bare"
    executable = folder / "dist" / NAME / NAME
    if not executable.is_file():
        source = Path(__file__).resolve().parent / "bare_qt.py"
        subprocess.run(
            [PYTHON, "-m", "PyInstaller", "--noconfirm", "--onedir", "--log-level", "WARN",
             "--name", NAME, "--distpath", str(folder / "dist"),
             "--workpath", str(folder / "work"), "--specpath", str(folder), str(source)],
            check=True,
        )  # fmt: skip
    return executable
