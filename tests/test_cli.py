"""The command line as a user or a script runs it: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD
from desktop.store.schema import HEAD_REVISION
from tests import credentials


def matchning(
    *args: str, env: dict[str, str] | None = None, logged_in: bool = True
) -> subprocess.CompletedProcess[str]:
    environment = credentials.env() if logged_in else {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if not logged_in:
        environment.pop("MATCHNING_USER", None)
        environment.pop("MATCHNING_PASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env={**environment, **(env or {})},
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def init(path: Path) -> subprocess.CompletedProcess[str]:
    return matchning("--db", str(path), "init", "--municipality", "0127", "--name", "Test Testsson")


def test_version() -> None:
    done = matchning("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Matchning {__version__}"


def test_help_lists_the_commands_in_swedish() -> None:
    done = matchning("--help")
    assert done.returncode == 0
    for word in ("init", "demo", "--db", "--demo", "--smoke", "MATCHNING_USER"):
        assert word in done.stdout


def test_init_creates_an_encrypted_database_with_its_administrator(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    done = init(path)
    assert done.returncode == 0, done.stderr
    assert str(path) in done.stdout
    assert credentials.revision(path) == HEAD_REVISION
    assert not path.read_bytes().startswith(b"SQLite format 3")
    # Run again, it unlocks and reports the database as current.
    again = matchning("--db", str(path), "init")
    assert again.returncode == 0, again.stderr
    assert HEAD_REVISION in again.stdout


def test_init_takes_the_database_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "frn-miljon.sqlite"
    done = matchning(
        "init", "--municipality", "0127", "--name", "T", env={"MATCHNING_DB": str(path)}
    )
    assert done.returncode == 0, done.stderr
    assert path.exists()


def test_without_credentials_or_terminal_a_command_says_what_it_needs(tmp_path: Path) -> None:
    done = matchning("--db", str(tmp_path / "x.sqlite"), "init", logged_in=False)
    assert done.returncode == 2
    assert "MATCHNING_USER" in done.stderr


def test_a_wrong_password_opens_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite"
    assert init(path).returncode == 0
    done = matchning("--db", str(path), "init", env={"MATCHNING_PASSWORD": "fel lösenord!!"})
    assert done.returncode == 1
    assert "Fel användarnamn eller lösenord" in done.stderr


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("MATCHNING_PASSWORD", "kort", "minst 10 tecken"),
        ("MATCHNING_USER", "a b", "Användarnamnet"),
    ],
)
def test_init_explains_a_bad_first_account(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    path = tmp_path / "ny.sqlite"
    done = matchning(
        "--db", str(path), "init", "--municipality", "0127", "--name", "T", env={field: value}
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert not path.exists()


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


def test_demo_creates_a_new_database_and_never_fills_an_existing_one(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    args = ["--db", str(path), "demo", "--scale", "S", "--persons", "120", "--employers", "30"]
    done = matchning(*args, logged_in=False)
    assert done.returncode == 0, done.stderr
    assert DEMO_PASSWORD in done.stdout
    connection = credentials.raw_connection(path, DEMO_ADMIN, DEMO_PASSWORD)
    try:
        assert connection.execute("SELECT count(*) FROM persons").fetchone()[0] == 120
        assert connection.execute("SELECT count(*) FROM employers").fetchone()[0] == 30
    finally:
        connection.close()
    again = matchning(*args, logged_in=False)
    assert again.returncode == 2
    assert "finns redan" in again.stderr


def test_smoke_starts_the_whole_app_and_exits(tmp_path: Path) -> None:
    path = tmp_path / "smoke.sqlite"
    made = matchning("--db", str(path), "demo", "--persons", "150", "--employers", "20")
    assert made.returncode == 0, made.stderr
    done = matchning(
        "--smoke", "--db", str(path),
        env={"MATCHNING_USER": DEMO_ADMIN, "MATCHNING_PASSWORD": DEMO_PASSWORD},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "smoke ok" in done.stdout
    assert "100 rows" in done.stdout


def test_smoke_on_a_fresh_database_sets_it_up(tmp_path: Path) -> None:
    path = tmp_path / "tom.sqlite"
    done = matchning("--smoke", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "0 rows" in done.stdout
    assert credentials.revision(path) == HEAD_REVISION


def test_smoke_fails_with_the_reason_on_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "trasig.sqlite"
    path.write_bytes(b"\x00\x01garbage")
    done = matchning("--smoke", "--db", str(path))
    assert done.returncode == 1
    assert "ingen Matchning-databas" in done.stderr


def test_demo_mode_creates_its_own_database_apart_from_the_real_one(tmp_path: Path) -> None:
    real = tmp_path / "riktig.sqlite"
    done = matchning("--demo", "--smoke", env={"MATCHNING_DB": str(real)}, logged_in=False)
    assert done.returncode == 0, done.stderr
    assert not real.exists()
    assert "100 rows" in done.stdout  # the demo database was created with made-up people
