"""`matchning audit verify` and `matchning audit export`, run as an administrator would."""

from __future__ import annotations

import csv
import datetime as dt
import re
import uuid
from pathlib import Path

import openpyxl
import pytest

from desktop.services import audit
from desktop.services.accounts import AccountService
from tests import credentials
from tests.test_cli import matchning

AGENT = "agent"
AGENT_PASSWORD = "agentens långa lösenord"
HEAD = re.compile(r"Senaste händelse: nr (\d+), hash ([0-9a-f]{64})")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """An installation with the test administrator and an agent (made in-process, so the
    key file's cheap test cost also makes the commands' logins quick)."""
    path = tmp_path / "m.sqlite"
    opened = credentials.set_up(path)
    try:
        AccountService(opened.db, opened.actor).add_user(
            username=AGENT,
            full_name="Agnes Agent",
            role="handlaggare",
            municipality_code="0127",
            password=AGENT_PASSWORD,
        )
    finally:
        opened.db.close()
    return path


def verify(path: Path, *more: str) -> tuple[int, str]:
    done = matchning("--db", str(path), "audit", "verify", *more)
    assert not done.stderr, done.stderr
    return done.returncode, done.stdout


def tamper(path: Path, *statements: str) -> None:
    connection = credentials.raw_connection(path)
    try:
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute("DROP TRIGGER audit_events_no_delete")
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def event_count(path: Path) -> int:
    connection = credentials.raw_connection(path)
    try:
        return int(connection.execute("SELECT count(*) FROM audit_events").fetchone()[0])
    finally:
        connection.close()


def test_verify_reports_an_unbroken_log_and_its_head(database: Path) -> None:
    before = event_count(database)
    code, out = verify(database)
    assert code == 0
    # A login adds two events: the user's last login time and the login itself.
    newest = before + 2
    assert event_count(database) == newest
    assert f"Kontrollerade händelser: {newest}" in out
    head = HEAD.search(out)
    assert head is not None
    assert head.group(1) == str(newest)
    assert f"--head {newest}:{head.group(2)}" in out
    assert out.rstrip().endswith("Loggen är obruten.")

    # The next run checks one more login and still finds the noted event.
    code, out = verify(database, "--head", f"{newest}:{head.group(2)}")
    assert code == 0, out
    assert f"Kontrollerade händelser: {newest + 2}" in out


def test_verify_reports_the_first_break(database: Path) -> None:
    tamper(database, "UPDATE audit_events SET action = 'read' WHERE seq = 2")
    code, out = verify(database)
    assert code == 1
    assert "Kontrollerade händelser: 1" in out
    assert "Loggen är bruten vid händelse nr 2: händelsen har ändrats" in out
    assert "obruten" not in out


def test_verify_finds_a_removed_tail_against_the_noted_head(database: Path) -> None:
    code, out = verify(database)
    head = HEAD.search(out)
    assert code == 0
    assert head is not None
    noted = int(head.group(1))
    tamper(database, f"DELETE FROM audit_events WHERE seq > {noted - 2}")
    # The next login chains on to what is left, so the chain itself holds; the noted
    # event's number is reached again, by an event with another hash.
    code, out = verify(database, "--head", f"{noted}:{head.group(2)}")
    assert code == 1
    assert f"Kontrollerade händelser: {noted}" in out
    assert f"Loggen är bruten vid händelse nr {noted}: " in out
    assert "tagits bort" in out
    # Against a head further on than the log now reaches:
    code, out = verify(database, "--head", f"{noted + 10}:{head.group(2)}")
    assert code == 1
    assert "före den antecknade händelsen" in out


def restore_guards(path: Path) -> None:
    connection = credentials.raw_connection(path)
    try:
        for guard in audit.GUARDS.values():
            connection.execute(guard)
    finally:
        connection.close()


def rewrite_from(path: Path, seq: int) -> None:
    """What a forger holding the key can do: change event `seq`, hash every event from
    there on again the app's way, and put the guards back."""
    tamper(path, f"UPDATE audit_events SET screen = 'ändrad' WHERE seq = {seq}")
    connection = credentials.raw_connection(path)
    try:
        rows = connection.execute(
            f"SELECT {', '.join(audit.HASHED)} FROM audit_events ORDER BY seq"
        ).fetchall()
        previous = audit.GENESIS
        for values in rows:
            row = dict(zip(audit.HASHED, values, strict=True))
            for name in ("id", "user_id", "entity_id", "person_id"):
                row[name] = uuid.UUID(row[name]) if row[name] else None
            row["occurred_at"] = dt.datetime.fromisoformat(row["occurred_at"]).replace(
                tzinfo=dt.UTC
            )
            row["prev_hash"] = previous
            previous = audit.event_hash(row)
            connection.execute(
                "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?",
                (row["prev_hash"], previous, row["seq"]),
            )
        for guard in audit.GUARDS.values():
            connection.execute(guard)
    finally:
        connection.close()


def test_a_plain_verify_finds_the_newest_events_removed(database: Path) -> None:
    """The head noted beside the database when the last command closed it shows a
    shortened log, with no --head typed and the guards put back."""
    code, out = verify(database)
    assert code == 0, out
    noted = event_count(database)  # the newest event, noted as the command closed
    tamper(database, f"DELETE FROM audit_events WHERE seq > {noted - 3}")
    restore_guards(database)

    code, out = verify(database)

    assert code == 1
    assert f"Nr {noted} (antecknad bredvid databasen " in out
    assert f"före den antecknade händelsen nr {noted}: händelser i slutet har tagits bort" in out
    assert "Kontakta IT" in out
    assert "obruten." not in out.splitlines()[-1]
    # The evidence stays: the command's own close did not move the note past the gap.
    code, again = verify(database)
    assert code == 1
    assert f"Nr {noted} (antecknad bredvid databasen " in again


def test_a_rewritten_log_is_found_by_every_kept_backup(database: Path) -> None:
    made = matchning("--db", str(database), "backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.split("sparad: ")[1].splitlines()[0])
    rewrite_from(database, 2)
    # The forger also removes the note beside the database; the backup remains.
    (database.parent / f"{database.name}.audit-head").unlink()

    code, out = verify(database)

    assert code == 1
    assert "Loggen är bruten" not in out  # the chain itself is whole again
    assert f"(säkerhetskopian {backup.name}): händelsen har en annan hash" in out
    assert "loggen har skrivits om" in out
    assert out.rstrip().endswith("Loggen är inte obruten: se raderna ovan.")


def test_a_backup_that_cannot_be_read_is_said_but_not_counted(database: Path) -> None:
    made = matchning("--db", str(database), "backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.split("sparad: ")[1].splitlines()[0])
    backup.write_bytes(b"\0" * 4096)

    code, out = verify(database)

    assert code == 0, out
    assert f"Säkerhetskopian {backup.name} kan inte läsas." in out
    assert out.rstrip().endswith("Loggen är obruten.")


def test_only_an_administrator_may_verify_or_export(database: Path, tmp_path: Path) -> None:
    agent = {"MATCHNING_USER": AGENT, "MATCHNING_PASSWORD": AGENT_PASSWORD}
    for command in (["verify"], ["export", "--out", str(tmp_path / "logg.csv")]):
        done = matchning("--db", str(database), "audit", *command, env=agent)
        assert done.returncode == 1
        assert "administratör" in done.stderr
        assert done.stdout == ""
    assert not (tmp_path / "logg.csv").exists()


def test_export_writes_the_filtered_log_as_csv_and_xlsx(database: Path, tmp_path: Path) -> None:
    for _ in range(2):
        assert verify(database)[0] == 0  # two more logins by the administrator
    out = tmp_path / "inloggningar.csv"
    done = matchning(
        "--db", str(database), "audit", "export", "--out", str(out),
        "--user", credentials.USER.upper(), "--action", "inloggning", "--from", "2000-01-01",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    # The two logins above and the export's own login.
    assert f"Exporterade 3 händelser till {out}" in done.stdout
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    assert [(r["Händelse"], r["Användarnamn"], r["Skärm"]) for r in rows] == [
        ("inloggning", credentials.USER, "kommandorad")
    ] * 3
    assert [int(r["Nr"]) for r in rows] == sorted((int(r["Nr"]) for r in rows), reverse=True)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[0]["Tid (svensk tid)"])

    xlsx = tmp_path / "allt.xlsx"
    done = matchning("--db", str(database), "audit", "export", "--out", str(xlsx))
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    try:
        values = list(workbook["Logg"].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()
    # Everything up to this export's login, of which the CSV export was one event.
    actions = [row[4] for row in values]
    assert actions[0] == "inloggning"
    assert actions.count("exporterat") == 1
    assert [row[0] for row in values] == list(range(len(values), 0, -1))
    code, report = verify(database)
    assert code == 0, report


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--from", "1 maj"], 2, "ÅÅÅÅ-MM-DD"),
        (["--action", "läsa"], 2, "okänd händelse"),
        (["--from", "2026-02-01", "--to", "2026-01-01"], 2, "--from kan inte vara efter --to"),
        (["--user", "ingen"], 2, "ingen användare 'ingen'"),
    ],
)
def test_export_explains_bad_arguments(
    database: Path, tmp_path: Path, arguments: list[str], code: int, message: str
) -> None:
    out = tmp_path / "logg.csv"
    done = matchning("--db", str(database), "audit", "export", "--out", str(out), *arguments)
    assert done.returncode == code
    assert message in done.stderr
    assert not out.exists()


def test_export_refuses_an_unknown_file_type(database: Path, tmp_path: Path) -> None:
    out = tmp_path / "logg.pdf"
    done = matchning("--db", str(database), "audit", "export", "--out", str(out))
    assert done.returncode == 1
    assert ".csv eller .xlsx" in done.stderr
    assert not out.exists()
