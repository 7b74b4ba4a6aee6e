"""report_year and report_esf: a year's reports for all municipalities at the scale's data.

- `report_year`: ReportService.follow_up for the calendar year of today, all
  municipalities and agents: every section's aggregates and the Python around them (the
  audit event included). Limit (same run, same data, driver and key): the raw aggregate SQL
  alone, the very statements follow_up ran (caught with a cursor listener in a first run),
  replayed on a plain connection and fetched. Target ≤ 2 s and ≤ 3× the limit.
- `report_esf`: ReportService.esf for the same year and its export as .xlsx (every
  participant a row, the summary, the file written atomically). Limit: the ESF query's
  raw SQL alone. Target ≤ 5 s.

Both write an audit event, so they run on a copy of the data set, removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from benchmarks.common import (
    Run,
    emit,
    median,
    open_as_admin,
    raw_connection,
    unlock,
    writable_copy,
)

YEAR_TARGET_MS = 2_000
ESF_TARGET_MS = 5_000


def _year() -> Any:
    from desktop import clock
    from desktop.services.reports.model import ReportQuery

    today = clock.today()
    return ReportQuery(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))


def _caught(db: Any, action: Any) -> list[tuple[str, Any]]:
    """The SQL statements (and parameters) `action` runs, in order."""
    statements: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    return statements


def _replay(raw: Any, statements: list[tuple[str, Any]]) -> None:
    for statement, parameters in statements:
        raw.execute(statement, parameters).fetchall()


def _timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def report_year(run: Run) -> None:
    from desktop.services.reports.service import ReportService

    query = _year()
    with writable_copy(run) as path:
        key = unlock(path)
        db, actor = open_as_admin(path, key)
        try:
            service = ReportService(db, actor)
            statements = _caught(db, lambda: service.follow_up(query))
            # Only the report's own aggregates: not the audit chain's last event.
            statements = [(s, p) for s, p in statements if "audit_events" not in s]
            app_ms = [_timed(lambda: service.follow_up(query)) for _ in range(run.repeat)]
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            _replay(raw, statements)  # the same warm cache as the app's second run
            raw_ms = [_timed(lambda: _replay(raw, statements)) for _ in range(run.repeat)]
        finally:
            raw.close()
    emit(
        "report_year",
        run,
        median(app_ms),
        "ms",
        median(raw_ms),
        target=f"value <= {YEAR_TARGET_MS} ms and ratio <= 3",
        period=f"{query.start}..{query.end}",
        queries=len(statements),
    )


def report_esf(run: Run) -> None:
    from desktop.services.reports.service import ReportService

    query = _year()
    with writable_copy(run) as path, tempfile.TemporaryDirectory() as folder:
        key = unlock(path)
        db, actor = open_as_admin(path, key)
        target = Path(folder) / "esf.xlsx"
        rows = 0
        try:
            service = ReportService(db, actor)

            def whole() -> None:
                nonlocal rows
                report = service.esf(query)
                rows = len(report.rows)
                service.export(report, target)

            caught = _caught(db, whole)  # also warms the cache, as the limit's first run
            statements = [(sql, p) for sql, p in caught if "JOIN persons" in sql]
            app_ms = [_timed(whole) for _ in range(run.repeat)]
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            _replay(raw, statements)
            raw_ms = [_timed(lambda: _replay(raw, statements)) for _ in range(run.repeat)]
        finally:
            raw.close()
    emit(
        "report_esf",
        run,
        median(app_ms),
        "ms",
        median(raw_ms),
        target=f"value <= {ESF_TARGET_MS} ms",
        participants=rows,
        period=f"{query.start}..{query.end}",
    )
