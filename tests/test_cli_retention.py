"""`matchning retention preview` and `run` as an administrator runs them, in real
processes: counts per rule, a run that needs --yes, and a handläggare refused with one
Swedish line on stderr."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.services.accounts import AccountService, log_in
from tests import credentials
from tests.factories import make_person, open_case
from tests.test_cli import init, matchning


def _one_closed_person(path: Path) -> None:
    opened = log_in(path, credentials.USER, credentials.PASSWORD)
    try:
        with opened.db.unit_of_work(actor=opened.actor.user_id) as session:
            person = make_person(session, "Gallras", "Testsson")
            case = open_case(session, person)
            case.status = "avslutad"
            case.opened_on = dt.date(2019, 1, 1)
            case.closed_on = dt.date(2020, 1, 1)
            keeper = make_person(session, "Stannar", "Testsson")
            open_case(session, keeper)
    finally:
        opened.db.close()


@pytest.fixture
def world(tmp_path: Path) -> Path:
    path = tmp_path / "matchning.sqlite"
    done = init(path)
    assert done.returncode == 0, done.stderr
    _one_closed_person(path)
    return path


def test_preview_then_run_from_the_command_line(world: Path) -> None:
    preview = matchning("--db", str(world), "retention", "preview", "--list")
    assert preview.returncode == 0, preview.stderr
    assert "Avslutade ärenden: 1" in preview.stdout
    assert "Personer utan ärende kvar: 1" in preview.stdout
    assert "Gallras" not in preview.stdout  # the list names no one

    refused = matchning("--db", str(world), "retention", "run")
    assert refused.returncode == 2
    assert "--yes" in refused.stderr

    done = matchning("--db", str(world), "retention", "run", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Gallringen är klar." in done.stdout
    assert "Personer utan ärende kvar: 1" in done.stdout
    connection = credentials.raw_connection(world)
    try:
        names = sorted(row[0] for row in connection.execute("SELECT first_name FROM persons"))
    finally:
        connection.close()
    assert names == ["Stannar"]

    verified = matchning("--db", str(world), "audit", "verify")
    assert verified.returncode == 0, verified.stdout


def test_a_handlaggare_is_refused_with_one_line(world: Path) -> None:
    opened = log_in(world, credentials.USER, credentials.PASSWORD)
    try:
        AccountService(opened.db, opened.actor).add_user(
            username="bo",
            full_name="Bo Agent",
            role="handlaggare",
            municipality_code=None,
            password="ett annat långt lösenord",
        )
    finally:
        opened.db.close()
    env = {"MATCHNING_USER": "bo", "MATCHNING_PASSWORD": "ett annat långt lösenord"}
    done = matchning("--db", str(world), "retention", "preview", env=env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "matchning: Det här kräver behörighet som administratör."
    ]
