"""A full disk under a live database, made with SQLite's own limit on the file's size.

`PRAGMA max_page_count` (set at or below the current size it means "no more pages")
makes SQLite refuse a write that needs a new page with SQLITE_FULL, "database or disk is
full", the error a full disk gives. The limit belongs to a connection, so it is set on
every connection the pool hands out.

A small save usually fits into free space on pages the database already has, and would
get through even a full disk's limit. So while the disk is full, a temporary trigger (on
each connection only, never stored in the file) adds a padding row larger than the free
pages to every audit event; every save writes an audit event, so every save needs room.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from desktop.store.database import Database

PADDING_TABLE = "test_disk_padding"
TRIGGER = "test_disk_full"
NO_LIMIT = 2**31 - 1


class FullDisk:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._full = False
        self._padding_bytes = 0
        with db.connect() as connection:
            connection.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {PADDING_TABLE} (data BLOB)")
            connection.commit()
        event.listen(db.engine, "checkout", self._on_checkout)

    def fill(self, *, padding: bool = True) -> None:
        """From now on the disk is full; without `padding`, a small save may still fit."""
        with self._db.connect() as connection:
            # SQLCipher answers this one as text.
            page_size = int(connection.exec_driver_sql("PRAGMA page_size").scalar_one())
            free_pages = int(connection.exec_driver_sql("PRAGMA freelist_count").scalar_one())
        self._full = True
        self._padding_bytes = (free_pages + 4) * page_size if padding else 0

    def free(self) -> None:
        self._full = False
        self._padding_bytes = 0

    def close(self) -> None:
        self.free()
        event.remove(self._db.engine, "checkout", self._on_checkout)

    def _on_checkout(self, connection: Any, _record: Any, _proxy: Any) -> None:
        connection.execute(f"DROP TRIGGER IF EXISTS temp.{TRIGGER}")
        if not self._full:
            connection.execute(f"PRAGMA max_page_count = {NO_LIMIT}")
            return
        # Never below the current size: SQLite raises a lower limit to it.
        connection.execute("PRAGMA max_page_count = 1")
        if self._padding_bytes:
            connection.execute(
                f"CREATE TEMP TRIGGER {TRIGGER} AFTER INSERT ON audit_events "
                f"BEGIN INSERT INTO {PADDING_TABLE} VALUES (zeroblob({self._padding_bytes})); END"
            )
