"""Shared fixtures. Qt runs offscreen; every test gets its own data and log directories."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import clock
from desktop.store.database import Database
from desktop.store.keys import KdfParams, new_database_key
from desktop.store.schema import open_database

# A real PostgreSQL server for the tests of the shared server's schema.
pytest_plugins = ["tests.postgres"]

_SESSION_TODAY = pytest.StashKey[dt.date]()


def pytest_configure(config: pytest.Config) -> None:
    """Pin "today" to the day the run started, before any test module is imported: many
    compute `TODAY = clock.today()` at import while the code under test asks
    `clock.today()` later, so a run that crosses midnight would otherwise see two days.
    `clock.now()` keeps running; a test that needs another day uses `clock.pinned`."""
    day = clock.today()
    clock.pin(day)
    config.stash[_SESSION_TODAY] = day


def pytest_unconfigure(config: pytest.Config) -> None:
    clock.pin(None)


@pytest.fixture(scope="session")
def session_today(pytestconfig: pytest.Config) -> dt.date:
    """The day this run is pinned to."""
    return pytestconfig.stash[_SESSION_TODAY]


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the real user's data, logs and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("MATCHNING_DB", raising=False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its real cost takes ~0.2 s a password; in-process tests use a cheap
    setting unless marked `real_kdf`. Subprocess tests always pay the real cost."""
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setattr("desktop.store.keys.DEFAULT_KDF", KdfParams(1, 1024, 1))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "matchning.sqlite"


@pytest.fixture
def db_key() -> bytes:
    """A raw database key: what unlocking with a password yields, without the Argon2 wait."""
    return new_database_key()


@pytest.fixture
def db(db_path: Path, db_key: bytes) -> Iterator[Database]:
    """An encrypted database, as the app always opens."""
    database = open_database(db_path, key=db_key)
    try:
        yield database
    finally:
        database.close()
