"""A run: erasing what the rules say in batches, each its own transaction, then merging
the search index, vacuuming, truncating the WAL and removing old backups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.services import audit
from desktop.services.retention.base import (
    RULE_AUDIT,
    RULE_CASES,
    RULE_DRAFTS,
    RULE_PERSONS,
    SCREEN,
    RetentionError,
    RetentionServiceBase,
    _chunks,
    _count_details,
    _fault,
    _is_storage_fault,
)
from desktop.services.retention.erasing import (
    _compact,
    _delete_ids,
    _erase,
    _erase_audit_prefix,
    _merge_search_index,
    _prune_backups,
)
from desktop.services.retention.selection import (
    _audit_count,
    _audit_upto,
    _cases_of_count,
    _cases_only,
    _draft_ids,
    _persons_to_erase,
)

if TYPE_CHECKING:
    from desktop.services.retention.cutoffs import Cutoffs


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

BATCH = 500  # persons or cases per transaction
AUDIT_BATCH = 5000  # audit events per transaction


@dataclass
class RetentionResult:
    counts: dict[str, int] = field(default_factory=dict)
    parts: dict[str, int] = field(default_factory=dict)
    backups_removed: list[str] = field(default_factory=list)
    cancelled: bool = False
    vacuumed: bool = False
    # False when another connection kept the WAL from being emptied (it is the next
    # time a checkpoint runs); the erased rows are gone from the database either way.
    wal_truncated: bool = False


class RetentionRun(RetentionServiceBase):
    """Running the rules (the administrator's screen, `matchning retention run`)."""

    # -- run ------------------------------------------------------------------------

    def run(
        self,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        today: dt.date | None = None,
    ) -> RetentionResult:
        """Erase what the rules say, in batches; then merge the search index, vacuum,
        truncate the WAL and remove old backups. Safe to run again after a kill."""
        self._require_admin()
        try:
            return self._run(progress, cancelled, today)
        except RetentionError:
            raise
        except Exception as error:
            if _is_storage_fault(error):
                raise _fault(error, self._db) from error
            raise

    def _run(
        self, progress: Progress | None, cancelled: Cancelled | None, today: dt.date | None
    ) -> RetentionResult:
        cutoffs = self.cutoffs(today)
        params = cutoffs.params()
        report = progress or (lambda done, total: None)
        stop = cancelled or (lambda: False)
        with self._db.connect() as connection:
            person_ids = _persons_to_erase(connection, params)
            case_ids = _cases_only(connection, params)
            draft_ids = [row[0] for row in _draft_ids(connection, params)]
            audit_upto = _audit_upto(connection, params)
            audit_count = _audit_count(connection, audit_upto)
            connection.rollback()
        planned = {
            RULE_CASES: len(case_ids) + _cases_of_count(self._db, person_ids),
            RULE_PERSONS: len(person_ids),
            RULE_DRAFTS: len(draft_ids),
            RULE_AUDIT: audit_count,
        }
        total = len(person_ids) + len(case_ids) + len(draft_ids) + audit_count + 1
        done = 0
        result = RetentionResult(counts=dict.fromkeys(planned, 0))
        report(0, total)
        self._event(_count_details("gallring påbörjad", planned))
        for batch in _chunks(person_ids, BATCH):
            if stop():
                result.cancelled = True
                break
            self._erase_batch(batch, [], params, result)
            done += len(batch)
            report(done, total)
        for batch in _chunks(case_ids, BATCH) if not result.cancelled else ():
            if stop():
                result.cancelled = True
                break
            self._erase_batch([], batch, params, result)
            done += len(batch)
            report(done, total)
        if draft_ids and not result.cancelled and not stop():
            with self._batch() as connection:
                result.counts[RULE_DRAFTS] += _delete_ids(connection, "intake_drafts", draft_ids)
            done += len(draft_ids)
            report(done, total)
        elif draft_ids:
            result.cancelled = True
        if audit_upto is not None and not result.cancelled:
            done = self._erase_audit(audit_upto, result, report, stop, done, total)
        self._finish(result, cutoffs)
        report(total, total)
        return result

    def _erase_batch(
        self,
        person_ids: Sequence[str],
        case_ids: Sequence[str],
        params: dict[str, str],
        result: RetentionResult,
    ) -> None:
        with self._batch() as connection:
            counts = _erase(connection, person_ids, case_ids, params)
        result.counts[RULE_PERSONS] += counts.pop("persons", 0)
        result.counts[RULE_CASES] += counts.pop("cases", 0)
        for table, count in counts.items():
            result.parts[table] = result.parts.get(table, 0) + count

    def _erase_audit(  # noqa: PLR0917 - the run's running state, passed on
        self,
        upto: int,
        result: RetentionResult,
        report: Progress,
        stop: Cancelled,
        done: int,
        total: int,
    ) -> int:
        with self._db.connect() as connection:
            first = connection.exec_driver_sql("SELECT min(seq) FROM audit_events").scalar()
            connection.rollback()
        if first is None:
            return done
        position = int(first) - 1
        while position < upto:
            if stop():
                result.cancelled = True
                break
            end = min(position + AUDIT_BATCH, upto)
            with self._batch() as connection:
                removed = _erase_audit_prefix(connection, end)
            result.counts[RULE_AUDIT] += removed
            position = end
            done += removed
            report(done, total)
        return done

    def _finish(self, result: RetentionResult, cutoffs: Cutoffs) -> None:
        state = "avbruten" if result.cancelled else "klar"
        with self._batch() as connection:
            _merge_search_index(connection)
            audit.record_on(
                connection,
                "delete",
                "Gallring",
                user_id=self.actor.user_id,
                screen=SCREEN,
                details=_count_details(f"gallring {state}", result.counts),
            )
        result.backups_removed = [str(path) for path in _prune_backups(self._db, cutoffs)]
        if not result.cancelled:
            result.vacuumed, result.wal_truncated = _compact(self._db)

    def _event(self, details: str, **fields: Any) -> None:
        with self._batch() as connection:
            audit.record_on(
                connection,
                "delete",
                fields.pop("entity_type", "Gallring"),
                user_id=self.actor.user_id,
                screen=SCREEN,
                details=details,
                **fields,
            )
