"""A database on a read-only medium or a full disk: every command says so in one Swedish
line and exits non-zero, the login window says so, a password change is refused with a
message, and no file changes (real tmpfs mounts, tests/faults/conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.services import accounts
from desktop.store.errors import StoreError
from desktop.views.startup import Startup
from tests import credentials
from tests.faults.conftest import Medium
from tests.test_cli import init, matchning

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

COMMANDS = [("user", "list"), ("backup",), ("audit", "verify"), ("init",), ("needs", "list")]


def _state(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("fyllnad")
    }


def _refused_everywhere(path: Path) -> None:
    before = _state(path.parent)
    for command in COMMANDS:
        done = matchning("--db", str(path), *command)
        assert done.returncode != 0, command
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, (command, done.stderr)
        assert lines[0].startswith("matchning: "), command
        assert "Traceback" not in done.stderr
    assert _state(path.parent) == before


def test_a_database_on_a_read_only_medium(medium: Medium) -> None:
    path = medium.path / "matchning.sqlite"
    assert init(path).returncode == 0
    medium.read_only()

    _refused_everywhere(path)
    done = matchning("--db", str(path), "user", "list")
    assert "skrivskyddad" in done.stderr
    with pytest.raises(StoreError, match="skrivskyddad"):
        Startup(path).start()  # the login window's lock: said before any password


def test_a_database_on_a_full_disk(medium: Medium) -> None:
    path = medium.path / "matchning.sqlite"
    assert init(path).returncode == 0
    medium.fill()

    _refused_everywhere(path)
    assert "full" in matchning("--db", str(path), "user", "list").stderr


def test_a_password_change_on_a_full_disk_is_refused_and_the_old_password_stays(
    medium: Medium,
) -> None:
    path = medium.path / "matchning.sqlite"
    assert init(path).returncode == 0
    opened = accounts.log_in(path, credentials.USER, credentials.PASSWORD)
    try:
        medium.fill()
        service = accounts.AccountService(opened.db, opened.actor)
        with pytest.raises(StoreError, match="full"):
            service.change_password(credentials.PASSWORD, "ett helt nytt lösenord")
    finally:
        opened.db.close()
    (medium.path / "fyllnad.bin").unlink()
    again = accounts.log_in(path, credentials.USER, credentials.PASSWORD)
    again.db.close()
