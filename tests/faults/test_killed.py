"""`kill -9` during login, backup and restore, at random moments: the database still
opens, passes its checks and its audit log verifies; the key file is whole; every backup
under the app's name verifies; the next command works."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.store.backup import backup_files, verify_backup
from desktop.store.keys import KeyFile, key_file_path
from tests import credentials
from tests.test_cli import init, matchning

pytestmark = pytest.mark.slow

ROUNDS = 6


def _killed(path: Path, *command: str, after: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", str(path), *command],
        env=credentials.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)


def _whole(path: Path) -> None:
    json.loads(key_file_path(path).read_text(encoding="utf-8"))  # never half written
    time.sleep(1.1)  # a killed login counted an attempt: its second of waiting
    verified = matchning("--db", str(path), "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Loggen är obruten" in verified.stdout
    raw = credentials.raw_connection(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA cipher_integrity_check").fetchall() == []
    finally:
        raw.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    return path


def test_killed_logins_backups_and_restores_leave_everything_whole(database: Path) -> None:
    rng = random.Random(17)
    assert matchning("--db", str(database), "backup").returncode == 0
    [first] = backup_files(database)
    for _ in range(ROUNDS):
        _killed(database, "user", "list", after=rng.uniform(0.3, 2.5))
        _whole(database)
        _killed(database, "backup", after=rng.uniform(0.5, 3.0))
        _whole(database)
        _killed(database, "restore", str(first.path), after=rng.uniform(0.5, 3.5))
        _whole(database)

    key = KeyFile.load(key_file_path(database)).unlock(credentials.USER, credentials.PASSWORD)
    for backup in backup_files(database):
        verify_backup(backup.path, key)  # a backup cut off never has a backup's name
    assert matchning("--db", str(database), "backup").returncode == 0
