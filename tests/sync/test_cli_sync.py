"""`matchning server …` and `matchning sync …` in real processes against a real server:
what municipal IT and an agent type, and one Swedish line for each thing that goes wrong."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import make_url

from tests import credentials
from tests.test_cli import init, matchning


def test_it_sets_up_the_server_and_an_agent_connects_and_syncs(pg_url: str, tmp_path: Path) -> None:
    address = make_url(pg_url)
    admin_url = f"postgresql://postgres@{address.host}:{address.port}/{address.database}"
    laptop_url = f"postgresql://{address.host}:{address.port}/{address.database}"

    created = matchning("server", "init", "--url", admin_url, logged_in=False)
    assert created.returncode == 0, created.stderr
    assert "Schemat är skapat" in created.stdout
    again = matchning("server", "init", "--url", admin_url, logged_in=False)
    assert again.returncode == 2
    assert again.stderr.startswith("matchning: Databasen har redan Matchnings schema")
    current = matchning("server", "upgrade", "--url", admin_url, logged_in=False)
    assert current.returncode == 0, current.stderr
    assert "redan aktuellt" in current.stdout

    added = matchning(
        "server", "user", "add", "--url", admin_url, "--username", credentials.USER,
        "--name", "Test Administratör", "--municipality", "0127", logged_in=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    password = added.stdout.split("Lösenord:")[1].split()[0]

    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    connected = matchning(
        "--db", str(path), "sync", "connect", "--url", laptop_url, "--login", credentials.USER,
        env={"MATCHNING_SERVER_PASSWORD": password},
    )  # fmt: skip
    assert connected.returncode == 0, connected.stderr
    assert "Datorn är ansluten" in connected.stdout
    assert "Skickade" in connected.stdout

    synced = matchning("--db", str(path), "sync")
    assert synced.returncode == 0, synced.stderr
    status = matchning("--db", str(path), "sync", "status", "--json")
    state = json.loads(status.stdout)
    assert state["connected"] is True
    assert state["waiting"] == 0
    assert state["last_error"] is None
    assert matchning("--db", str(path), "sync", "conflicts").stdout.strip() == "Inga konflikter."

    verified = matchning("server", "audit-verify", "--url", admin_url, logged_in=False)
    assert verified.returncode == 0, verified.stderr
    assert "kedjan hel" in verified.stdout

    cut = matchning(
        "server", "user", "deactivate", "--url", admin_url, "--username", credentials.USER,
        logged_in=False,
    )  # fmt: skip
    assert cut.returncode == 0, cut.stderr
    refused = matchning("--db", str(path), "sync")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "matchning: Kontot är avstängt på servern. Kontakta en administratör."
    )


def test_an_address_without_a_verified_certificate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    done = matchning(
        "--db", str(path), "sync", "connect", "--url", "postgresql://server.kommun.se/matchning",
        "--login", "anna", env={"MATCHNING_SERVER_PASSWORD": "x"},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("matchning: Servern måste nås med verifierat certifikat")
    assert "Traceback" not in done.stderr


def test_a_server_that_cannot_be_reached_is_one_line() -> None:
    done = matchning(
        "server", "init", "--url", "postgresql://postgres@127.0.0.1:1/matchning", logged_in=False
    )
    assert done.returncode != 0
    assert done.stderr.startswith("matchning: Det gick inte att ansluta till databasservern")
    assert len(done.stderr.strip().splitlines()) == 1


def test_sync_on_a_laptop_not_connected_says_so(tmp_path: Path) -> None:
    path = tmp_path / "matchning.sqlite"
    assert init(path).returncode == 0
    done = matchning("--db", str(path), "sync")
    assert done.returncode == 1
    assert done.stderr.strip() == "matchning: Datorn är inte ansluten till någon server."
