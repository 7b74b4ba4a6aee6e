"""Erasing one person and everything about them: an erasure request, or a withdrawn
consent that requires erasure, with a preview naming what goes."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop.services import audit
from desktop.services.retention.base import SCREEN, RetentionServiceBase, _count_details
from desktop.services.retention.erasing import _compact, _erase, _merge_search_index
from desktop.services.retention.selection import (
    _fill,
    _fill_cases_of_persons,
    _fill_referrals,
    _part_counts,
    _scalar,
    _temp_tables,
)
from desktop.store.errors import RecordMissingError

# Why one person was erased (no free text: the reason is in the audit trail).
REASONS = {
    "begaran": "begäran om radering (GDPR art. 17)",
    "samtycke": "återkallat samtycke",
}


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


class PersonErasure(RetentionServiceBase):
    """Erasing one person, for an administrator (the person's screen)."""

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
