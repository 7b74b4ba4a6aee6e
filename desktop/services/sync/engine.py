"""One sync: push what changed here, then pull what changed on the server.

Each step commits on the server before it commits here, and a repeated step finds its
work done (a row already as pushed merges to no change; an audit event already there is
skipped; a pull starts again from the last cursor committed here), so a sync cut off at
any moment is completed by the next one (docs/sync.md, "Avbrott").
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError, ProgrammingError

from desktop.models import AuditEvent
from desktop.models.base import utcnow
from desktop.models.sync import SyncState
from desktop.services.sync import laptop, server
from desktop.services.sync.merge import merge
from desktop.services.sync.tables import (
    pushed_fields,
    synced_tables,
)
from desktop.store.database import Database

PUSH_BATCH = 500
AUDIT_BATCH = 2000

# phase ("skickar", "hämtar", ...), done, total (None when not known)
Progress = Callable[[str, int, int | None], None]


@dataclass
class Report:
    pushed: int = 0
    pulled: int = 0
    deleted: int = 0
    conflicts: int = 0
    refused: int = 0
    audit_events: int = 0
    mended: int = 0
    changed_tables: set[str] = field(default_factory=set)


def _quiet(phase: str, done: int, total: int | None) -> None:
    return None


def run(db: Database, remote: Engine, *, who: str, progress: Progress = _quiet) -> Report:
    """Push, then pull. `who` is the user's name, kept with the conflicts they meet."""
    with db.engine.connect() as connection:
        current = laptop.state(connection)
    if current is None:
        raise RuntimeError("the laptop is not connected to a server")
    sync = _Sync(db, remote, who, progress, current)
    with laptop.writing(db) as connection:
        laptop.ensure_triggers(connection)
    sync.push_rows()
    sync.push_audit()
    sync.pull()
    with laptop.writing(db) as connection:
        connection.execute(update(SyncState).values(last_sync_at=utcnow(), last_error=None))
    return sync.report


@dataclass(frozen=True)
class _Conflict:
    table_name: str
    row_id: uuid.UUID
    fields: tuple[str, ...]
    mine: dict[str, Any]
    theirs: dict[str, Any]
    server_by: str | None
    server_at: Any


@dataclass
class _Pushed:
    """What one batch did on the server, to be settled here."""

    marks: dict[str, dict[uuid.UUID, int]]  # the pending marks the batch was read with
    written: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    gone: dict[str, list[uuid.UUID]] = field(default_factory=lambda: defaultdict(list))
    conflicts: list[_Conflict] = field(default_factory=list)
    refused: set[tuple[str, uuid.UUID]] = field(default_factory=set)


class _Sync:
    def __init__(
        self, db: Database, remote: Engine, who: str, progress: Progress, current: SyncState
    ) -> None:
        self.db = db
        self.remote = remote
        self.who = who
        self.progress = progress
        self.current = current
        self.report = Report()

    # -- push -------------------------------------------------------------------------

    def push_rows(self) -> None:
        with self.db.engine.connect() as connection:
            waiting = laptop.pending(connection)
        total = len(waiting)
        for start in range(0, total, PUSH_BATCH):
            marks: dict[str, dict[uuid.UUID, int]] = defaultdict(dict)
            for table_name, row_id, changes in waiting[start : start + PUSH_BATCH]:
                marks[table_name][row_id] = changes
            self._push_batch(_Pushed(marks))
            self.progress("skickar", min(start + PUSH_BATCH, total), total)

    def _push_batch(self, pushed: _Pushed) -> None:
        with self.db.engine.connect() as connection:
            local = {t: laptop.rows(connection, t, list(i)) for t, i in pushed.marks.items()}
            base = {t: laptop.bases(connection, t, list(i)) for t, i in pushed.marks.items()}
        order = [t.name for t in synced_tables() if t.name in pushed.marks]
        with self.remote.begin() as connection:
            for table_name in order:
                _push_table(connection, table_name, local[table_name], base[table_name], pushed)
            for table_name in reversed(order):
                if pushed.gone[table_name]:
                    server.delete_rows(connection, table_name, pushed.gone[table_name])
        with laptop.writing(self.db) as connection, laptop.applying(connection):
            self._settle(connection, order, pushed)
            # Settling only writes these rows (and the sync's own bookkeeping).
            written = {t: list(pushed.marks[t]) for t in order}
            self.report.mended += laptop.repair_references(connection, written)
            for conflict in pushed.conflicts:
                laptop.add_conflicts(
                    connection,
                    conflict.table_name,
                    conflict.row_id,
                    fields=conflict.fields,
                    local=conflict.mine,
                    server=conflict.theirs,
                    local_by=self.who,
                    server_by=conflict.server_by,
                    server_at=conflict.server_at,
                )
                self.report.conflicts += len(conflict.fields)
        self.report.refused += len(pushed.refused)

    def _settle(self, connection: Connection, order: list[str], pushed: _Pushed) -> None:
        """The server has committed: the rows here become what the server now has, unless
        the user changed them again meanwhile (they stay pending and merge next time)."""
        for table_name in order:
            marks = pushed.marks[table_name]
            rows = [
                r for r in pushed.written[table_name] if (table_name, r["id"]) not in pushed.refused
            ]
            again = laptop.done(connection, table_name, {r["id"]: marks[r["id"]] for r in rows})
            settled = [r for r in rows if r["id"] not in again]
            laptop.upsert(connection, table_name, settled)
            laptop.set_bases(connection, table_name, settled)
            gone = pushed.gone[table_name]
            if gone:
                laptop.done(connection, table_name, {i: marks[i] for i in gone})
                laptop.forget(connection, table_name, gone)
            self.report.pushed += len(rows) + len(gone)
            if rows or gone:
                self.report.changed_tables.add(table_name)

    def push_audit(self) -> None:
        """This laptop's audit events, appended on the server under the laptop's id."""
        after = self.current.pushed_audit_seq
        while True:
            with self.db.engine.connect() as connection:
                events = [
                    dict(r)
                    for r in connection.execute(
                        select(AuditEvent.__table__)
                        .where(AuditEvent.seq > after)
                        .order_by(AuditEvent.seq)
                        .limit(AUDIT_BATCH)
                    ).mappings()
                ]
            if not events:
                return
            with self.remote.begin() as connection:
                server.push_audit(connection, self.current.laptop_id, self.current.db_user, events)
            after = events[-1]["seq"]
            with laptop.writing(self.db) as connection:
                connection.execute(update(SyncState).values(pushed_audit_seq=after))
            self.report.audit_events += len(events)
            self.progress("skickar logg", self.report.audit_events, None)

    # -- pull -------------------------------------------------------------------------

    def pull(self) -> None:
        with self.db.engine.connect() as connection:
            current = laptop.state(connection)
        assert current is not None
        with self.remote.connect() as connection:
            # One snapshot for the whole pull: the rows agree with the changes listed.
            connection.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                below = server.horizon(connection)
                if current.pulled_xid == 0 and current.pulled_seq == 0:
                    self._pull_everything(connection, below)
                else:
                    self._pull_changes(connection, (current.pulled_xid, current.pulled_seq), below)
            finally:
                connection.rollback()

    def _pull_everything(self, connection: Connection, below: int) -> None:
        """A laptop's first pull: every row it may see, table by table. Each part is its
        own short transaction here, so that the user's own saves never wait long; the
        cursor is set at the end, so a pull cut off starts again (writing a row twice
        changes nothing), and what changes meanwhile is pulled from `below` on."""
        for synced in synced_tables():
            for part in server.stream(connection, synced.name):
                with laptop.writing(self.db) as local, laptop.applying(local):
                    self._apply(local, connection, synced.name, part)
                    self.report.mended += laptop.repair_references(
                        local, {synced.name: [r["id"] for r in part]}
                    )
                self.progress("hämtar", self.report.pulled, None)
        with laptop.writing(self.db) as local, laptop.applying(local):
            # Once over everything, as the batches above checked their own table alone.
            self.report.mended += laptop.repair_references(local)
            local.execute(update(SyncState).values(pulled_xid=below, pulled_seq=0))

    def _pull_changes(self, connection: Connection, after: tuple[int, int], below: int) -> None:
        touched: dict[str, set[uuid.UUID]] = defaultdict(set)
        cursor = after
        while page := server.changes(connection, cursor, below):
            for _xid, _seq, table_name, row_id, _deleted in page:
                touched[table_name].add(row_id)
            cursor = (page[-1][0], page[-1][1])
        if cursor == after:
            return
        order = [t.name for t in synced_tables()]
        vanished: dict[str, list[uuid.UUID]] = {}
        with laptop.writing(self.db) as local, laptop.applying(local):
            for table_name in order:
                ids = sorted(touched.get(table_name, ()))
                if ids:
                    found = server.rows(connection, table_name, ids)
                    self._apply(local, connection, table_name, list(found.values()))
                    # Deleted, or no longer this login's to see: gone from here too.
                    vanished[table_name] = [i for i in ids if i not in found]
                    self.progress("hämtar", self.report.pulled, None)
            for table_name in reversed(order):
                ids = vanished.get(table_name, [])
                if ids:
                    laptop.remove(local, table_name, ids)
                    laptop.forget(local, table_name, ids)
                    self.report.deleted += len(ids)
                    self.report.changed_tables.add(table_name)
            # Rows removed may have orphaned rows of any table: then check them all.
            removed = any(vanished.values())
            written = None if removed else {t: sorted(ids) for t, ids in touched.items()}
            self.report.mended += laptop.repair_references(local, written)
            local.execute(update(SyncState).values(pulled_xid=cursor[0], pulled_seq=cursor[1]))

    def _apply(
        self, local: Connection, remote: Connection, table_name: str, rows: list[dict[str, Any]]
    ) -> None:
        """Write server rows here; a row also changed here since its last sync is merged,
        and stays pending so that the merge is pushed next time."""
        if not rows:
            return
        ids = [r["id"] for r in rows]
        waiting = laptop.is_pending(local, table_name, ids)
        if waiting:
            mine = laptop.rows(local, table_name, list(waiting))
            base = laptop.bases(local, table_name, list(waiting))
            fields = pushed_fields(table_name)
            merged_rows = []
            for row in rows:
                if row["id"] not in mine:
                    merged_rows.append(row)
                    continue
                result = merge(base.get(row["id"]), mine[row["id"]], row, fields)
                merged_rows.append(result.row)
                if result.conflicts:
                    server_by, server_at = server.last_writer(remote, table_name, row["id"])
                    laptop.add_conflicts(
                        local,
                        table_name,
                        row["id"],
                        fields=result.conflicts,
                        local=mine[row["id"]],
                        server=row,
                        local_by=self.who,
                        server_by=server_by,
                        server_at=server_at,
                    )
                    self.report.conflicts += len(result.conflicts)
            rows_here = merged_rows
        else:
            rows_here = rows
        laptop.upsert(local, table_name, rows_here)
        laptop.set_bases(local, table_name, rows)
        self.report.pulled += len(rows)
        self.report.changed_tables.add(table_name)


def _push_table(
    connection: Connection,
    table_name: str,
    local: dict[uuid.UUID, dict[str, Any]],
    base: dict[uuid.UUID, dict[str, Any]],
    pushed: _Pushed,
) -> None:
    """Merge each row into the server's, in the server's transaction (rows locked)."""
    ids = list(pushed.marks[table_name])
    on_server = server.rows(connection, table_name, ids, lock=True)
    fields = pushed_fields(table_name)
    inserts = []
    for row_id in ids:
        mine, theirs = local.get(row_id), on_server.get(row_id)
        if mine is None:
            pushed.gone[table_name].append(row_id)
        elif theirs is None:
            # Gone from the server since this laptop last had it: the delete wins (an
            # erasure must reach every laptop) and the pull removes it here.
            if row_id not in base:
                inserts.append(mine)
                pushed.written[table_name].append(mine)
        else:
            result = merge(base.get(row_id), mine, theirs, fields)
            if result.conflicts:
                server_by, server_at = server.last_writer(connection, table_name, row_id)
                pushed.conflicts.append(
                    _Conflict(
                        table_name, row_id, result.conflicts, mine, theirs, server_by, server_at
                    )
                )
            row = result.row
            if result.server_changed:
                values = {f: row[f] for f in fields if row[f] != theirs[f]}
                values["version"] = theirs["version"] + 1
                values["updated_at"] = max(mine["updated_at"], theirs["updated_at"])
                if not server.update_row(connection, table_name, row_id, values):
                    pushed.refused.add((table_name, row_id))
                    continue
                row = {**row, **values}
            pushed.written[table_name].append(row)
    if inserts:
        pushed.refused.update(_insert(connection, table_name, inserts))


def _insert(
    connection: Connection, table_name: str, rows: list[dict[str, Any]]
) -> set[tuple[str, uuid.UUID]]:
    """Insert new rows; one the server refuses (its policy, or a reference it does not
    know) stays pending here, and the others go."""
    try:
        with connection.begin_nested():
            server.insert_rows(connection, table_name, rows)
        return set()
    except (IntegrityError, ProgrammingError):
        refused = set()
        for row in rows:
            try:
                with connection.begin_nested():
                    server.insert_rows(connection, table_name, [row])
            except (IntegrityError, ProgrammingError):
                refused.add((table_name, row["id"]))
        return refused
