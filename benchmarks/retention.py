"""retention_preview and retention_run: retention (gallring) at the scale's data set with
the default rules (closed cases 24 months, drafts 30 days, audit events 36 months).

retention_preview: `RetentionService.preview()` as the Gallring tab calls it: the
selection of persons and cases, the rows that go with them, the records listed. Target
≤ 5 s. Limit (same data, same driver and key): the raw counting SQL alone, one
`count(*)` per rule with the same predicates.

retention_run: `RetentionService.run()` on a writable copy: the batches (500 persons or
cases a transaction), the merge of the person search index, VACUUM and the truncating
WAL checkpoint; the case rule is set to 9 months on the copy, which at scale L erases
about 10% of the persons (the default 24 months erases 1.4%). Target
≤ 2 min with progress. Limit: the same rows deleted by raw DELETE statements in one
transaction on another copy (foreign keys off, the same temp-table selection), then
VACUUM and the checkpoint: what the erasure costs without batches, audit events or
re-checks. Also printed: the time to the end of the deletes (`erase_s`) and how many
progress reports the run made.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.common import DATA_DIR, Run, emit, median, open_as_admin, raw_connection, unlock

PREVIEW_TARGET_S = 5
RUN_TARGET_S = 120
# The default 24 months erases 1.4% of the persons at L (the demo data has few cases
# closed that long ago, and most persons have more than one case); 9 months erases
# about 10%, the share the target is set for.
RUN_CASE_MONTHS = 9


@contextmanager
def _copy(run: Run, name: str) -> Iterator[Path]:
    """A copy of the data set of its own (not `writable_copy`'s shared name, which
    another benchmark may be using), removed afterwards with its WAL, key file and any
    backups folder entries of its name."""
    from desktop.store.backup import backups_dir
    from desktop.store.keys import key_file_path

    target = DATA_DIR / f"scale-{run.scale}.{name}.sqlite"

    def remove() -> None:
        for made in DATA_DIR.glob(target.name + "*"):
            made.unlink()
        for made in backups_dir(target).glob(f"{target.stem}.*"):
            made.unlink()

    remove()
    shutil.copy(run.db, target)
    shutil.copy(key_file_path(run.db), key_file_path(target))
    try:
        yield target
    finally:
        remove()


def _key(run: Run) -> bytes | None:
    return unlock(run.db)


def _raw_counts(connection: Any, params: dict[str, str]) -> list[int]:
    from desktop.services import retention

    sqls = (
        f"SELECT count(*) FROM ({retention._PERSONS_SQL})",
        f"SELECT count(*) FROM cases c WHERE {retention._CLOSED}",
        "SELECT count(*) FROM intake_drafts WHERE updated_at < :draft_cutoff",
        "SELECT count(*) FROM audit_events WHERE occurred_at < :audit_cutoff",
    )
    return [connection.execute(sql, params).fetchone()[0] for sql in sqls]


def retention_preview(run: Run) -> None:
    from desktop.services.retention import RetentionService

    key = _key(run)
    db, actor = open_as_admin(run.db, key)
    try:
        service = RetentionService(db, actor)
        service.preview()  # warm the cache, as a second click would be
        samples = []
        preview = None
        for _ in range(run.repeat):
            start = time.perf_counter()
            preview = service.preview()
            samples.append(time.perf_counter() - start)
        params = service.cutoffs().params()
    finally:
        db.close()
    connection = raw_connection(run.db, key)
    try:
        _raw_counts(connection, params)
        limits = []
        for _ in range(run.repeat):
            start = time.perf_counter()
            _raw_counts(connection, params)
            limits.append(time.perf_counter() - start)
    finally:
        connection.close()
    assert preview is not None
    emit(
        "retention_preview",
        run,
        median(samples),
        "s",
        median(limits),
        target=f"≤ {PREVIEW_TARGET_S} s",
        **preview.counts,
    )


def _raw_erase(path: Path, key: bytes | None, params: dict[str, str]) -> float:
    """The limit: the same rows deleted by plain statements in one transaction."""
    from desktop.services import retention

    connection = raw_connection(path, key)
    try:
        start = time.perf_counter()
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN IMMEDIATE")
        for name in retention._TEMP:
            connection.execute(f"CREATE TEMP TABLE {name} (id PRIMARY KEY)")
        connection.execute(f"INSERT INTO temp.rt_p (id) {retention._PERSONS_SQL}", params)
        connection.execute(
            f"INSERT INTO temp.rt_c (id) SELECT c.id FROM cases c WHERE {retention._CLOSED}",
            params,
        )
        connection.execute(
            "INSERT INTO temp.rt_q (id) SELECT person_id FROM cases "
            "WHERE id IN (SELECT id FROM temp.rt_c) UNION SELECT id FROM temp.rt_p"
        )
        connection.execute(
            "INSERT INTO temp.rt_r (id) SELECT id FROM referrals "
            "WHERE person_id IN (SELECT id FROM temp.rt_q) AND (case_id IN "
            "(SELECT id FROM temp.rt_c) OR person_id IN (SELECT id FROM temp.rt_p))"
        )
        for table, where in retention._DELETES:
            connection.execute(f"DELETE FROM {table} WHERE {where}")
        connection.execute("DELETE FROM intake_drafts WHERE updated_at < :draft_cutoff", params)
        connection.execute("COMMIT")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return time.perf_counter() - start
    finally:
        connection.close()


def retention_run(run: Run) -> None:
    from desktop.services.retention import RetentionService
    from desktop.services.settings import SettingsService

    key = _key(run)
    reports: list[tuple[int, int, float]] = []
    with _copy(run, "retention-run") as path:
        db, actor = open_as_admin(path, key)
        try:
            SettingsService(db, actor).update(retention_closed_case_months=RUN_CASE_MONTHS)
            service = RetentionService(db, actor)
            params = service.cutoffs().params()
            with db.connect() as connection:
                persons_before = connection.exec_driver_sql("SELECT count(*) FROM persons").scalar()
            start = time.perf_counter()
            result = service.run(
                progress=lambda done, total: reports.append(
                    (done, total, time.perf_counter() - start)
                )
            )
            elapsed = time.perf_counter() - start
            size_after = path.stat().st_size
        finally:
            db.close()
    with _copy(run, "retention-limit") as path:
        limit = _raw_erase(path, key, params)
    erase_s = next((at for done, total, at in reports if total and done >= total - 1), elapsed)
    emit(
        "retention_run",
        run,
        elapsed,
        "s",
        limit,
        target=f"≤ {RUN_TARGET_S} s",
        persons_erased_pct=round(100 * result.counts["persons"] / max(persons_before or 1, 1), 1),
        erase_s=round(erase_s, 2),
        progress_reports=len(reports),
        case_months=RUN_CASE_MONTHS,
        size_after_mb=round(size_after / 2**20),
        **result.counts,
    )
