"""What every benchmark shares: the data set, percentiles, and the JSON line it prints."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.accounts import Actor
    from desktop.store.database import Database

from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD

PYTHON = sys.executable
DATA_DIR = Path(__file__).resolve().parent / ".data"
# Window geometry and the last screen, kept away from the user's own settings.
UI_SETTINGS = str(DATA_DIR / "benchmark-ui.ini")
# The raw database key in hex, for benchmark child processes; empty for a plain file.
KEY_ENV = "MATCHNING_BENCH_KEY"


@dataclass(frozen=True)
class Run:
    scale: str
    db: Path
    repeat: int
    # The frozen app's program (packaging/build.py) for the start-up figures; None: the
    # app run from source, `python -m desktop`.
    program: Path | None = None

    def app(self, *args: str) -> list[str]:
        """The command line that starts the app (from source, or the frozen one)."""
        start = [str(self.program)] if self.program else [PYTHON, "-m", "desktop"]
        return [*start, *args]

    def bare(self, *args: str) -> list[str]:
        """The bare Qt window that is the limit: frozen the same way when the app is."""
        if self.program:
            from benchmarks import frozen_bare

            return [str(frozen_bare.program()), *args]
        return [PYTHON, "-m", "benchmarks.bare_qt", *args]

    @property
    def variant(self) -> dict[str, str]:
        """Said beside a start-up figure: which app was measured."""
        return {"app": "frozen" if self.program else "source"}


def emit(
    name: str,
    run: Run,
    value: float,
    unit: str,
    limit: float,
    *,
    target: str | None = None,
    **extra: object,
) -> dict[str, object]:
    """Print one result: the app's figure, the limit measured beside it, and their ratio."""
    record: dict[str, object] = {
        "name": name,
        "scale": run.scale,
        "value": round(value, 4),
        "unit": unit,
        "limit": round(limit, 4),
        "ratio": round(value / limit, 3) if limit else None,
    }
    if target:
        record["target"] = target
    record.update(extra)
    print(json.dumps(record, ensure_ascii=False), flush=True)
    return record


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def timed(action: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def interleaved(
    app: Callable[[], object], limit: Callable[[], object], runs: int
) -> tuple[list[float], list[float]]:
    """Milliseconds of `app` and of its limit, taken in turn `runs` times so that load on
    the shared machine hits both alike; `app` once before, to warm the file cache."""
    app()
    app_ms: list[float] = []
    limit_ms: list[float] = []
    for _ in range(runs):
        app_ms.append(timed(app))
        limit_ms.append(timed(limit))
    return app_ms, limit_ms


def kdf_alone(db: Path) -> Callable[[], bytes]:
    """The Argon2id derivation alone, with the demo administrator's own costs."""
    from desktop.store.keys import KeyFile, derive_kek, key_file_path

    params = KeyFile.load(key_file_path(db)).users[DEMO_ADMIN].kdf
    salt = secrets.token_bytes(16)
    return lambda: derive_kek(DEMO_PASSWORD, salt, params)


def offscreen_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_process(args: Sequence[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall-clock seconds of a child process, and its stdout; fails loudly if it fails."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, done.stdout


def unlock(db: Path) -> bytes:
    """The demo database's key, unlocked as its administrator (one Argon2id derivation)."""
    from desktop.store.keys import KeyFile, key_file_path

    return KeyFile.load(key_file_path(db)).unlock(DEMO_ADMIN, DEMO_PASSWORD)


def key_env(key: bytes | None) -> dict[str, str]:
    return {KEY_ENV: key.hex() if key else ""}


def key_from_env() -> bytes | None:
    text = os.environ.get(KEY_ENV, "")
    return bytes.fromhex(text) if text else None


def login_env() -> dict[str, str]:
    """What `matchning --smoke` needs to log in to the demo database."""
    return offscreen_env(MATCHNING_USER=DEMO_ADMIN, MATCHNING_PASSWORD=DEMO_PASSWORD)


def open_as_admin(path: Path, key: bytes | None) -> tuple[Database, Actor]:
    """The database opened with `key` (None: a plain file) and its administrator, as a
    login would give them, without the password derivation and without writing."""
    from sqlalchemy import select

    from desktop.models import User
    from desktop.services import audit
    from desktop.services.accounts import Actor
    from desktop.store.schema import open_database

    db = open_database(path, key=key)
    audit.install(db)
    with db.read() as session:
        user = session.scalars(select(User).where(User.username == DEMO_ADMIN)).one()
        actor = Actor(user.id, user.username, user.full_name, user.role)
    return db, actor


def raw_connection(path: Path, key: bytes | None) -> Any:
    """A limit's connection: SQL alone, through the same driver and key as the app."""
    from desktop.store.database import connect_raw

    return connect_raw(path, key)


@contextmanager
def writable_copy(run: Run) -> Iterator[Path]:
    """A copy of the data set for figures that write (opening a record writes an audit
    row), removed afterwards, so the cached data set stays as it was built."""
    from desktop.store.keys import key_file_path

    target = DATA_DIR / f"scale-{run.scale}.writes.sqlite"
    for leftover in DATA_DIR.glob(target.name + "*"):
        leftover.unlink()
    shutil.copy(run.db, target)
    shutil.copy(key_file_path(run.db), key_file_path(target))
    try:
        yield target
    finally:
        for made in DATA_DIR.glob(target.name + "*"):
            made.unlink()
