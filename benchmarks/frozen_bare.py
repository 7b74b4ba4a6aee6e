"""The bare Qt window (benchmarks/bare_qt.py) frozen by PyInstaller the way the app is
(packaging/matchning.spec: one folder, the modules as files, the same run-time hook left
out), built once into benchmarks/.data/: the limit for the frozen app's start-up
figures, so that both sides pay the bootloader (which starts the process twice on
Linux, to set the library path)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.common import DATA_DIR, PYTHON

NAME = "bare_qt"

SPEC = """\
a = Analysis([{source!r}], noarchive=True)
a.scripts = [entry for entry in a.scripts if entry[0] != "pyi_rth_inspect"]
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name={name!r}, upx=False, console=True)
coll = COLLECT(exe, a.binaries, a.datas, upx=False, name={name!r})
"""


def program() -> Path:
    """The frozen bare window's executable, built now if it is not there yet (or was
    built from another spec)."""
    folder = DATA_DIR / "frozen-bare"
    executable = folder / "dist" / NAME / NAME
    source = Path(__file__).resolve().parent / "bare_qt.py"
    spec = folder / f"{NAME}.spec"
    text = SPEC.format(source=str(source), name=NAME)
    if not executable.is_file() or not spec.is_file() or spec.read_text() != text:
        folder.mkdir(parents=True, exist_ok=True)
        spec.write_text(text)
        subprocess.run(
            [PYTHON, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--distpath", str(folder / "dist"), "--workpath", str(folder / "work"),
             str(spec)],
            check=True,
        )  # fmt: skip
    return executable
