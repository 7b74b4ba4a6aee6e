"""Bulk inserts: rows buffered per table and written with executemany in large batches.

The statements are built from the ORM's table definitions, so a misspelt column, or a
required one left out, fails when the sink is made rather than deep into a run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection

from desktop.models import Base

Progress = Callable[[str, float], None]

BATCH_ROWS = 10_000
# Every table carries these, appended by the sink (see desktop/models/base.py).
STAMP_COLUMNS = ("created_at", "updated_at", "version")


class TableSink:
    """Buffered rows of one table; `add` takes the row without its stamp columns."""

    __slots__ = ("_rows", "_sql", "_writer", "count", "table")

    def __init__(self, writer: BulkWriter, table: str, columns: Sequence[str]) -> None:
        self._writer = writer
        self.table = table
        self.count = 0
        self._rows: list[tuple[object, ...]] = []
        names = (*columns, *STAMP_COLUMNS)
        placeholders = ", ".join("?" for _ in names)
        self._sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"

    def add(self, values: tuple[object, ...], stamp: str, updated: str | None = None) -> None:
        """One row: its values in column order, when it was created and last changed."""
        self._rows.append((*values, stamp, updated or stamp, 1))
        if len(self._rows) >= BATCH_ROWS:
            self._writer.flush()

    def flush(self, connection: Connection) -> int:
        if not self._rows:
            return 0
        rows, self._rows = self._rows, []
        connection.exec_driver_sql(self._sql, rows)
        self.count += len(rows)
        return len(rows)


class BulkWriter:
    """The sinks of one generation run, all on one connection and in one transaction.

    Sinks are flushed together in the order they were made, so parents (made first) are
    always written before the children that refer to them, and foreign keys can stay on.
    A table may have several sinks, one per step that writes it.
    """

    def __init__(
        self, connection: Connection, progress: Progress | None, expected_rows: int
    ) -> None:
        self._connection = connection
        self._progress = progress
        self._expected = max(1, expected_rows)
        self._sinks: list[TableSink] = []
        self._written = 0
        self._step = ""

    def sink(self, table: str, columns: Sequence[str]) -> TableSink:
        _check_columns(table, columns)
        sink = TableSink(self, table, columns)
        self._sinks.append(sink)
        return sink

    def step(self, label: str) -> None:
        """Start a named step (Swedish, shown to the user) and report where we are."""
        self.flush()
        self._step = label
        self._report()

    def flush(self) -> None:
        written = sum(sink.flush(self._connection) for sink in self._sinks)
        if written:
            self._written += written
            self._report()

    def counts(self) -> dict[str, int]:
        """Rows written per table (a table may have had several sinks)."""
        self.flush()
        totals: dict[str, int] = {}
        for sink in self._sinks:
            totals[sink.table] = totals.get(sink.table, 0) + sink.count
        return totals

    def finish(self, label: str) -> None:
        self.flush()
        if self._progress is not None:
            self._progress(label, 1.0)

    def _report(self) -> None:
        if self._progress is not None:
            # The expected total is an estimate; never claim to be done before the end.
            self._progress(self._step, min(0.99, self._written / self._expected))


def _check_columns(table: str, columns: Sequence[str]) -> None:
    definition = Base.metadata.tables[table]
    known = set(definition.columns.keys())
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise ValueError(f"{table} has no column(s) {', '.join(unknown)}")
    given = {*columns, *STAMP_COLUMNS}
    missing = [
        c.name
        for c in definition.columns
        if not c.nullable and c.name not in given and c.server_default is None
    ]
    if missing:
        raise ValueError(f"{table} needs column(s) {', '.join(missing)}")
