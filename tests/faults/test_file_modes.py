"""Every file Matchning writes is readable by its owner alone, and files from before are
tightened when the database is next opened (docs/security.md, "Filer")."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.test_cli import init, matchning


def _modes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): stat.S_IMODE(p.stat().st_mode)
        for p in sorted(folder.rglob("*"))
    }


def test_the_database_its_companions_backups_and_exports_are_the_owners_alone(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    path = folder / "matchning.sqlite"
    assert init(path).returncode == 0
    assert matchning("--db", str(path), "backup").returncode == 0
    export = folder / "logg.csv"
    done = matchning("--db", str(path), "audit", "export", "--out", str(export))
    assert done.returncode == 0, done.stderr

    modes = _modes(folder)
    assert {
        "matchning.sqlite",
        "matchning.sqlite.keys",
        "matchning.sqlite.lock",
        "logg.csv",
    } <= set(modes)
    assert any(name.startswith("backups/") for name in modes)
    for name, mode in modes.items():
        wanted = 0o700 if (folder / name).is_dir() else 0o600
        assert mode == wanted, f"{name}: {oct(mode)}"


def test_files_left_readable_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    assert matchning("--db", str(path), "backup").returncode == 0
    backups = tmp_path / "backups"
    loose = [path, path.with_name(path.name + ".keys"), backups, *backups.iterdir()]
    for item in loose:
        item.chmod(0o755 if item.is_dir() else 0o644)

    assert matchning("--db", str(path), "user", "list").returncode == 0

    for item in loose:
        wanted = 0o700 if item.is_dir() else 0o600
        assert stat.S_IMODE(item.stat().st_mode) == wanted, item.name
