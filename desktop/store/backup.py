"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def backup_name(database: Path, reason: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return backups_dir(database) / f"{database.stem}.{reason}.{stamp}.sqlite"


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy everything committed in `source` (WAL included) into a new file `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
    return target
