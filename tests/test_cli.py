"""The command line as a user or a script runs it: real processes, real files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli.common import ProgressLine
from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD
from desktop.store.keys import KeyFile, key_file_path
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


@pytest.mark.parametrize(
    ("option", "bad", "reason"),
    [
        ("--persons", "0", "måste vara minst 1"),
        ("--persons", "-5", "måste vara minst 1"),
        ("--persons", "många", "inte ett heltal"),
        ("--persons", "1000001", "får vara högst 1\u00a0000\u00a0000"),
        ("--employers", "99999999999999999999", "får vara högst 200\u00a0000"),
        ("--notes", "0", "måste vara minst 1"),
        ("--contacts", "2.5", "inte ett heltal"),
    ],
)
def test_demo_rejects_bad_counts(tmp_path: Path, option: str, bad: str, reason: str) -> None:
    done = matchning("--db", str(tmp_path / "d.sqlite"), "demo", option, bad)
    assert done.returncode == 2
    assert option in done.stderr
    assert reason in done.stderr
    assert not (tmp_path / "d.sqlite").exists()


def test_demo_sizes_follow_the_counts_given_and_say_what_was_made(tmp_path: Path) -> None:
    path = tmp_path / "liten.sqlite"
    started = time.monotonic()
    done = matchning("--db", str(path), "demo", "--persons", "300", "--employers", "40")
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    connection = credentials.raw_connection(path, DEMO_ADMIN, DEMO_PASSWORD)
    try:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("persons", "employers", "employer_contacts", "vacancies", "case_notes")
        }
    finally:
        connection.close()
    # Scale L's proportions: 5 notes a person, 10 contacts and 2.5 needs an employer.
    assert counts == {
        "persons": 300,
        "employers": 40,
        "employer_contacts": 400,
        "vacancies": 100,
        "case_notes": 1_500,
    }
    said = done.stdout.splitlines()
    assert said[0] == f"Demodatabasen är skapad: {path}"
    assert said[1].startswith(
        "300 deltagare, 3"  # ärenden: one or more a person
    )
    for text in ("1\u00a0500 journalanteckningar", "40 arbetsgivare", "400 arbetsgivarkontakter",
                 "100 rekryteringsbehov"):  # fmt: skip
        assert text in said[1]
    assert "matchning-demo" in said[2]
    # Progress on stderr (not a terminal here: plain lines), at most one a second.
    lines = done.stderr.splitlines()
    assert lines[0].startswith("Skapar 300 deltagare, 40 arbetsgivare, 400 arbetsgivarkontakter")
    assert "\r" not in done.stderr
    assert lines[-1] == "Klart … 100 %"
    assert 2 <= len(lines) <= 3 + elapsed


def test_progress_line_shows_at_most_one_report_an_interval() -> None:
    now = [0.0]
    out = io.StringIO()
    line = ProgressLine(out, interval=1.0, clock=lambda: now[0], deferred=False)
    for n in range(1_000):
        now[0] = n / 100  # a report every 10 ms for 10 s
        line("Skapar deltagare", n / 1_000)
    line("Klart", 1.0)
    line.close()
    shown = out.getvalue().splitlines()
    assert len(shown) == 11
    assert shown[0] == "Skapar deltagare … 0 %"
    assert shown[1] == "Skapar deltagare … 10 %"
    assert shown[-1] == "Klart … 100 %"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_rewrites_one_line_on_a_terminal_and_ends_it() -> None:
    now = [0.0]
    out = Terminal()
    line = ProgressLine(out, clock=lambda: now[0], deferred=False)
    line("Skapar ärenden och journalanteckningar", 0.25)
    now[0] = 1.0
    line("Sparar", 0.99)
    line("Klart", 1.0)
    line.close()
    first, second, third = (
        "Skapar ärenden och journalanteckningar … 25 %",
        "Sparar … 99 %",
        "Klart … 100 %",
    )
    blank = " " * (len(first) - len(second))  # what is left of the longer line
    assert out.getvalue() == f"\r{first}\r{second}{blank}\r{third}\n"


def test_a_report_held_back_is_shown_when_its_interval_is_up() -> None:
    out = io.StringIO()
    line = ProgressLine(out, interval=0.05)
    line("Skapar användare", 0.0)
    line("Beräknar matchningen", 0.5)  # then a long step reports nothing for a while
    deadline = time.monotonic() + 5
    while "Beräknar" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    line.close()
    assert out.getvalue().splitlines() == ["Skapar användare … 0 %", "Beräknar matchningen … 50 %"]


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


def test_smoke_with_a_wrong_password_says_so_and_writes_the_attempt_down(tmp_path: Path) -> None:
    # The key is derived in a thread beside the imports: its failure still ends the run
    # with the login's own words, and counts as a failed attempt like any other.
    path = tmp_path / "smoke.sqlite"
    made = matchning("--db", str(path), "demo", "--persons", "20", "--employers", "5")
    assert made.returncode == 0, made.stderr
    done = matchning(
        "--smoke", "--db", str(path),
        env={"MATCHNING_USER": DEMO_ADMIN, "MATCHNING_PASSWORD": "fel-lösenord-1"},
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("matchning: ")
    assert "Traceback" not in done.stderr
    assert KeyFile.load(key_file_path(path)).seconds_to_wait(DEMO_ADMIN) > 0


def test_a_command_after_a_program_update_says_it_upgrades_the_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.sqlite"
    credentials.set_up(path).db.close()
    credentials.downgrade(path, "0014")
    done = matchning("--db", str(path), "user", "list")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("matchning: Programmet har uppdaterats")
    assert "säkerhetskopia" in done.stderr
    assert credentials.revision(path) == HEAD_REVISION
    again = matchning("--db", str(path), "user", "list")
    assert again.stderr == ""


def test_until_first_page_logs_in_through_the_window_and_says_how_long_it_took(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.sqlite"
    made = matchning("--db", str(path), "demo", "--persons", "120", "--employers", "10")
    assert made.returncode == 0, made.stderr
    login = {"MATCHNING_USER": DEMO_ADMIN, "MATCHNING_PASSWORD": DEMO_PASSWORD}
    done = matchning("--until-first-page", "--db", str(path), env=login)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.splitlines()[-1])
    assert figures["first_page"] > 0
    assert figures["kdf"] > 0
    wrong = {**login, "MATCHNING_PASSWORD": "fel-lösenord-1"}
    refused = matchning("--until-first-page", "--db", str(path), env=wrong)
    assert refused.returncode == 1
    assert refused.stderr.startswith("matchning: ")
    assert "Traceback" not in refused.stderr


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
