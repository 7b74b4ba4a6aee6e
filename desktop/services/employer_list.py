"""The Arbetsgivare list: keyset pages in name or last-contact order, filters, search
through the employer FTS index, and the count for the header.

Statements are built once per shape of request (only bound values vary), from Core
tables: a list needs no ORM objects.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)

from desktop import clock
from desktop.models import Employer, Municipality, User
from desktop.services.keyset import after_values, keyset_page
from desktop.services.orgnumber import format_org_number
from desktop.services.search import fts_query
from desktop.store.database import Database

PAGE_SIZE = 100


class EmployerSort(enum.Enum):
    NAME = "name"
    # Longest ago first; employers never contacted come before all others (and last
    # when descending, most recent first).
    LAST_CONTACT = "last_contact"


@dataclass(frozen=True, slots=True)
class EmployerQuery:
    """What the Arbetsgivare list shows: a search text, filters, a sort and direction."""

    text: str = ""
    sort: EmployerSort = EmployerSort.NAME
    descending: bool = False
    municipality: str | None = None
    sector: str | None = None
    # An SNI 2007 code, as stored on the employer.
    industry: str | None = None
    agent_id: uuid.UUID | None = None
    status: str | None = None
    # Not contacted for this many days (never contacted counts as not contacted).
    not_contacted_days: int | None = None

    def filters(self) -> dict[str, object]:
        values = {
            "municipality": self.municipality,
            "sector": self.sector,
            "industry": self.industry,
            "agent": self.agent_id,
            "status": self.status,
        }
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True, slots=True)
class EmployerRow:
    id: uuid.UUID
    name: str
    org_number: str | None  # NNNNNN-NNNN
    municipality: str | None
    sector: str
    industry_name: str | None
    relationship_status: str
    agent: str | None
    last_contact_on: dt.date | None
    # Where this row sits in the sort order; the next page starts after it.
    cursor: tuple[object, ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class EmployerSuggestion:
    """One line of the type-ahead in the contact dialog."""

    id: uuid.UUID
    name: str
    org_number: str | None
    municipality: str | None


# The FTS5 index of names and organisationsnummer, kept by triggers on `employers`
# (migration 0004).
employer_search = table("employer_search", column("rowid"))

# Below this many matches, fetch the matching rows and sort them; above it, walk the sort
# index and keep the rows that match (the person list's rule, docs/decisions/0003 and
# 0012).
FEWMATCHES = 1_000

MATCHES = select(employer_search.c.rowid).where(
    literal_column("employer_search").op("MATCH")(bindparam("match"))
)
MATCH_COUNT = select(func.count()).select_from(MATCHES.subquery())


class _Plan(enum.Enum):
    ALL = "all"
    FEWMATCHES = "few"
    MANYMATCHES = "many"


class _Segment(enum.Enum):
    """A stretch of the list in which the sort columns are never NULL.

    Keyset paging compares (sort value, id) with the last row's, which NULL defeats; the
    last-contact order is therefore two runs, the employers never contacted (by id) and
    the others (by date and id), each walked on the (last_contact_on, id) index."""

    BY_NAME = "name"
    UNCONTACTED = "uncontacted"
    CONTACTED = "contacted"


_EMPLOYERS = Employer.__table__
# Built once: an alias made per query costs more than the query (its columns are copied).
AGENT = User.__table__.alias("agent")
_FILTER_COLUMNS: dict[str, Any] = {
    "municipality": _EMPLOYERS.c.municipality_code,
    "sector": _EMPLOYERS.c.sector,
    "industry": _EMPLOYERS.c.industry_code,
    "agent": _EMPLOYERS.c.responsible_agent_id,
    "status": _EMPLOYERS.c.relationship_status,
}


def _segment_columns(segment: _Segment) -> tuple[ColumnElement[Any], ...]:
    e = _EMPLOYERS.c
    return {
        _Segment.BY_NAME: (e.sort_key, e.id),
        _Segment.UNCONTACTED: (e.id,),
        _Segment.CONTACTED: (e.last_contact_on, e.id),
    }[segment]


def _conditions(
    statement: Select[Any], filters: frozenset[str], stale: bool, segment: _Segment | None
) -> Select[Any]:
    for name in sorted(filters):
        column_ = _FILTER_COLUMNS[name]
        statement = statement.where(column_ == bindparam(name, type_=column_.type))
    last_contact = _EMPLOYERS.c.last_contact_on
    cutoff = bindparam("cutoff", type_=last_contact.type)
    if segment is _Segment.UNCONTACTED:
        statement = statement.where(last_contact.is_(None))
    elif segment is _Segment.CONTACTED:
        statement = statement.where(last_contact.is_not(None))
        if stale:
            statement = statement.where(last_contact < cutoff)
    elif stale:
        statement = statement.where(or_(last_contact.is_(None), last_contact < cutoff))
    return statement


@functools.cache
def _page_statement(
    segment: _Segment,
    descending: bool,
    plan: _Plan,
    *,
    keyset: bool,
    filters: frozenset[str],
    stale: bool,
) -> Select[*tuple[Any, ...]]:
    """The page query for one shape of request, built once: only bound values vary."""
    employers = _EMPLOYERS
    agent = AGENT
    municipalities = Municipality.__table__
    columns = _segment_columns(segment)
    statement: Select[*tuple[Any, ...]] = (
        select(
            employers.c.id,
            employers.c.name,
            employers.c.org_number,
            municipalities.c.name,
            employers.c.sector,
            employers.c.industry_name,
            employers.c.relationship_status,
            agent.c.full_name,
            employers.c.last_contact_on,
            employers.c.sort_key,
        )
        .select_from(employers)
        .outerjoin(municipalities, municipalities.c.code == employers.c.municipality_code)
        .outerjoin(agent, agent.c.id == employers.c.responsible_agent_id)
    )
    statement = _conditions(statement, filters, stale, segment)
    if plan is not _Plan.ALL:
        # The unary + keeps SQLite from driving the query by rowid lookups, so that it
        # walks the sort index instead (see FEWMATCHES).
        rowid = "employers.rowid" if plan is _Plan.FEWMATCHES else "+employers.rowid"
        statement = statement.where(literal_column(rowid).in_(MATCHES))
    return keyset_page(statement, columns, keyset=keyset, descending=descending)


@functools.cache
def _count_statement(filters: frozenset[str], stale: bool, search: bool) -> Select[Any]:
    if not filters and not stale and search:
        return MATCH_COUNT
    statement = _conditions(
        select(func.count()).select_from(_EMPLOYERS), filters, stale, segment=None
    )
    if search:
        statement = statement.where(literal_column("employers.rowid").in_(MATCHES))
    return statement


def _segments(sort: EmployerSort, descending: bool) -> tuple[_Segment, ...]:
    if sort is EmployerSort.NAME:
        return (_Segment.BY_NAME,)
    if descending:
        return (_Segment.CONTACTED, _Segment.UNCONTACTED)
    return (_Segment.UNCONTACTED, _Segment.CONTACTED)


def _segment_of(sort: EmployerSort, cursor: tuple[object, ...]) -> _Segment:
    if sort is EmployerSort.NAME:
        return _Segment.BY_NAME
    return _Segment.UNCONTACTED if cursor[0] is None else _Segment.CONTACTED


class EmployerList:
    """The list's queries over one database; EmployerService hands them out."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Match counts by FTS query, only to choose a query plan: a stale count costs
        # a little speed, never a wrong answer.
        self._counts: dict[str, int] = {}

    def page(
        self,
        query: EmployerQuery,
        after: EmployerRow | None = None,
        limit: int = PAGE_SIZE,
        *,
        today: dt.date | None = None,
    ) -> list[EmployerRow]:
        """The next `limit` rows in the query's order, after `after` (keyset paging)."""
        filters = query.filters()
        params: dict[str, Any] = dict(filters)
        plan = _Plan.ALL
        match = fts_query(query.text)
        if match is not None:
            params["match"] = match
            few = self._match_count(match) < FEWMATCHES
            plan = _Plan.FEWMATCHES if few else _Plan.MANYMATCHES
        stale = query.not_contacted_days is not None
        if query.not_contacted_days is not None:
            params["cutoff"] = self._cutoff(query.not_contacted_days, today)
        segments = _segments(query.sort, query.descending)
        if after is not None:
            current = _segment_of(query.sort, after.cursor)
            segments = segments[segments.index(current) :]
        rows: list[EmployerRow] = []
        with self._db.connect() as connection:
            for segment in segments:
                keyset = after is not None and segment is _segment_of(query.sort, after.cursor)
                values = dict(params, limit=limit - len(rows))
                if keyset and after is not None:
                    wanted = after.cursor[-len(_segment_columns(segment)) :]
                    values.update(after_values(wanted))
                statement = _page_statement(
                    segment,
                    query.descending,
                    plan,
                    keyset=keyset,
                    filters=frozenset(filters),
                    stale=stale,
                )
                rows += [
                    self._row(row, query.sort) for row in connection.execute(statement, values)
                ]
                if len(rows) >= limit:
                    break
        return rows

    @staticmethod
    def _row(row: Any, sort: EmployerSort) -> EmployerRow:
        cursor = (row[9], row[0]) if sort is EmployerSort.NAME else (row[8], row[0])
        return EmployerRow(
            id=row[0],
            name=row[1],
            org_number=format_org_number(row[2]),
            municipality=row[3],
            sector=row[4],
            industry_name=row[5],
            relationship_status=row[6],
            agent=row[7],
            last_contact_on=row[8],
            cursor=cursor,
        )

    def count(self, query: EmployerQuery, *, today: dt.date | None = None) -> int:
        """How many employers the query finds, for the list's header."""
        match = fts_query(query.text)
        filters = query.filters()
        stale = query.not_contacted_days is not None
        if match is not None and not filters and not stale:
            self._counts.pop(match, None)
            return self._match_count(match)
        params: dict[str, Any] = dict(filters)
        if match is not None:
            params["match"] = match
        if query.not_contacted_days is not None:
            params["cutoff"] = self._cutoff(query.not_contacted_days, today)
        statement = _count_statement(frozenset(filters), stale, match is not None)
        with self._db.connect() as connection:
            return int(connection.execute(statement, params).scalar_one())

    @staticmethod
    def _cutoff(days: int, today: dt.date | None) -> dt.date:
        return (today or clock.today()) - dt.timedelta(days=max(0, days))

    def _match_count(self, match: str) -> int:
        if match not in self._counts:
            if len(self._counts) > 256:
                self._counts.clear()
            with self._db.connect() as connection:
                count = connection.execute(MATCH_COUNT, {"match": match}).scalar_one()
            self._counts[match] = int(count)
        return self._counts[match]
