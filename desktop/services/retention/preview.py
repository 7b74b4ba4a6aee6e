"""The preview: what a run would erase today, counted per rule, with the records."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from desktop import clock
from desktop.services.retention.base import (
    RULE_AUDIT,
    RULE_CASES,
    RULE_DRAFTS,
    RULE_PERSONS,
    RetentionServiceBase,
)
from desktop.services.retention.erasing import _old_backups
from desktop.services.retention.selection import (
    _audit_upto,
    _cases_to_erase,
    _draft_ids,
    _fill,
    _fill_referrals,
    _part_counts,
    _persons_to_erase,
    _rows,
    _temp_tables,
)
from desktop.store import backup as backups

if TYPE_CHECKING:
    from desktop.services.retention.cutoffs import Cutoffs


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


class RunPreview(RetentionServiceBase):
    """Previewing a run (the administrator's screen, `matchning retention preview`)."""

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
