"""Retention (gallring): erasing what has been kept long enough, and erasure requests.

Rules (docs/retention.md), each with an administrator's setting in months or days:

- **Closed cases** (`avslutad`, closed more than N months ago) go with their journal
  notes, follow-ups, referrals (and their status history), placements and the documents
  produced about them. Nothing is kept "anonymised": every case, referral and placement
  row names its person, and a row stripped of the name but keeping gender, birth year,
  municipality, dates and employer still points at one person in a small municipality.
  The figures the reports need are exported and kept as reports, not as rows.
- **Persons with no case left** (every case erased by the rule above, or no case at all
  and not changed for N months) go with everything that hangs on them: languages,
  education, experience, licences, wishes, consents, referrals, placements, documents.
- **Unfinished intake drafts** not saved for N days.
- **Audit events** older than N months, always a prefix of the hash chain; the chain's new
  start is recorded with them (desktop/services/audit.py, `CHAIN_START`), so `matchning
  audit verify` still passes.

`preview()` and `run()` select with the same SQL, so a preview shows exactly what a run of
an unchanged database erases. A run works in batches, each its own transaction that
re-checks the rule for its rows: a run killed half-way leaves whole batches done and the
database consistent, and the next run erases the rest. Then the person search index is
merged (the deleted names leave its segments), the file is vacuumed and the WAL
truncated, so the bytes are gone from both, and backups older than the case rule are
removed. Each run is in the audit trail as counts per rule, never contents.

The deletes are explicit statements with foreign keys off on the run's own connection:
with them on, SQLite would look up unindexed `case_id` columns (referrals, placements)
once per deleted case. The statements delete every row the cascades would have, in the
order of the foreign keys, and a test checks `PRAGMA foreign_key_check` afterwards.

No Qt here; the administrator's screen and `matchning retention` call this.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from desktop import clock
from desktop.services import audit
from desktop.services import settings as settings_module
from desktop.services.accounts import AccessDeniedError, Actor
from desktop.store import backup as backups
from desktop.store.database import Database, is_disk_full
from desktop.store.errors import RecordMissingError, StoreError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

BATCH = 500  # persons or cases per transaction
AUDIT_BATCH = 5000  # audit events per transaction
SCREEN = "gallring"

# Why one person was erased (no free text: the reason is in the audit trail).
REASONS = {
    "begaran": "begäran om radering (GDPR art. 17)",
    "samtycke": "återkallat samtycke",
}

RULE_CASES = "cases"
RULE_PERSONS = "persons"
RULE_DRAFTS = "drafts"
RULE_AUDIT = "audit"
RULE_NAMES = {
    RULE_CASES: "Avslutade ärenden",
    RULE_PERSONS: "Personer utan ärende kvar",
    RULE_DRAFTS: "Ej slutförda inskrivningar (utkast)",
    RULE_AUDIT: "Loggposter",
}
# Rows that go with the cases and persons, as the preview and result name them.
PART_NAMES = {
    "case_notes": "journalanteckningar",
    "tasks": "uppföljningar",
    "referrals": "anvisningar",
    "referral_status_changes": "anvisningssteg",
    "placements": "placeringar",
    "produced_documents": "dokument",
    "consents": "samtycken",
    "person_languages": "språk",
    "educations": "utbildningar",
    "work_experiences": "erfarenheter",
    "qualifications": "körkort och certifikat",
    "wished_occupations": "önskade yrken",
    "wished_municipalities": "önskade kommuner",
}

_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a datetime in SQLite
_CLOSED = "c.status = 'avslutad' AND c.closed_on < :case_cutoff"
_PERSON_CHILDREN = (
    "consents",
    "person_languages",
    "educations",
    "work_experiences",
    "qualifications",
    "wished_occupations",
    "wished_municipalities",
)
# In foreign-key order (children first). rt_p: persons erased, rt_c: cases erased (all
# cases of rt_p among them), rt_r: referrals erased (of those persons or cases), rt_q:
# the persons of rt_p and rt_c. A referral or placement of a case is its person's.
_DELETES: tuple[tuple[str, str], ...] = (
    ("referral_status_changes", "referral_id IN (SELECT id FROM temp.rt_r)"),
    (
        "produced_documents",
        "person_id IN (SELECT id FROM temp.rt_p) OR case_id IN (SELECT id FROM temp.rt_c) "
        "OR referral_id IN (SELECT id FROM temp.rt_r)",
    ),
    # rt_q (the persons of rt_p and of rt_c) narrows by the indexed person_id first:
    # case_id has no index, and a scan of it for every batch would cost minutes at L.
    (
        "placements",
        "person_id IN (SELECT id FROM temp.rt_q) AND (person_id IN (SELECT id FROM temp.rt_p) "
        "OR case_id IN (SELECT id FROM temp.rt_c))",
    ),
    ("referrals", "id IN (SELECT id FROM temp.rt_r)"),
    ("case_notes", "case_id IN (SELECT id FROM temp.rt_c)"),
    ("tasks", "case_id IN (SELECT id FROM temp.rt_c)"),
    ("cases", "id IN (SELECT id FROM temp.rt_c)"),
    *((table, "person_id IN (SELECT id FROM temp.rt_p)") for table in _PERSON_CHILDREN),
    ("persons", "id IN (SELECT id FROM temp.rt_p)"),
)


class RetentionError(StoreError):
    """Retention could not be done; `str()` says why and what was done, in Swedish."""


class ReadOnlyError(RetentionError):
    pass


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Cutoffs:
    """What counts as old, from the settings and today's Swedish date."""

    today: dt.date
    case_months: int
    draft_days: int
    audit_months: int

    @property
    def cases(self) -> dt.date:
        """Cases closed before this day are erased."""
        return months_before(self.today, self.case_months)

    @property
    def drafts(self) -> dt.datetime:
        return _midnight(self.today - dt.timedelta(days=self.draft_days))

    @property
    def audit(self) -> dt.datetime:
        return _midnight(months_before(self.today, self.audit_months))

    @property
    def backups(self) -> dt.datetime:
        return _midnight(self.cases)

    @property
    def persons(self) -> dt.datetime:
        """A person without any case, not changed since before this, is erased."""
        return _midnight(self.cases)

    def params(self) -> dict[str, str]:
        return {
            "case_cutoff": self.cases.isoformat(),
            "person_cutoff": _stored(self.persons),
            "draft_cutoff": _stored(self.drafts),
            "audit_cutoff": _stored(self.audit),
        }


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.STOCKHOLM).astimezone(dt.UTC)


def _stored(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).strftime(_DATETIME)


@dataclass(frozen=True)
class CaseRow:
    """A case to be erased, described without naming the person."""

    id: uuid.UUID
    person_id: uuid.UUID
    municipality_code: str
    opened_on: dt.date
    closed_on: dt.date
    outcome: str | None


@dataclass(frozen=True)
class PersonRow:
    """A person to be erased: birth year and municipality, not the name."""

    id: uuid.UUID
    birth_year: int
    municipality_code: str | None
    cases: int
    last_closed_on: dt.date | None


@dataclass(frozen=True)
class DraftRow:
    id: uuid.UUID
    started_on: dt.date
    saved_on: dt.date
    step: int


@dataclass(frozen=True)
class AuditRange:
    count: int
    first_seq: int | None
    last_seq: int | None
    oldest: dt.datetime | None
    newest: dt.datetime | None


@dataclass(frozen=True)
class RetentionPreview:
    cutoffs: Cutoffs
    cases: list[CaseRow]
    persons: list[PersonRow]
    drafts: list[DraftRow]
    audit: AuditRange
    # Rows that go with the cases and persons, per table (PART_NAMES).
    parts: dict[str, int]
    backups: list[backups.BackupFile]

    @property
    def counts(self) -> dict[str, int]:
        return {
            RULE_CASES: len(self.cases),
            RULE_PERSONS: len(self.persons),
            RULE_DRAFTS: len(self.drafts),
            RULE_AUDIT: self.audit.count,
        }

    @property
    def empty(self) -> bool:
        return not any(self.counts.values()) and not self.backups


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


@dataclass(frozen=True)
class PersonErasurePreview:
    """What an erasure of one person removes, named, for the confirmation."""

    person_id: uuid.UUID
    name: str
    birth_date: dt.date
    open_cases: int
    parts: dict[str, int]  # cases and everything else, per table


@dataclass(frozen=True)
class PersonErased:
    parts: dict[str, int]
    vacuumed: bool
    wal_truncated: bool


def _count_details(prefix: str, counts: dict[str, int]) -> str:
    text = "; ".join(f"{key}={value}" for key, value in counts.items())
    return f"{prefix}: {text}"[:200]


class RetentionService:
    """Retention for an administrator; everyone else is refused."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self.actor = actor

    def _require_admin(self) -> None:
        if not self.actor.is_admin:
            raise AccessDeniedError

    def cutoffs(self, today: dt.date | None = None) -> Cutoffs:
        current = settings_module.SettingsService(self._db).get()
        return Cutoffs(
            today or clock.today(),
            current.retention_closed_case_months,
            current.retention_draft_days,
            current.retention_audit_months,
        )

    # -- preview --------------------------------------------------------------------

    def preview(self, today: dt.date | None = None) -> RetentionPreview:
        """What a run would erase today: counts per rule and the records."""
        self._require_admin()
        cutoffs = self.cutoffs(today)
        params = cutoffs.params()
        with self._db.connect() as connection, _temp_tables(connection):
            person_ids = _persons_to_erase(connection, params)
            case_ids = _cases_to_erase(connection, params)
            _fill(connection, "rt_p", person_ids)
            _fill(connection, "rt_c", case_ids)
            _fill_referrals(connection)
            parts = _part_counts(connection)
            cases = _case_rows(connection)
            persons = _person_rows(connection)
            drafts = _draft_rows(connection, params)
            audit_range = _audit_range(connection, params)
            connection.rollback()
        return RetentionPreview(
            cutoffs,
            cases,
            persons,
            drafts,
            audit_range,
            parts,
            _old_backups(self._db, cutoffs),
        )

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

    @contextmanager
    def _batch(self) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE) with foreign keys off on its connection.

        A full or read-only disk rolls the batch back and says so: batches before it
        stay done, which is consistent, and a later run carries on."""
        try:
            with self._db.engine.connect() as connection:
                driver = connection.connection.driver_connection
                assert driver is not None
                driver.execute("PRAGMA foreign_keys = OFF")
                try:
                    connection.execution_options(immediate=True)
                    with connection.begin():
                        yield connection
                finally:
                    driver.execute("PRAGMA foreign_keys = ON")
        except Exception as error:
            if _is_storage_fault(error):
                raise _fault(error, self._db) from error
            raise

    # -- one person -----------------------------------------------------------------

    def preview_person(self, person_id: uuid.UUID) -> PersonErasurePreview:
        """What erasing this person removes, with the name, for the confirmation."""
        self._require_admin()
        key = person_id.hex
        with self._db.connect() as connection, _temp_tables(connection):
            row = connection.exec_driver_sql(
                "SELECT first_name, last_name, birth_date FROM persons WHERE id = ?", (key,)
            ).first()
            if row is None:
                raise RecordMissingError("Personen")
            _fill(connection, "rt_p", [key])
            _fill_cases_of_persons(connection)
            _fill_referrals(connection)
            parts = {"cases": _scalar(connection, "SELECT count(*) FROM temp.rt_c")}
            parts.update(_part_counts(connection))
            open_cases = _scalar(
                connection,
                "SELECT count(*) FROM cases WHERE person_id = ? AND status != 'avslutad'",
                (key,),
            )
            connection.rollback()
        return PersonErasurePreview(
            person_id,
            f"{row[0]} {row[1]}",
            dt.date.fromisoformat(str(row[2])),
            open_cases,
            parts,
        )

    def erase_person(self, person_id: uuid.UUID, reason: str) -> PersonErased:
        """Erase one person and everything about them (an erasure request, or a
        withdrawn consent that requires erasure), in one transaction; audited with
        counts only. Then the search index is merged and the file vacuumed."""
        self._require_admin()
        if reason not in REASONS:
            raise ValueError(f"unknown erasure reason {reason!r}")
        key = person_id.hex
        with self._batch() as connection:
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM persons WHERE id = ?", (key,)
            ).first()
            if exists is None:
                raise RecordMissingError("Personen")
            parts = _erase(connection, [key], [], None)
            parts.pop("persons", None)
            _merge_search_index(connection)
            audit.record_on(
                connection,
                "delete",
                "Person",
                person_id,
                user_id=self.actor.user_id,
                screen=SCREEN,
                person_id=person_id,
                details=_count_details(f"radering, {reason}", parts),
            )
        vacuumed, truncated = _compact(self._db)
        return PersonErased(parts, vacuumed, truncated)


# -- selection (shared by preview and run) ------------------------------------------


def _rows(connection: Connection, sql: str, params: Any = ()) -> list[Any]:
    return list(connection.exec_driver_sql(sql, params).all())


def _scalar(connection: Connection, sql: str, params: Any = ()) -> int:
    return int(connection.exec_driver_sql(sql, params).scalar() or 0)


_PERSONS_SQL = (
    "SELECT p.id FROM persons p WHERE NOT EXISTS ("
    f"SELECT 1 FROM cases c WHERE c.person_id = p.id AND NOT ({_CLOSED})) "
    "AND (EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id) "
    "OR p.updated_at < :person_cutoff) ORDER BY p.id"
)
# Closed cases of persons who keep another case.
_CASES_ONLY_SQL = (
    f"SELECT c.id FROM cases c WHERE {_CLOSED} AND EXISTS ("
    "SELECT 1 FROM cases o WHERE o.person_id = c.person_id AND NOT "
    "(o.status = 'avslutad' AND o.closed_on < :case_cutoff)) ORDER BY c.id"
)


def _persons_to_erase(connection: Connection, params: dict[str, str]) -> list[str]:
    return [row[0] for row in _rows(connection, _PERSONS_SQL, params)]


def _cases_only(connection: Connection, params: dict[str, str]) -> list[str]:
    return [row[0] for row in _rows(connection, _CASES_ONLY_SQL, params)]


def _cases_to_erase(connection: Connection, params: dict[str, str]) -> list[str]:
    sql = f"SELECT c.id FROM cases c WHERE {_CLOSED} ORDER BY c.id"
    return [row[0] for row in _rows(connection, sql, params)]


def _cases_of_count(db: Database, person_ids: Sequence[str]) -> int:
    if not person_ids:
        return 0
    with db.connect() as connection, _temp_tables(connection):
        _fill(connection, "rt_p", person_ids)
        count = _scalar(
            connection,
            "SELECT count(*) FROM cases WHERE person_id IN (SELECT id FROM temp.rt_p)",
        )
        connection.rollback()
    return count


_DRAFTS_SQL = (
    "SELECT id, created_at, updated_at, step FROM intake_drafts "
    "WHERE updated_at < :draft_cutoff ORDER BY id"
)


def _draft_ids(connection: Connection, params: dict[str, str]) -> list[Any]:
    return _rows(connection, _DRAFTS_SQL, params)


def _audit_upto(connection: Connection, params: dict[str, str]) -> int | None:
    """The newest event of the old prefix: every event up to it is older than the
    cutoff (a clock set wrong on some day cannot make the erasure leave a hole)."""
    first_kept = connection.exec_driver_sql(
        "SELECT min(seq) FROM audit_events WHERE occurred_at >= :audit_cutoff", params
    ).scalar()
    if first_kept is None:
        newest = connection.exec_driver_sql("SELECT max(seq) FROM audit_events").scalar()
        return None if newest is None else int(newest)
    upto = int(first_kept) - 1
    first = connection.exec_driver_sql("SELECT min(seq) FROM audit_events").scalar()
    return upto if first is not None and upto >= int(first) else None


def _audit_count(connection: Connection, upto: int | None) -> int:
    if upto is None:
        return 0
    return _scalar(connection, "SELECT count(*) FROM audit_events WHERE seq <= ?", (upto,))


_TEMP = ("rt_p", "rt_c", "rt_r", "rt_q")


@contextmanager
def _temp_tables(connection: Connection) -> Iterator[None]:
    for name in _TEMP:
        connection.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id PRIMARY KEY)")
        connection.exec_driver_sql(f"DELETE FROM temp.{name}")
    try:
        yield
    finally:
        # Emptied for the next user of this pooled connection; a rolled-back transaction
        # has taken the tables with it.
        if connection.in_transaction():
            for name in _TEMP:
                connection.exec_driver_sql(f"DELETE FROM temp.{name}")


def _fill(connection: Connection, table: str, ids: Sequence[str]) -> None:
    if ids:
        connection.exec_driver_sql(
            f"INSERT OR IGNORE INTO temp.{table} (id) VALUES (?)", [(key,) for key in ids]
        )


def _fill_cases_of_persons(connection: Connection) -> None:
    connection.exec_driver_sql(
        "INSERT OR IGNORE INTO temp.rt_c (id) "
        "SELECT id FROM cases WHERE person_id IN (SELECT id FROM temp.rt_p)"
    )


def _fill_referrals(connection: Connection) -> None:
    """rt_q: the persons whose rows are touched; rt_r: the referrals erased (those of an
    erased person or case), found through the indexed person_id."""
    connection.exec_driver_sql(
        "INSERT OR IGNORE INTO temp.rt_q (id) "
        "SELECT person_id FROM cases WHERE id IN (SELECT id FROM temp.rt_c) "
        "UNION SELECT id FROM temp.rt_p"
    )
    connection.exec_driver_sql(
        "INSERT OR IGNORE INTO temp.rt_r (id) "
        "SELECT id FROM referrals WHERE person_id IN (SELECT id FROM temp.rt_q) "
        "AND (case_id IN (SELECT id FROM temp.rt_c) OR person_id IN (SELECT id FROM temp.rt_p))"
    )


def _part_counts(connection: Connection) -> dict[str, int]:
    return {
        table: _scalar(connection, f"SELECT count(*) FROM {table} WHERE {where}")
        for table, where in _DELETES
        if table in PART_NAMES
    }


def _case_rows(connection: Connection) -> list[CaseRow]:
    rows = _rows(
        connection,
        "SELECT id, person_id, municipality_code, opened_on, closed_on, outcome FROM cases "
        "WHERE id IN (SELECT id FROM temp.rt_c) ORDER BY closed_on, id",
    )
    return [
        CaseRow(
            uuid.UUID(row[0]),
            uuid.UUID(row[1]),
            row[2],
            dt.date.fromisoformat(row[3]),
            dt.date.fromisoformat(row[4]),
            row[5],
        )
        for row in rows
    ]


def _person_rows(connection: Connection) -> list[PersonRow]:
    rows = _rows(
        connection,
        "SELECT p.id, substr(p.birth_date, 1, 4), p.municipality_code, "
        "(SELECT count(*) FROM cases c WHERE c.person_id = p.id), "
        "(SELECT max(c.closed_on) FROM cases c WHERE c.person_id = p.id) "
        "FROM persons p WHERE p.id IN (SELECT id FROM temp.rt_p) ORDER BY p.id",
    )
    return [
        PersonRow(
            uuid.UUID(row[0]),
            int(row[1]),
            row[2],
            int(row[3]),
            dt.date.fromisoformat(row[4]) if row[4] else None,
        )
        for row in rows
    ]


def _parse_stored(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _draft_rows(connection: Connection, params: dict[str, str]) -> list[DraftRow]:
    return [
        DraftRow(
            uuid.UUID(row[0]),
            _parse_stored(row[1]).astimezone(clock.STOCKHOLM).date(),
            _parse_stored(row[2]).astimezone(clock.STOCKHOLM).date(),
            int(row[3]),
        )
        for row in _draft_ids(connection, params)
    ]


def _audit_range(connection: Connection, params: dict[str, str]) -> AuditRange:
    upto = _audit_upto(connection, params)
    if upto is None:
        return AuditRange(0, None, None, None, None)
    row = connection.exec_driver_sql(
        "SELECT count(*), min(seq), max(seq), min(occurred_at), max(occurred_at) "
        "FROM audit_events WHERE seq <= ?",
        (upto,),
    ).one()
    return AuditRange(
        int(row[0]), int(row[1]), int(row[2]), _parse_stored(row[3]), _parse_stored(row[4])
    )


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


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_storage_fault(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    code = getattr(orig, "sqlite_errorcode", None)
    text = str(orig).lower()
    return (
        is_disk_full(error)
        or (isinstance(code, int) and code & 0xFF in (8, 13))  # SQLITE_READONLY, FULL
        or "readonly" in text
        or "disk is full" in text
        or isinstance(error, OperationalError)
    )


def _fault(error: BaseException, db: Database, *, compacting: bool = False) -> RetentionError:
    text = str(getattr(error, "orig", error)).lower()
    code = getattr(getattr(error, "orig", error), "sqlite_errorcode", None)
    done = (
        "Det som skulle gallras är raderat, men databasfilen kunde inte packas, så "
        "raderade uppgifter kan finnas kvar i filens lediga utrymme. "
        if compacting
        else "Gallringen avbröts; det som hann raderas är raderat i hela omgångar och "
        "databasen är hel. "
    )
    if is_disk_full(error) or "full" in text:
        log.warning("retention stopped: disk full")
        return RetentionError(
            f"Disken är full. {done}Frigör utrymme (packningen behöver ungefär lika mycket "
            f"ledigt utrymme som databasen {db.path.name} är stor) och kör gallringen igen."
        )
    if (isinstance(code, int) and code & 0xFF == 8) or "readonly" in text or "read-only" in text:
        log.warning("retention stopped: read-only database")
        return ReadOnlyError(
            f"Databasen {db.path} går inte att skriva i (skrivskyddad fil eller mapp). "
            f"{done}Kontrollera behörigheterna och kör gallringen igen."
        )
    log.warning("retention stopped: %s", type(error).__name__)
    return RetentionError(f"Gallringen kunde inte slutföras ({type(error).__name__}). {done}")
