"""The command line as a user or a script runs it: real processes, real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.store.schema import HEAD_REVISION


def matchning(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def test_version() -> None:
    done = matchning("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Matchning {__version__}"


def test_help_lists_the_commands_in_swedish() -> None:
    done = matchning("--help")
    assert done.returncode == 0
    for word in ("init", "demo", "--db", "--demo", "--smoke"):
        assert word in done.stdout


def test_init_creates_a_database_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    done = matchning("--db", str(path), "init")
    assert done.returncode == 0, done.stderr
    assert str(path) in done.stdout
    assert _revision(path) == HEAD_REVISION


def test_init_takes_the_database_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "frn-miljon.sqlite"
    done = matchning("init", env={"MATCHNING_DB": str(path)})
    assert done.returncode == 0, done.stderr
    assert path.exists()


def test_init_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "brev.sqlite"
    path.write_text("inte en databas", encoding="utf-8")
    done = matchning("--db", str(path), "init")
    assert done.returncode == 1
    assert "ingen Matchning-databas" in done.stderr
    assert path.read_text(encoding="utf-8") == "inte en databas"


@pytest.mark.parametrize("bad", ["0", "-5", "många"])
def test_demo_rejects_bad_counts(tmp_path: Path, bad: str) -> None:
    done = matchning("--db", str(tmp_path / "d.sqlite"), "demo", "--persons", bad)
    assert done.returncode == 2
    assert "--persons" in done.stderr
    assert not (tmp_path / "d.sqlite").exists()


def test_demo_fills_a_database_and_refuses_to_fill_it_twice(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    args = ["--db", str(path), "demo", "--scale", "S", "--persons", "120", "--employers", "30"]
    done = matchning(*args)
    assert done.returncode == 0, done.stderr
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM persons").fetchone()[0] == 120
        assert connection.execute("SELECT count(*) FROM employers").fetchone()[0] == 30
    finally:
        connection.close()
    again = matchning(*args)
    assert again.returncode == 2
    assert "redan" in again.stderr


def test_smoke_starts_the_whole_app_and_exits(tmp_path: Path) -> None:
    path = tmp_path / "smoke.sqlite"
    assert (
        matchning("--db", str(path), "demo", "--persons", "150", "--employers", "20").returncode
        == 0
    )
    done = matchning("--smoke", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "smoke ok" in done.stdout
    assert "100 rows" in done.stdout


def test_smoke_on_a_fresh_database_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "tom.sqlite"
    done = matchning("--smoke", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "0 rows" in done.stdout
    assert _revision(path) == HEAD_REVISION


def test_smoke_fails_with_the_reason_on_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "trasig.sqlite"
    path.write_bytes(b"\x00\x01garbage")
    done = matchning("--smoke", "--db", str(path))
    assert done.returncode == 1
    assert "ingen Matchning-databas" in done.stderr


def test_demo_mode_creates_its_own_database_apart_from_the_real_one(tmp_path: Path) -> None:
    real = tmp_path / "riktig.sqlite"
    done = matchning("--demo", "--smoke", env={"MATCHNING_DB": str(real)})
    assert done.returncode == 0, done.stderr
    assert not real.exists()
    assert "100 rows" in done.stdout  # the demo database was created with made-up people
