"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.store.database import connect_raw


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def backup_name(database: Path, reason: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return backups_dir(database) / f"{database.stem}.{reason}.{stamp}.sqlite"


def copy_database(source: Any, target: Path, key: bytes | None) -> Path:
    """Copy everything committed in `source` (WAL included) into a new file `target`,
    encrypted with the same key: a backup is as protected as the database."""
    target.parent.mkdir(parents=True, exist_ok=True)
    destination = connect_raw(target, key)
    try:
        source.backup(destination)
    finally:
        destination.close()
    return target
