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
from desktop.services.sync.report import PULLING, PUSHING, PUSHING_LOG, Report
from desktop.services.sync.tables import (
    pushed_fields,
    synced_tables,
)
from desktop.store.database import Database

PUSH_BATCH = 500
AUDIT_BATCH = 2000

# phase (one of the three below), done, total (None when not known)
Progress = Callable[[str, int, int | None], None]


def _quiet(phase: str, done: int, total: int | None) -> None:
    return None


def run(db: Database, remote: Engine, *, who: str, progress: Progress = _quiet) -> Report:
    """Push, then pull. `who` is the user's name, kept with the conflicts they meet."""
    with db.engine.connect() as connection:
        current = laptop.state(connection)
    if current is None:
        raise RuntimeError("the laptop is not connected to a server")
    with remote.connect() as connection:
        restored = server.next_xid(connection) < current.pulled_xid
    with laptop.writing(db) as connection:
        laptop.ensure_triggers(connection)
        if restored:
            # The server's transaction counter went back: it was restored from a backup
            # into a new cluster. What it has is no longer what this laptop last saw, so
            # forget that, offer everything again (a row missing there is sent again, a
            # row differing is a conflict, nothing is lost) and pull everything.
            laptop.start_over(connection)
            current = laptop.state(connection) or current
    sync = _Sync(db, remote, who, progress, current)
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
    read: dict[str, dict[uuid.UUID, dict[str, Any]]] = field(default_factory=dict)
    written: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    gone: dict[str, list[uuid.UUID]] = field(default_factory=lambda: defaultdict(list))
    conflicts: list[_Conflict] = field(default_factory=list)
    refused: set[tuple[str, uuid.UUID]] = field(default_factory=set)

    @property
    def order(self) -> list[str]:
        return [t.name for t in synced_tables() if t.name in self.marks]


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
        if not self._recover():
            return
        with self.db.engine.connect() as connection:
            waiting = laptop.pending(connection)
        total = len(waiting)
        for start in range(0, total, PUSH_BATCH):
            marks: dict[str, dict[uuid.UUID, int]] = defaultdict(dict)
            for table_name, row_id, changes in waiting[start : start + PUSH_BATCH]:
                marks[table_name][row_id] = changes
            self._push_batch(_Pushed(marks))
            self.progress(PUSHING, min(start + PUSH_BATCH, total), total)

    def _push_batch(self, pushed: _Pushed) -> None:
        with self.db.engine.connect() as connection:
            pushed.read = {t: laptop.rows(connection, t, list(i)) for t, i in pushed.marks.items()}
            base = {t: laptop.bases(connection, t, list(i)) for t, i in pushed.marks.items()}
        with self.remote.begin() as connection:
            xid = server.current_xid(connection)
            for table_name in pushed.order:
                _push_table(connection, table_name, pushed, base[table_name])
            for table_name in reversed(pushed.order):
                if pushed.gone[table_name]:
                    server.delete_rows(connection, table_name, pushed.gone[table_name])
            # Noted here before the server commits: if this process dies between the two
            # commits, the next sync asks the server how `xid` ended (_recover).
            with laptop.writing(self.db) as local:
                laptop.note_inflight(local, xid, _journal(pushed))
        self._finish(pushed, xid)

    def _finish(self, pushed: _Pushed, xid: int) -> None:
        with laptop.writing(self.db) as connection, laptop.applying(connection):
            self._settle(connection, pushed)
            # Settling only writes these rows (and the sync's own bookkeeping).
            written = {t: list(pushed.marks[t]) for t in pushed.order}
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
            laptop.clear_inflight(connection, xid)
        self.report.refused += len(pushed.refused)

    def _recover(self) -> bool:
        """Settle a push that an earlier sync left between the server's commit and this
        laptop's. False while the server has not yet seen that transaction end (its
        connection was cut a moment ago): the rows are then pushed next time."""
        with self.db.engine.connect() as connection:
            journal = laptop.inflight(connection)
        if not journal:
            return True
        with self.remote.connect() as connection:
            states = {xid: server.transaction_state(connection, xid) for xid in journal}
        for xid, entries in journal.items():
            if states[xid] == "in progress":
                return False
            if states[xid] == "committed":
                self._finish(_from_journal(entries), xid)
            else:
                with laptop.writing(self.db) as connection:
                    laptop.clear_inflight(connection, xid)
        return True

    def _settle(self, connection: Connection, pushed: _Pushed) -> None:
        """The server has committed: the rows here become what the server now has. A row
        the user changed again meanwhile keeps those changes (merged over the server's
        row, as the read row's descendant) and stays pending."""
        for table_name in pushed.order:
            marks = pushed.marks[table_name]
            rows = [
                r for r in pushed.written[table_name] if (table_name, r["id"]) not in pushed.refused
            ]
            again = laptop.done(connection, table_name, {r["id"]: marks[r["id"]] for r in rows})
            settled = [r for r in rows if r["id"] not in again]
            laptop.upsert(connection, table_name, settled)
            later = laptop.rows(connection, table_name, list(again)) if again else {}
            fields = pushed_fields(table_name)
            for row in rows:
                current = later.get(row["id"])
                if row["id"] in again and current is not None:
                    result = merge(pushed.read[table_name].get(row["id"]), current, row, fields)
                    laptop.upsert(connection, table_name, [result.row])
                    if result.conflicts:
                        laptop.add_conflicts(
                            connection,
                            table_name,
                            row["id"],
                            fields=result.conflicts,
                            local=current,
                            server=row,
                            local_by=self.who,
                            server_by=None,
                            server_at=row["updated_at"],
                        )
                        self.report.conflicts += len(result.conflicts)
            laptop.set_bases(connection, table_name, rows)
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
            self.progress(PUSHING_LOG, self.report.audit_events, None)

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
        with laptop.bulk_writing(self.db) as local:
            for synced in synced_tables():
                for part in server.stream(connection, synced.name):
                    with local.begin(), laptop.applying(local):
                        self._apply(local, connection, synced.name, part)
                        self.report.mended += laptop.repair_references(
                            local, {synced.name: [r["id"] for r in part]}
                        )
                    self.progress(PULLING, self.report.pulled, None)
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
                    self.progress(PULLING, self.report.pulled, None)
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
            # The server's rows are now the base of the rows still pending; a row not
            # pending is its own base (laptop._trigger).
            laptop.set_bases(local, table_name, [r for r in rows if r["id"] in waiting])
        else:
            rows_here = rows
        laptop.upsert(local, table_name, rows_here)
        self.report.pulled += len(rows)
        self.report.changed_tables.add(table_name)


def _push_table(
    connection: Connection,
    table_name: str,
    pushed: _Pushed,
    base: dict[uuid.UUID, dict[str, Any]],
) -> None:
    """Merge each row into the server's, in the server's transaction (rows locked)."""
    ids = list(pushed.marks[table_name])
    local = pushed.read[table_name]
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


def _journal(pushed: _Pushed) -> list[laptop.Inflight]:
    entries = []
    conflicts = {(c.table_name, c.row_id): c for c in pushed.conflicts}
    for table_name in pushed.order:
        marks, read = pushed.marks[table_name], pushed.read[table_name]
        for row in pushed.written[table_name]:
            if (table_name, row["id"]) in pushed.refused:
                continue
            conflict = conflicts.get((table_name, row["id"]))
            entries.append(
                laptop.Inflight(
                    table_name,
                    row["id"],
                    marks[row["id"]],
                    read.get(row["id"]),
                    row,
                    None
                    if conflict is None
                    else (conflict.fields, conflict.theirs, conflict.server_by, conflict.server_at),
                )
            )
        for row_id in pushed.gone[table_name]:
            entries.append(laptop.Inflight(table_name, row_id, marks[row_id], None, None, None))
    return entries


def _from_journal(entries: list[laptop.Inflight]) -> _Pushed:
    pushed = _Pushed(defaultdict(dict))
    pushed.read = defaultdict(dict)
    for entry in entries:
        pushed.marks[entry.table_name][entry.row_id] = entry.changes
        if entry.read is not None:
            pushed.read[entry.table_name][entry.row_id] = entry.read
        if entry.written is None:
            pushed.gone[entry.table_name].append(entry.row_id)
            continue
        pushed.written[entry.table_name].append(entry.written)
        if entry.conflict is not None and entry.read is not None:
            fields, theirs, server_by, server_at = entry.conflict
            pushed.conflicts.append(
                _Conflict(
                    entry.table_name, entry.row_id, fields, entry.read, theirs, server_by, server_at
                )
            )
    return pushed


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
