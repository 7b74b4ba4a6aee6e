"""`matchning user …` run as an administrator would: real processes, real key file."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import init, matchning

BO = {"MATCHNING_USER": "bo", "MATCHNING_PASSWORD": "bos tillfälliga"}


def test_an_administrator_manages_users_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    assert init(path).returncode == 0
    db = ["--db", str(path)]

    new_password = {"MATCHNING_NEW_PASSWORD": "bos tillfälliga"}
    added = matchning(
        *db, "user", "add", "bo", "--name", "Bo Agent", "--role", "handlaggare",
        "--municipality", "0181", env=new_password,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = matchning(*db, "user", "list")
    assert listed.returncode == 0, listed.stderr
    assert "bo " in listed.stdout
    assert "måste byta lösenord" in listed.stdout
    assert "Bo Agent" in listed.stdout

    as_bo = matchning(*db, "init", env=BO)
    assert as_bo.returncode == 0, as_bo.stderr
    refused = matchning(*db, "user", "list", env=BO)
    assert refused.returncode == 1
    assert "administratör" in refused.stderr

    assert matchning(*db, "user", "deactivate", "BO").returncode == 0
    locked_out = matchning(*db, "init", env=BO)
    assert locked_out.returncode == 1
    assert "Fel användarnamn eller lösenord" in locked_out.stderr

    reset = matchning(*db, "user", "reset-password", "bo",
                      env={"MATCHNING_NEW_PASSWORD": "ett nytt tillfälligt"})  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    back = matchning(*db, "init", env={**BO, "MATCHNING_PASSWORD": "ett nytt tillfälligt"})
    assert back.returncode == 0, back.stderr


def test_bad_requests_are_explained(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    assert init(path).returncode == 0
    db = ["--db", str(path)]
    short = matchning(*db, "user", "add", "cia", "--name", "Cia",
                      env={"MATCHNING_NEW_PASSWORD": "kort"})  # fmt: skip
    assert short.returncode == 2
    assert "minst 10 tecken" in short.stderr
    missing = matchning(*db, "user", "deactivate", "ingen")
    assert missing.returncode == 2
    assert "ingen användare" in missing.stderr
    no_terminal = matchning(*db, "user", "add", "cia", "--name", "Cia")
    assert no_terminal.returncode == 2
    assert "terminal" in no_terminal.stderr
