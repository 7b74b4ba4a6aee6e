"""`matchning backup` and `matchning restore` as an administrator runs them: real
processes, real files, the real key derivation."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from desktop.services.accounts import AccountService, log_in
from desktop.store.backup import backups_dir
from tests import credentials
from tests.factories import make_person
from tests.test_cli import init, matchning

MARKER = "Zxqwmarker"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(path: Path) -> list[str]:
    """The persons in a database or a backup, opened with its own key file."""
    connection = credentials.raw_connection(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT first_name FROM persons"))
    finally:
        connection.close()


def _add_person(path: Path, *first_names: str) -> None:
    opened = log_in(path, credentials.USER, credentials.PASSWORD)
    try:
        with opened.db.unit_of_work(actor=opened.actor.user_id) as session:
            for first_name in first_names:
                make_person(session, first_name, "Testsson")
    finally:
        opened.db.close()


def _trail(path: Path) -> list[tuple[str, str | None]]:
    connection = credentials.raw_connection(path)
    try:
        return [
            (str(h), d)
            for h, d in connection.execute("SELECT hash, details FROM audit_events ORDER BY seq")
        ]
    finally:
        connection.close()


def _safety_backups(path: Path) -> list[Path]:
    return sorted(backups_dir(path).glob("*.fore-aterstallning.*.sqlite"))


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "matchning.sqlite"
    done = init(path)
    assert done.returncode == 0, done.stderr
    return path


def test_backup_and_restore_round_trip(database: Path) -> None:
    _add_person(database, "Före")
    made = matchning("--db", str(database), "backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.split("sparad: ")[1].splitlines()[0])
    assert backup.parent == backups_dir(database)
    assert Path(f"{backup}.keys").exists()
    # The copy opens with the user's password through the key file beside it.
    assert _names(backup) == ["Före"]
    _add_person(database, MARKER)
    trail = _trail(database)

    done = matchning("--db", str(database), "restore", str(backup))

    assert done.returncode == 0, done.stderr
    assert "återställd" in done.stdout
    assert _names(database) == ["Före"]
    [safety] = _safety_backups(database)
    assert str(safety) in done.stdout
    assert _names(safety) == ["Före", MARKER]
    # The audit trail is whole: the events since the backup (adding MARKER among them)
    # were carried over as they were, and the restore follows them.
    restored = _trail(database)
    assert restored[: len(trail)] == trail
    # The command's own login (two events) is carried over too, then the restore.
    assert len(restored) == len(trail) + 3
    assert restored[-1][1] is not None
    assert restored[-1][1].startswith("återställd från säkerhetskopia; loggens händelser")
    checked = matchning("--db", str(database), "audit", "verify")
    assert checked.returncode == 0, checked.stdout
    assert f"{safety.name}): finns kvar i loggen." in checked.stdout
    assert f"{backup.name}): finns kvar i loggen." in checked.stdout
    # The restored database opens and logs in as before.
    again = matchning("--db", str(database), "init")
    assert again.returncode == 0, again.stderr


def test_a_backup_does_not_show_what_it_holds(database: Path) -> None:
    _add_person(database, MARKER)
    made = matchning("--db", str(database), "backup")
    assert made.returncode == 0, made.stderr
    [backup] = backups_dir(database).glob("*.manuell.*.sqlite")
    content = backup.read_bytes()
    assert not content.startswith(b"SQLite format 3")
    assert MARKER.encode() not in content
    assert [p.name for p in backups_dir(database).iterdir() if "-wal" in p.name] == []


def test_backup_to_a_folder_or_a_new_file_but_never_over_a_file(
    database: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    into_folder = matchning("--db", str(database), "backup", str(usb))
    assert into_folder.returncode == 0, into_folder.stderr
    [made] = usb.glob("matchning.manuell.*.sqlite")
    assert str(made) in into_folder.stdout

    named = usb / "fredag.sqlite"
    as_file = matchning("--db", str(database), "backup", str(named))
    assert as_file.returncode == 0, as_file.stderr
    assert _names(named) == []

    before = _digest(named)
    over = matchning("--db", str(database), "backup", str(named))
    assert over.returncode == 2
    assert "skrivs inte över" in over.stderr
    assert _digest(named) == before

    nowhere = matchning("--db", str(database), "backup", str(tmp_path / "saknas" / "x.sqlite"))
    assert nowhere.returncode == 2
    assert "finns inte" in nowhere.stderr


def _letter(tmp_path: Path, _database: Path) -> Path:
    path = tmp_path / "brev.sqlite"
    path.write_text("Hej! Ingen databas här.\n" * 100, encoding="utf-8")
    return path


def _damaged(tmp_path: Path, database: Path) -> Path:
    _add_person(database, *(f"Namn{index}" for index in range(40)))
    made = matchning("--db", str(database), "backup", str(tmp_path / "skadad.sqlite"))
    assert made.returncode == 0, made.stderr
    path = tmp_path / "skadad.sqlite"
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        chunk = handle.read(32)
        handle.seek(-len(chunk), os.SEEK_CUR)
        handle.write(bytes(byte ^ 0x5A for byte in chunk))
    return path


def _other_database(tmp_path: Path, _database: Path) -> Path:
    other = tmp_path / "annan" / "annan.sqlite"
    assert init(other).returncode == 0
    target = tmp_path / "annan-kopia.sqlite"
    assert matchning("--db", str(other), "backup", str(target)).returncode == 0
    return target


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_letter, "kan inte läsas med databasens nyckel"),
        (_damaged, "är skadad"),
        (_other_database, "annan databas"),
    ],
)
def test_restore_refuses_a_bad_backup_and_leaves_everything_as_it_was(
    database: Path, tmp_path: Path, make: object, words: str
) -> None:
    assert callable(make)
    _add_person(database, "Kvar")
    bad: Path = make(tmp_path, database)
    names = _names(database)
    before = _digest(bad)

    done = matchning("--db", str(database), "restore", str(bad))

    assert done.returncode == 1
    assert words in done.stderr
    assert "Inget har ändrats" in done.stderr
    assert _names(database) == names
    assert _digest(bad) == before
    assert _safety_backups(database) == []


def test_restore_of_a_missing_file_is_bad_input(database: Path, tmp_path: Path) -> None:
    done = matchning("--db", str(database), "restore", str(tmp_path / "finns-inte.sqlite"))
    assert done.returncode == 2
    assert "finns inte" in done.stderr


def test_only_an_administrator_may_restore(database: Path) -> None:
    made = matchning("--db", str(database), "backup")
    assert made.returncode == 0, made.stderr
    [backup] = backups_dir(database).glob("*.manuell.*.sqlite")
    opened = log_in(database, credentials.USER, credentials.PASSWORD)
    try:
        AccountService(opened.db, opened.actor).add_user(
            username="agent",
            full_name="Agnes Agent",
            role="handlaggare",
            municipality_code="0127",
            password="agentens lösenord",
        )
    finally:
        opened.db.close()
    agent = {"MATCHNING_USER": "agent", "MATCHNING_PASSWORD": "agentens lösenord"}

    done = matchning("--db", str(database), "restore", str(backup), env=agent)

    assert done.returncode == 1
    assert "administratör" in done.stderr
    assert _safety_backups(database) == []


def test_help_describes_both_commands() -> None:
    for command in ("backup", "restore"):
        done = matchning(command, "--help", logged_in=False)
        assert done.returncode == 0
        assert "SÖKVÄG" in done.stdout
