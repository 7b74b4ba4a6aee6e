from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.store.errors import DatabaseInUseError
from desktop.store.location import default_database_path, resolve_database_path
from desktop.store.schema import open_database


def test_explicit_path_wins_over_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHNING_DB", str(tmp_path / "env.sqlite"))
    assert resolve_database_path(tmp_path / "cli.sqlite") == tmp_path / "cli.sqlite"
    assert resolve_database_path(None) == tmp_path / "env.sqlite"


def test_default_is_in_the_user_data_directory(tmp_path: Path) -> None:
    path = resolve_database_path(None)
    assert path == default_database_path()
    assert path.name == "matchning.sqlite"
    assert "Matchning" in path.parts[-2]


def test_demo_never_uses_the_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHNING_DB", str(tmp_path / "real.sqlite"))
    demo = resolve_database_path(None, demo=True)
    assert demo.name == "matchning-demo.sqlite"
    assert demo != resolve_database_path(None)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from desktop.store.schema import open_database
    db = open_database(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()
    db.close()
    """
)


def test_a_second_process_is_refused_with_a_clear_message(db_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseInUseError, match="används redan"):
            open_database(db_path)
    finally:
        holder.communicate("\n", timeout=30)
    # Once the first one has closed, the database opens again.
    open_database(db_path).close()


def test_the_lock_is_released_when_the_holder_is_killed(db_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"
    holder.kill()
    holder.wait(timeout=30)
    holder.stdout.close()
    assert holder.stdin is not None
    holder.stdin.close()
    open_database(db_path).close()
