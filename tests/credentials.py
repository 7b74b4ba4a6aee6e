"""Logging in from tests: made-up accounts and reading encrypted files directly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from desktop.services import accounts
from desktop.store.database import connect_raw
from desktop.store.keys import KeyFile, key_file_path

USER = "testadmin"
PASSWORD = "ett långt testlösenord"
ENV = {"MATCHNING_USER": USER, "MATCHNING_PASSWORD": PASSWORD}


def set_up(path: Path) -> accounts.Opened:
    """A new installation at `path` with the test administrator (Botkyrka), logged in;
    the caller closes `opened.db`."""
    return accounts.set_up(
        path,
        municipality_code="0127",
        full_name="Test Administratör",
        username=USER,
        password=PASSWORD,
    )


def env(**extra: str) -> dict[str, str]:
    """The process environment with the test account, for running `matchning`."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", **ENV, **extra}


def raw_connection(path: Path, user: str = USER, password: str = PASSWORD) -> Any:
    """The encrypted database opened with SQL alone, unlocked as `user`."""
    key = KeyFile.load(key_file_path(path)).unlock(user, password)
    return connect_raw(path, key)


def revision(path: Path, user: str = USER, password: str = PASSWORD) -> str:
    connection = raw_connection(path, user, password)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def downgrade(path: Path, revision: str, user: str = USER, password: str = PASSWORD) -> None:
    """The encrypted database as an older program left it: migrations undone to `revision`."""
    from alembic import command

    from desktop.store.database import make_engine
    from desktop.store.schema import _alembic_config, migrations_dir

    key = KeyFile.load(key_file_path(path)).unlock(user, password)
    engine = make_engine(path, key)
    try:
        with engine.begin() as connection:
            command.downgrade(_alembic_config(connection, migrations_dir()), revision)
    finally:
        engine.dispose()
