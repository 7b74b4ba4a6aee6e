"""Where the database lives: --db, then MATCHNING_DB, then the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Matchning"
DB_ENV = "MATCHNING_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_database_path(*, demo: bool = False) -> Path:
    return data_dir() / ("matchning-demo.sqlite" if demo else "matchning.sqlite")


def resolve_database_path(explicit: str | os.PathLike[str] | None, *, demo: bool = False) -> Path:
    """The path given on the command line wins, then the environment, then the default.

    Demo mode never reads MATCHNING_DB: the point of it is to stay away from real data.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    if not demo and (from_env := os.environ.get(DB_ENV)):
        return Path(from_env).expanduser().resolve()
    return default_database_path(demo=demo)
