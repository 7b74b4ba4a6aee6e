"""Real file systems for faults: a small tmpfs, mounted read-only or filled up."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


class Medium:
    """A tmpfs of its own at `path`, which a test can make read-only or fill."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_only(self) -> None:
        _mount("-o", "remount,ro", str(self.path))

    def fill(self) -> None:
        """Fill what is left, so that the next write of any size fails with ENOSPC."""
        for name, size in (("fyllnad.bin", 65536), ("fyllnad.rest", 1)):
            try:
                with (self.path / name).open("wb", buffering=0) as filler:
                    while True:
                        filler.write(b"\0" * size)
            except OSError:
                pass


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture
def medium(tmp_path: Path) -> Iterator[Medium]:
    """A 16 MB tmpfs; skipped (with the reason) where this machine may not mount one."""
    target = tmp_path / "medium"
    target.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(target))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"this machine may not mount a tmpfs: {error}")
    try:
        yield Medium(target)
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False, timeout=30)
