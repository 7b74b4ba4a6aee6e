"""The server's side of a sync: PostgreSQL, reached with the user's own login, which the
server's row-level security limits to what the user's municipality may see (migration
0012, docs/server.md)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from desktop.models import User
from desktop.models.sync import CentralAuditEvent, SyncAccount, SyncChange
from desktop.services.sync.tables import table

CONNECT_TIMEOUT_S = 5
BATCH = 500


def engine(url: str, user: str, password: str) -> Engine:
    """An engine for one user's login. Nothing is pooled between syncs."""
    address = make_url(url).set(drivername="postgresql+psycopg", username=user, password=password)
    return create_engine(
        address,
        hide_parameters=True,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "matchning"},
    )


def horizon(connection: Connection) -> int:
    """Every transaction below this one has ended: changes below it are all visible."""
    value = connection.exec_driver_sql(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
    ).scalar_one()
    return int(value)


def current_xid(connection: Connection) -> int:
    """This transaction's id, which outlives it: `transaction_state` tells later how it
    ended."""
    return int(connection.exec_driver_sql("SELECT pg_current_xact_id()::text::bigint").scalar_one())


def next_xid(connection: Connection) -> int:
    """The id the server's next transaction will get; it only grows, unless the server
    was restored into a new cluster."""
    value = connection.exec_driver_sql(
        "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
    ).scalar_one()
    return int(value)


def transaction_state(connection: Connection, xid: int) -> str:
    """ "committed", "aborted" or "in progress"; "unknown" when the server no longer
    remembers (a very old transaction): treated as not committed."""
    try:
        with connection.begin_nested() if connection.in_transaction() else connection.begin():
            state = connection.exec_driver_sql(
                "SELECT pg_xact_status(%(xid)s::text::xid8)", {"xid": xid}
            ).scalar()
    except DBAPIError:
        return "unknown"
    return str(state) if state else "unknown"


def changes(
    connection: Connection, after: tuple[int, int], below_xid: int, limit: int = 5000
) -> list[tuple[int, int, str, uuid.UUID, bool]]:
    """The next changes this login may see, in the order they were made."""
    xid, seq = after
    query = (
        select(
            SyncChange.xid,
            SyncChange.seq,
            SyncChange.table_name,
            SyncChange.row_id,
            SyncChange.deleted,
        )
        .where(
            (SyncChange.xid > xid) | ((SyncChange.xid == xid) & (SyncChange.seq > seq)),
            SyncChange.xid < below_xid,
        )
        .order_by(SyncChange.xid, SyncChange.seq)
        .limit(limit)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in connection.execute(query)]


def rows(
    connection: Connection, table_name: str, ids: Sequence[uuid.UUID], *, lock: bool = False
) -> dict[uuid.UUID, dict[str, Any]]:
    synced = table(table_name)
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for start in range(0, len(ids), BATCH):
        query = select(synced).where(synced.c.id.in_(ids[start : start + BATCH]))
        if lock:
            query = query.with_for_update()
        for row in connection.execute(query).mappings():
            found[row["id"]] = dict(row)
    return found


def stream(connection: Connection, table_name: str) -> Iterator[list[dict[str, Any]]]:
    """Every row of a table this login may see, a batch at a time (a server-side cursor).

    In the order of their ids: the laptop then writes each batch into one stretch of its
    primary key's index, rather than into nearly every page of it, and a page encrypted
    and written at one batch's commit is not written again at the next."""
    synced = table(table_name)
    result = connection.execution_options(stream_results=True, yield_per=5000).execute(
        select(synced).order_by(synced.c.id)
    )
    for part in result.mappings().partitions():
        yield [dict(row) for row in part]


def insert_rows(
    connection: Connection, table_name: str, values: Sequence[Mapping[str, Any]]
) -> None:
    if values:
        connection.execute(insert(table(table_name)), list(values))


def update_row(
    connection: Connection, table_name: str, row_id: uuid.UUID, values: Mapping[str, Any]
) -> bool:
    """False when the server refused (row-level security hid the row from this login)."""
    synced = table(table_name)
    result = connection.execute(update(synced).where(synced.c.id == row_id).values(**values))
    return bool(result.rowcount)


def delete_rows(connection: Connection, table_name: str, ids: Sequence[uuid.UUID]) -> None:
    synced = table(table_name)
    for start in range(0, len(ids), BATCH):
        connection.execute(delete(synced).where(synced.c.id.in_(ids[start : start + BATCH])))


def last_writer(
    connection: Connection, table_name: str, row_id: uuid.UUID
) -> tuple[str | None, dt.datetime | None]:
    """Who last changed a row on the server (a user's name where known) and when."""
    row = connection.execute(
        select(
            select(User.full_name)
            .join(SyncAccount, SyncAccount.user_id == User.id)
            .where(SyncAccount.role_name == SyncChange.changed_by)
            .scalar_subquery(),
            SyncChange.changed_by,
            SyncChange.changed_at,
        )
        .where(SyncChange.table_name == table_name, SyncChange.row_id == row_id)
        .order_by(SyncChange.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    return (row[0] or row[1]), row[2]


def push_audit(
    connection: Connection, laptop_id: uuid.UUID, login: str, events: Sequence[Mapping[str, Any]]
) -> None:
    """Append this laptop's events; one already there is left as it is, so a push that
    was cut off can simply be repeated. The server checks that `login` is the session's."""
    if not events:
        return
    values = [
        {
            "laptop_id": laptop_id,
            "seq": e["seq"],
            "event_id": e["id"],
            "occurred_at": e["occurred_at"],
            "user_id": e["user_id"],
            "action": e["action"],
            "entity_type": e["entity_type"],
            "entity_id": e["entity_id"],
            "person_id": e["person_id"],
            "screen": e["screen"],
            "details": e["details"],
            "prev_hash": e["prev_hash"],
            "hash": e["hash"],
            "pushed_by": login,
        }
        for e in events
    ]
    statement = pg_insert(CentralAuditEvent).on_conflict_do_nothing(
        index_elements=["laptop_id", "seq"]
    )
    for start in range(0, len(values), BATCH):
        connection.execute(statement, values[start : start + BATCH])
