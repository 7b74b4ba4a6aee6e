"""Erasing the selected rows, inside the caller's transaction, and what follows: the
search index merged, the file vacuumed, old backups removed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from desktop import clock
from desktop.services import audit
from desktop.services.retention.base import RetentionError, _chunks, _fault
from desktop.services.retention.cutoffs import _stored
from desktop.services.retention.selection import (
    _CLOSED,
    _DELETES,
    _PERSONS_SQL,
    _fill,
    _fill_cases_of_persons,
    _fill_referrals,
    _rows,
    _temp_tables,
)
from desktop.store import backup as backups
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.services.retention.cutoffs import Cutoffs


# -- erasing ------------------------------------------------------------------------


def _erase(
    connection: Connection,
    person_ids: Sequence[str],
    case_ids: Sequence[str],
    params: dict[str, str] | None,
) -> dict[str, int]:
    """Delete the given persons (with everything of theirs) and cases, inside the
    caller's transaction. With `params`, rows no longer matching the rule are left."""
    counts: dict[str, int] = {}
    with _temp_tables(connection):
        if params is None:
            _fill(connection, "rt_p", person_ids)
            _fill(connection, "rt_c", case_ids)
        else:
            _fill_checked(connection, person_ids, case_ids, params)
        _fill_cases_of_persons(connection)
        _fill_referrals(connection)
        # Persons who keep a case: their current case is copied again afterwards.
        keeping = [
            row[0]
            for row in _rows(
                connection,
                "SELECT DISTINCT person_id FROM cases WHERE id IN (SELECT id FROM temp.rt_c) "
                "AND person_id NOT IN (SELECT id FROM temp.rt_p)",
            )
        ]
        connection.exec_driver_sql(
            "UPDATE placements SET referral_id = NULL "
            "WHERE referral_id IN (SELECT id FROM temp.rt_r) "
            "AND person_id NOT IN (SELECT id FROM temp.rt_p) "
            "AND (case_id IS NULL OR case_id NOT IN (SELECT id FROM temp.rt_c))"
        )
        for table, where in _DELETES:
            deleted = connection.exec_driver_sql(f"DELETE FROM {table} WHERE {where}").rowcount
            counts[table] = counts.get(table, 0) + max(deleted, 0)
        if keeping:
            _sync_current_cases(connection, keeping)
    return counts


def _fill_checked(
    connection: Connection,
    person_ids: Sequence[str],
    case_ids: Sequence[str],
    params: dict[str, str],
) -> None:
    """The batch's rows that still match the rule (a case reopened since is kept)."""
    if person_ids:
        _fill(connection, "rt_r", person_ids)  # a scratch list of candidates
        connection.exec_driver_sql(
            "INSERT INTO temp.rt_p (id) "
            + _PERSONS_SQL.replace(
                "FROM persons p WHERE",
                "FROM persons p WHERE p.id IN (SELECT id FROM temp.rt_r) AND",
            ).replace(" ORDER BY p.id", ""),
            params,
        )
        connection.exec_driver_sql("DELETE FROM temp.rt_r")
    if case_ids:
        _fill(connection, "rt_r", case_ids)
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO temp.rt_c (id) SELECT c.id FROM cases c "
            f"WHERE c.id IN (SELECT id FROM temp.rt_r) AND {_CLOSED}",
            params,
        )
        connection.exec_driver_sql("DELETE FROM temp.rt_r")


def _sync_current_cases(connection: Connection, person_ids: Sequence[str]) -> None:
    """desktop/services/cases.py `sync_all_current_cases`, for these persons."""
    for chunk in _chunks(person_ids, 500):
        marks = ", ".join("?" for _ in chunk)
        connection.exec_driver_sql(
            "UPDATE persons SET current_case_id = (SELECT c.id FROM cases c "
            "WHERE c.person_id = persons.id ORDER BY c.opened_on DESC, c.created_at DESC "
            f"LIMIT 1) WHERE id IN ({marks})",
            tuple(chunk),
        )
        connection.exec_driver_sql(
            "UPDATE persons SET "
            "current_case_status = (SELECT status FROM cases WHERE id = persons.current_case_id),"
            " current_agent_id = (SELECT agent_id FROM cases WHERE id = persons.current_case_id) "
            f"WHERE id IN ({marks})",
            tuple(chunk),
        )


def _delete_ids(connection: Connection, table: str, ids: Sequence[str]) -> int:
    removed = 0
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" for _ in chunk)
        removed += connection.exec_driver_sql(
            f"DELETE FROM {table} WHERE id IN ({marks})", tuple(chunk)
        ).rowcount
    return removed


_NO_DELETE_TRIGGER = "audit_events_no_delete"


def _erase_audit_prefix(connection: Connection, upto: int) -> int:
    """Delete the events up to `upto` and record where the chain now starts, in the
    caller's transaction. The append-only trigger is lifted for this one statement
    and put back exactly as it was."""
    trigger = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (_NO_DELETE_TRIGGER,),
    ).scalar()
    last = connection.exec_driver_sql(
        "SELECT hash FROM audit_events WHERE seq = ?", (upto,)
    ).scalar()
    if last is None:
        return 0
    if trigger is not None:
        connection.exec_driver_sql(f"DROP TRIGGER {_NO_DELETE_TRIGGER}")
    removed = connection.exec_driver_sql(
        "DELETE FROM audit_events WHERE seq <= ?", (upto,)
    ).rowcount
    if trigger is not None:
        connection.exec_driver_sql(str(trigger))
    now = _stored(clock.now())
    connection.exec_driver_sql(
        "INSERT INTO settings (key, value, created_at, updated_at, version) "
        "VALUES (?, ?, ?, ?, 1) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
        "updated_at = excluded.updated_at, version = settings.version + 1",
        (audit.CHAIN_START, json.dumps({"seq": upto + 1, "prev_hash": str(last)}), now, now),
    )
    return max(removed, 0)


def _merge_search_index(connection: Connection) -> None:
    # Deleting from FTS5 only marks the names as gone; merging all segments drops them
    # from the index's pages.
    connection.exec_driver_sql("INSERT INTO person_search (person_search) VALUES ('optimize')")


def _compact(db: Database) -> tuple[bool, bool]:
    """VACUUM (the file is rewritten without the freed pages) and a truncating WAL
    checkpoint (the WAL, which held the deleted pages, is emptied)."""
    raw = db.raw_connection()
    try:
        driver = raw.driver_connection
        try:
            driver.execute("VACUUM")
            busy = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except Exception as error:
            raise _fault(error, db, compacting=True) from error
        return True, bool(busy is not None and busy[0] == 0)
    finally:
        raw.close()


def _old_backups(db: Database, cutoffs: Cutoffs) -> list[backups.BackupFile]:
    return [item for item in backups.backup_files(db.path) if item.made_at < cutoffs.backups]


def _prune_backups(db: Database, cutoffs: Cutoffs) -> list[Any]:
    from desktop.store.keys import key_file_path

    removed = []
    for item in _old_backups(db, cutoffs):
        for leftover in (item.path, key_file_path(item.path)):
            try:
                leftover.unlink(missing_ok=True)
            except OSError as error:
                raise RetentionError(
                    f"Den gamla säkerhetskopian {item.path} kunde inte tas bort "
                    f"({error.strerror}). Det som skulle gallras i databasen är gallrat; "
                    "ta bort kopian för hand eller kör gallringen igen."
                ) from error
        removed.append(item.path)
    return removed
