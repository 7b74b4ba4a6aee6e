"""The laptop's side of a sync, on its own SQLite (SQLCipher) database: which rows wait to
be pushed, the rows as the server last had them, conflicts, and writing server rows here
without their being taken for local changes."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.models.base import utcnow
from desktop.models.sync import SyncBase, SyncConflict, SyncInflight, SyncPending, SyncState
from desktop.services.sync.tables import (
    LOCAL_ONLY,
    decode_row,
    encode_row,
    encode_value,
    merged_fields,
    synced_tables,
    table,
)
from desktop.store.database import Database

_OPERATIONS = ("insert", "update", "delete")
_SQLITE = sqlite.dialect()
# A column and how its Python value is stored in SQLite (None: as it is).
_Converted = tuple[str, Callable[[Any], Any] | None]


def trigger_names() -> list[str]:
    return [f"sync_{t.name}_{op}" for t in synced_tables() for op in _OPERATIONS]


def _trigger(table_name: str, operation: str) -> str:
    """Note an insert, update or delete of a synced row in sync_pending, unless the sync
    itself is writing.

    A row that is not pending is as the server last had it, so it is its own base: the
    base is written only when the row is first changed here (the row as it was, OLD,
    copied before the pending mark), not for every row a sync writes (a first pull
    writes 440,000 at scale L). A row pending already has its base, or is new here and
    has none."""
    ref = "NEW" if operation == "insert" else "OLD"
    # An update counts when it touches a column that travels: logging in (which stamps
    # users.last_login_at, this laptop's own) is not a change to push.
    event = (
        f"UPDATE OF {', '.join(merged_fields(table_name))}"
        if operation == "update"
        else operation.upper()
    )
    base = ""
    if operation != "insert":
        pairs = ", ".join(f"'{c.name}', OLD.{c.name}" for c in table(table_name).columns)
        base = (
            "INSERT INTO sync_base (table_name, row_id, data) "
            f"SELECT '{table_name}', OLD.id, json_object({pairs}) "
            "WHERE NOT EXISTS (SELECT 1 FROM sync_pending "
            f"WHERE table_name = '{table_name}' AND row_id = OLD.id) "
            "ON CONFLICT (table_name, row_id) DO UPDATE SET data = excluded.data; "
        )
    return (
        f"CREATE TRIGGER sync_{table_name}_{operation} AFTER {event} ON {table_name} "
        "WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE applying) BEGIN "
        f"{base}"
        "INSERT INTO sync_pending (table_name, row_id, changes) "
        f"VALUES ('{table_name}', {ref}.id, 1) "
        "ON CONFLICT (table_name, row_id) DO UPDATE SET changes = changes + 1; END"
    )


def ensure_triggers(connection: Connection) -> None:
    """Made when the laptop is connected (a laptop that never syncs pays nothing) and
    made again before each sync, since a migration that rebuilds a table drops its
    triggers and a newer app may note changes differently."""
    # One read instead of 60 statements to parse when they are all there, as they are
    # at nearly every sync (a sync in the background runs every few seconds).
    found = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    present: dict[str, str] = dict(found.all())
    for synced in synced_tables():
        for operation in _OPERATIONS:
            name = f"sync_{synced.name}_{operation}"
            wanted = _trigger(synced.name, operation)
            if present.get(name) == wanted:
                continue
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            connection.exec_driver_sql(wanted)


def drop_triggers(connection: Connection) -> None:
    for name in trigger_names():
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


@contextmanager
def writing(db: Database) -> Iterator[Connection]:
    """One write transaction on the laptop database (BEGIN IMMEDIATE)."""
    with db.engine.execution_options(immediate=True).connect() as connection, connection.begin():
        yield connection


# Pages the WAL may hold before a commit copies them into the database (SQLite's own
# default is 1,000: 4 MB).
BULK_CHECKPOINT_PAGES = 25_000


@contextmanager
def bulk_writing(db: Database) -> Iterator[Connection]:
    """One connection for many write transactions in a row (a first pull's parts, begun
    with `connection.begin()`). Each commit copies the WAL into the database when the WAL
    has grown past a checkpoint's worth; with SQLite's default that is after every part,
    and the same index pages are copied again part after part. Here the copying waits
    for 100 MB of WAL, so each page is copied once for many parts."""
    with db.engine.execution_options(immediate=True).connect() as connection:
        _set_checkpoint(connection, BULK_CHECKPOINT_PAGES)
        try:
            yield connection
        finally:
            if connection.in_transaction():
                connection.rollback()
            _set_checkpoint(connection, 1000)


def _set_checkpoint(connection: Connection, pages: int) -> None:
    connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {pages}")
    connection.commit()


@contextmanager
def applying(connection: Connection) -> Iterator[None]:
    """Write server rows: the triggers look away, and references are checked at commit
    (a child may come before its parent within one pull)."""
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    connection.execute(update(SyncState).values(applying=True))
    yield
    connection.execute(update(SyncState).values(applying=False))


def state(connection: Connection) -> SyncState | None:
    row = connection.execute(select(SyncState.__table__)).mappings().first()
    return None if row is None else SyncState(**row)


def mark_all_pending(connection: Connection) -> None:
    """A laptop joining a server offers everything it has (the server merges)."""
    for synced in synced_tables():
        connection.execute(
            text(
                "INSERT INTO sync_pending (table_name, row_id, changes) "
                f"SELECT :name, id, 1 FROM {synced.name} WHERE true "
                "ON CONFLICT (table_name, row_id) DO NOTHING"
            ),
            {"name": synced.name},
        )


def start_over(connection: Connection) -> None:
    """Sync as if for the first time, keeping what is here: after a server restore."""
    connection.execute(delete(SyncBase))
    connection.execute(delete(SyncInflight))
    mark_all_pending(connection)
    connection.execute(update(SyncState).values(pulled_xid=0, pulled_seq=0, pushed_audit_seq=0))


def pending(connection: Connection) -> list[tuple[str, uuid.UUID, int]]:
    """What waits to be pushed, parents' tables first."""
    order = {t.name: i for i, t in enumerate(synced_tables())}
    rows = connection.execute(
        select(SyncPending.table_name, SyncPending.row_id, SyncPending.changes)
    ).all()
    return sorted(((r[0], r[1], r[2]) for r in rows), key=lambda r: order.get(r[0], 99))


def pending_count(connection: Connection) -> int:
    return len(connection.execute(select(SyncPending.row_id)).all())


def rows(
    connection: Connection, table_name: str, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    synced = table(table_name)
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in connection.execute(select(synced).where(synced.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
    return found


def bases(
    connection: Connection, table_name: str, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, Any]]:
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(SyncBase.row_id, SyncBase.data).where(
            SyncBase.table_name == table_name, SyncBase.row_id.in_(chunk)
        )
        for row_id, data in connection.execute(query):
            found[row_id] = decode_row(table_name, data)
    return found


def set_bases(
    connection: Connection, table_name: str, server_rows: Iterable[Mapping[str, Any]]
) -> None:
    values = [
        {"table_name": table_name, "row_id": row["id"], "data": encode_row(row)}
        for row in server_rows
    ]
    if values:
        statement = sqlite_insert(SyncBase).on_conflict_do_update(
            index_elements=["table_name", "row_id"], set_={"data": text("excluded.data")}
        )
        connection.execute(statement, values)


def forget(connection: Connection, table_name: str, ids: Sequence[uuid.UUID]) -> None:
    """The row is gone on both sides: no base, nothing pending."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for model in (SyncBase, SyncPending):
            connection.execute(
                delete(model).where(model.table_name == table_name, model.row_id.in_(chunk))
            )


def forget_pending(connection: Connection, table_name: str, ids: Sequence[uuid.UUID]) -> None:
    connection.execute(
        delete(SyncPending).where(
            SyncPending.table_name == table_name, SyncPending.row_id.in_(list(ids))
        )
    )


def done(
    connection: Connection, table_name: str, pushed: Mapping[uuid.UUID, int]
) -> set[uuid.UUID]:
    """Clear the pending marks of rows not changed again since they were read; returns
    the rows that were (their next push merges again). Called inside a write
    transaction, so no mark changes between reading the marks and clearing them."""
    ids = list(pushed)
    now: dict[uuid.UUID, int] = {}
    for start in range(0, len(ids), 500):
        found = connection.execute(
            select(SyncPending.row_id, SyncPending.changes).where(
                SyncPending.table_name == table_name,
                SyncPending.row_id.in_(ids[start : start + 500]),
            )
        )
        now.update((row_id, changes) for row_id, changes in found)
    # A statement per 500 rows rather than one per row: a day's push is 500 of them.
    unchanged = [row_id for row_id, changes in pushed.items() if now.get(row_id) == changes]
    for start in range(0, len(unchanged), 500):
        connection.execute(
            delete(SyncPending).where(
                SyncPending.table_name == table_name,
                SyncPending.row_id.in_(unchanged[start : start + 500]),
            )
        )
    return set(pushed) - set(unchanged)


def is_pending(connection: Connection, table_name: str, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    # Nothing of the table waits (a new laptop's first pull): one query, not one per 500.
    waiting = connection.scalar(
        select(SyncPending.row_id).where(SyncPending.table_name == table_name).limit(1)
    )
    if waiting is None:
        return found
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            connection.scalars(
                select(SyncPending.row_id).where(
                    SyncPending.table_name == table_name, SyncPending.row_id.in_(chunk)
                )
            )
        )
    return found


def upsert(
    connection: Connection, table_name: str, server_rows: Sequence[Mapping[str, Any]]
) -> None:
    """Write rows as the server has them, keeping this laptop's own columns."""
    if not server_rows:
        return
    statement, columns = _upsert_plan(table_name)
    # Straight to the driver with the columns' own conversions: SQLAlchemy's statement
    # machinery around each row cost a first pull of 440,000 rows a third of its time.
    values = [
        tuple(row[name] if convert is None else convert(row[name]) for name, convert in columns)
        for row in server_rows
    ]
    connection.exec_driver_sql(statement, values)


@cache
def _upsert_plan(table_name: str) -> tuple[str, tuple[_Converted, ...]]:
    keep = LOCAL_ONLY.get(table_name, frozenset())
    columns = [c for c in table(table_name).columns if c.name not in keep]
    names = [c.name for c in columns]
    statement = (
        f"INSERT INTO {table_name} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in names if name != "id")
    )
    return statement, tuple((c.name, c.type.bind_processor(_SQLITE)) for c in columns)


def remove(connection: Connection, table_name: str, ids: Sequence[uuid.UUID]) -> None:
    synced = table(table_name)
    for start in range(0, len(ids), 500):
        connection.execute(delete(synced).where(synced.c.id.in_(ids[start : start + 500])))


def repair_references(
    connection: Connection, written: Mapping[str, Sequence[uuid.UUID]] | None = None
) -> int:
    """Rows from the server may name a row this laptop may not see (a referral from
    another municipality names its case): such a reference is cleared when it may be
    empty, and the row dropped here otherwise. The row's base gets the cleared value
    too, so the laptop never takes the clearing for a change of its own and pushes
    it. Returns how many were mended.

    `written`: the rows, by table, the transaction only inserted or updated; only their
    own references can then be broken (every reference names an id or a code, which an
    update leaves as it was), and checking them alone spares a check of the whole
    database per batch (4 s at scale L, and a first pull has a hundred batches). None:
    check everything."""
    mended = 0
    only = written
    for _ in range(10):  # dropping a row can orphan its own children
        broken: Sequence[Any]
        if only is None:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        else:
            broken = [
                found
                for name, ids in only.items()
                if ids
                for found in _broken_references(connection, name, ids)
            ]
        if not broken:
            return mended
        for child, rowid, _parent, fk_id in broken:
            references = connection.exec_driver_sql(f"PRAGMA foreign_key_list({child})").all()
            column = next(r[3] for r in references if r[0] == fk_id)
            synced = table(child) if child in _names() else None
            row_id = str(
                connection.exec_driver_sql(
                    f"SELECT id FROM {child} WHERE rowid = ?", (rowid,)
                ).scalar_one()
            )
            if synced is not None and synced.columns[column].nullable:
                connection.exec_driver_sql(
                    f"UPDATE {child} SET {column} = NULL WHERE rowid = ?", (rowid,)
                )
                _clear_in_base(connection, child, row_id, column)
            else:
                connection.exec_driver_sql(f"DELETE FROM {child} WHERE rowid = ?", (rowid,))
                # Its own children, in any table, may be orphans now.
                only = None
                if synced is not None:
                    connection.execute(
                        delete(SyncBase).where(
                            SyncBase.table_name == child, SyncBase.row_id == uuid.UUID(hex=row_id)
                        )
                    )
            mended += 1
    return mended


def _broken_references(
    connection: Connection, table_name: str, ids: Sequence[uuid.UUID]
) -> list[tuple[str, int, str, int]]:
    """What `PRAGMA foreign_key_check(table)` reports, for these rows of the table alone."""
    references = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table_name})").all()
    if any(r[1] > 0 or r[4] is None for r in references):
        # A reference of several columns, or to an implicit key: not one this query
        # knows how to check, so the whole table is.
        whole = connection.exec_driver_sql(f"PRAGMA foreign_key_check({table_name})")
        return [(r[0], r[1], r[2], r[3]) for r in whole]
    broken: list[tuple[str, int, str, int]] = []
    for fk_id, _seq, parent, column, target, *_ in references:
        for start in range(0, len(ids), 500):
            chunk = [i.hex for i in ids[start : start + 500]]
            found = connection.exec_driver_sql(
                f"SELECT c.rowid FROM {table_name} AS c "
                f"WHERE c.id IN ({', '.join('?' * len(chunk))}) AND c.{column} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE p.{target} = c.{column})",
                tuple(chunk),
            )
            broken.extend((table_name, rowid, parent, fk_id) for (rowid,) in found)
    return broken


def _clear_in_base(connection: Connection, table_name: str, row_id: str, column: str) -> None:
    key = uuid.UUID(hex=row_id)
    found = bases(connection, table_name, [key]).get(key)
    if found is not None:
        found[column] = None
        set_bases(connection, table_name, [found])


def _names() -> set[str]:
    return {t.name for t in synced_tables()}


def add_conflicts(
    connection: Connection,
    table_name: str,
    row_id: uuid.UUID,
    *,
    fields: Iterable[str],
    local: Mapping[str, Any],
    server: Mapping[str, Any],
    local_by: str | None,
    server_by: str | None,
    server_at: dt.datetime | None,
) -> None:
    """Keep both values of each field; a conflict already noted for the field is
    replaced (the newest values are what the user must choose between)."""
    now = utcnow()
    for field in fields:
        connection.execute(
            delete(SyncConflict).where(
                SyncConflict.table_name == table_name,
                SyncConflict.row_id == row_id,
                SyncConflict.field == field,
            )
        )
        connection.execute(
            insert(SyncConflict).values(
                id=uuid.uuid4(),
                table_name=table_name,
                row_id=row_id,
                field=field,
                local_value=encode_value(local[field]),
                server_value=encode_value(server[field]),
                local_by=local_by,
                local_at=local.get("updated_at"),
                server_by=server_by,
                server_at=server_at,
                detected_at=now,
            )
        )


@dataclass(frozen=True)
class Inflight:
    """One row of a push whose server commit is not yet known here."""

    table_name: str
    row_id: uuid.UUID
    changes: int
    read: dict[str, Any] | None
    written: dict[str, Any] | None  # None: deleted on the server
    # (fields, the server's row, who changed it there, when) when some fields conflict
    conflict: tuple[tuple[str, ...], dict[str, Any], str | None, Any] | None


def note_inflight(connection: Connection, xid: int, entries: Sequence[Inflight]) -> None:
    values = [
        {
            "table_name": e.table_name,
            "row_id": e.row_id,
            "xid": xid,
            "changes": e.changes,
            "read": None if e.read is None else encode_row(e.read),
            "written": None if e.written is None else encode_row(e.written),
            "conflict": None
            if e.conflict is None
            else json.dumps(
                {
                    "fields": list(e.conflict[0]),
                    "server": encode_row(e.conflict[1]),
                    "by": e.conflict[2],
                    "at": encode_value(e.conflict[3]),
                }
            ),
        }
        for e in entries
    ]
    if values:
        connection.execute(insert(SyncInflight), values)


def inflight(connection: Connection) -> dict[int, list[Inflight]]:
    found: dict[int, list[Inflight]] = defaultdict(list)
    for row in connection.execute(select(SyncInflight.__table__)).mappings():
        name = row["table_name"]
        conflict = None
        if row["conflict"] is not None:
            noted = json.loads(row["conflict"])
            at = json.loads(noted["at"])
            conflict = (
                tuple(noted["fields"]),
                decode_row(name, noted["server"]),
                noted["by"],
                None if at is None else dt.datetime.fromisoformat(at),
            )
        found[row["xid"]].append(
            Inflight(
                name,
                row["row_id"],
                row["changes"],
                None if row["read"] is None else decode_row(name, row["read"]),
                None if row["written"] is None else decode_row(name, row["written"]),
                conflict,
            )
        )
    return dict(found)


def clear_inflight(connection: Connection, xid: int) -> None:
    connection.execute(delete(SyncInflight).where(SyncInflight.xid == xid))
