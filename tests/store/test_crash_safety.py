"""A process killed while writing: the database opens, passes integrity_check, and holds
every transaction whose commit had returned (tests/kill_writer.py is the writer)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop.services import audit
from desktop.store.keys import new_database_key
from desktop.store.schema import open_database
from tests.kill_writer import KEY_ENV, READY, SEED_ENV

ROOT = Path(__file__).resolve().parents[2]
SEED = 20260524
# How long the child writes before it is killed: from a few milliseconds (often inside
# its first commits) to about 300 ms (a few hundred commits and some checkpoints).
MIN_DELAY_S = 0.003
MAX_DELAY_S = 0.3


@dataclass
class Outcome:
    rounds: int = 0
    acknowledged: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def _kill_round(
    path: Path, key: bytes, seed: int, delay: float, *, after_a_commit: bool = False
) -> list[str]:
    """Start a writer, let it write for `delay` seconds (counted from its first commit
    with `after_a_commit`), SIGKILL it; the ids it printed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_writer", str(path)],
        cwd=ROOT,
        env={**os.environ, KEY_ENV: key.hex(), SEED_ENV: str(seed)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        if first.strip() != READY:
            child.kill()
            _, errors = child.communicate()
            raise AssertionError(f"the writer did not start: {first!r} {errors[-2000:]}")
        committed = [child.stdout.readline()] if after_a_commit else []
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        output, errors = child.communicate()
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL, f"the writer stopped by itself: {errors[-2000:]}"
    # A line cut off by the kill was never acknowledged: only whole lines count.
    lines = "".join(committed) + output
    return [line for line in lines.split("\n")[:-1] if line]


def _check(path: Path, key: bytes, acknowledged: set[str]) -> str | None:
    """What is wrong with the database after a kill, or None."""
    with open_database(path, key=key) as db, db.connect() as connection:
        result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        if result != ["ok"]:
            return f"integrity_check: {result[:5]}"
        present = {row[0] for row in connection.exec_driver_sql("SELECT id FROM persons")}
        lost = acknowledged - present
        if lost:
            return f"{len(lost)} acknowledged commit(s) lost"
        broken = audit.verify(db).first_break
        if broken is not None:
            return f"audit chain broken at event {broken.seq}: {broken.reason}"
    return None


def _run(tmp_path: Path, rounds: int, seed: int) -> Outcome:
    path = tmp_path / "killed.sqlite"
    key = new_database_key()
    open_database(path, key=key).close()
    rng = random.Random(seed)
    outcome = Outcome()
    for number in range(rounds):
        delay = rng.uniform(MIN_DELAY_S, MAX_DELAY_S)
        ids = _kill_round(path, key, rng.randrange(2**31), delay)
        outcome.acknowledged.update(ids)
        outcome.rounds += 1
        problem = _check(path, key, outcome.acknowledged)
        if problem:
            outcome.failures.append(
                f"round {number} (killed after {delay * 1000:.0f} ms): {problem}"
            )
    return outcome


def _assert_safe(outcome: Outcome, rounds: int, seed: int) -> None:
    assert outcome.rounds == rounds
    assert outcome.failures == [], f"seed {seed}: {outcome.failures}"
    # The kills must have hit a writer that was writing, or the test proves nothing.
    assert len(outcome.acknowledged) > rounds, f"seed {seed}: too few commits to be a test"


def test_killed_writers_lose_no_acknowledged_commit(tmp_path: Path) -> None:
    outcome = _run(tmp_path, 50, SEED)
    _assert_safe(outcome, 50, SEED)


@pytest.mark.slow
def test_killed_writers_lose_no_acknowledged_commit_200_rounds(tmp_path: Path) -> None:
    seed = SEED + 1
    outcome = _run(tmp_path, 200, seed)
    _assert_safe(outcome, 200, seed)


def test_the_check_finds_a_lost_commit(tmp_path: Path) -> None:
    """The check above can fail: an id that was never committed is reported as lost."""
    path = tmp_path / "killed.sqlite"
    key = new_database_key()
    open_database(path, key=key).close()
    ids = _kill_round(path, key, seed=1, delay=0.01, after_a_commit=True)
    assert ids
    assert _check(path, key, set(ids)) is None
    assert _check(path, key, {*ids, "0" * 32}) == "1 acknowledged commit(s) lost"
