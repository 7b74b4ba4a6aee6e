"""Build the one-folder app with PyInstaller: `python packaging/build.py [--dist DIR] [--work DIR]`.

Prints the output folder and its size; exits non-zero when the build fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "matchning.spec"
NAME = "matchning"


def folder_size(folder: Path) -> int:
    """Bytes in the folder's files; the bundle's symbolic links (Qt libraries) count once."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the frozen Matchning app.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output (dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="work files (build/)")
    args = parser.parse_args(argv)
    dist: Path = args.dist.resolve()
    work: Path = args.work.resolve()

    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    print("build:", " ".join(command), flush=True)
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, check=False)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        print(f"build: PyInstaller failed with exit code {done.returncode}", file=sys.stderr)
        return done.returncode
    output = dist / NAME
    program = output / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    if not program.is_file():
        print(f"build: {program} was not created", file=sys.stderr)
        return 1
    size = folder_size(output)
    print(f"build: {output} ({size / 1_000_000:.1f} MB) in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
