"""Selecting what the rules erase, with the same SQL for the preview and the run, in
temporary tables of ids."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from desktop.services.retention.base import PART_NAMES
from desktop.store.database import Database

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
