"""The lists of needs: an employer's needs, the open needs of every employer a page at a
time with filters, and the Matchning screen's type-ahead."""

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
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import Employer, LabourMarketForm, Municipality, Occupation, Placement, Vacancy
from desktop.models.vacancy import VACANCY_STATUSES
from desktop.services.keyset import after_values, keyset_page
from desktop.services.search import fold, fts_query
from desktop.services.vacancies.base import VacancyServiceBase

PAGE_SIZE = 100
# Open needs offered while a need's title or employer is typed.
SUGGESTIONS = 15


@dataclass(frozen=True, slots=True)
class NeedRow:
    id: uuid.UUID
    employer_id: uuid.UUID
    employer_name: str
    title: str
    occupation_code: str
    occupation_name: str
    positions: int
    # Placements recorded for the need.
    filled: int
    form_code: str
    form_name: str
    extent: str | None
    municipality: str | None
    start_date: dt.date | None
    apply_by: dt.date | None
    status: str
    # Where this row sits in the list's order; the next page starts after it.
    cursor: tuple[object, ...] = field(repr=False, default=())


@dataclass(frozen=True, slots=True)
class NeedQuery:
    """The open-needs list: filters; the order is by deadline, needs without one last."""

    # An SSYK code at any level: "5" finds every need in major group 5.
    occupation: str | None = None
    municipality: str | None = None
    form: str | None = None
    # Deadline on or before this day (needs without a deadline are left out).
    apply_by_until: dt.date | None = None
    # Only needs still open for proposals: deadline today or later, or none.
    not_passed: bool = False


# Queries --------------------------------------------------------------------------------

_V = Vacancy.__table__
_FILLED = (
    select(func.count())
    .select_from(Placement.__table__)
    .where(Placement.__table__.c.vacancy_id == _V.c.id)
    .scalar_subquery()
)


@functools.cache
def _row_select() -> Select[Any]:
    """The columns of a need's row; built once, extended per query."""
    employers = Employer.__table__
    occupations = Occupation.__table__
    forms = LabourMarketForm.__table__
    municipalities = Municipality.__table__
    return (
        select(
            _V.c.id,
            _V.c.employer_id,
            employers.c.name,
            _V.c.title,
            _V.c.occupation_code,
            occupations.c.name_sv,
            _V.c.positions,
            _FILLED,
            _V.c.form_code,
            forms.c.name_sv,
            _V.c.extent,
            municipalities.c.name,
            _V.c.start_date,
            _V.c.apply_by,
            _V.c.status,
        )
        .select_from(_V)
        .join(employers, employers.c.id == _V.c.employer_id)
        .join(occupations, occupations.c.code == _V.c.occupation_code)
        .join(forms, forms.c.code == _V.c.form_code)
        .outerjoin(municipalities, municipalities.c.code == _V.c.municipality_code)
    )


def _need_row(row: Any, cursor: tuple[object, ...] = ()) -> NeedRow:
    return NeedRow(
        id=row[0],
        employer_id=row[1],
        employer_name=row[2],
        title=row[3],
        occupation_code=row[4],
        occupation_name=row[5],
        positions=row[6],
        filled=int(row[7]),
        form_code=row[8],
        form_name=row[9],
        extent=row[10],
        municipality=row[11],
        start_date=row[12],
        apply_by=row[13],
        status=row[14],
        cursor=cursor,
    )


_STATUS_ORDER = case({status: i for i, status in enumerate(VACANCY_STATUSES)}, value=_V.c.status)


def need_rows(session: Session, *conditions: ColumnElement[bool]) -> list[NeedRow]:
    """Needs meeting `conditions`: open ones first, then by deadline and newest."""
    statement = (
        _row_select()
        .where(*conditions)
        .order_by(_STATUS_ORDER, _V.c.apply_by.is_(None), _V.c.apply_by, _V.c.created_at.desc())
    )
    return [_need_row(row) for row in session.execute(statement)]


class _Segment(enum.Enum):
    """Keyset paging cannot compare NULL: needs with a deadline (by date and id) come
    first, those without one (by id) after them."""

    DATED = "dated"
    UNDATED = "undated"


_FILTERS = ("occupation", "municipality", "form", "until", "not_passed")


def _occupation_range(prefix: str) -> tuple[str, str]:
    # SSYK codes are digits, and ':' sorts right after '9': every code that starts with
    # the prefix lies in [prefix, prefix + ':'), a range the status index can walk.
    return prefix, prefix + ":"


def _filtered(
    statement: Select[Any], filters: frozenset[str], segment: _Segment | None, *, walk: bool
) -> Select[Any]:
    """The open needs the filters keep. With `walk`, the occupation range is only checked
    (the unary + hides its index from SQLite), so that the query walks the list index
    (status, apply_by, id, ...) in its order and stops after a page, instead of sorting
    every need in the occupation group: 180 ms for major group 5 at scale L, against
    a few ms (docs/decisions/0012)."""
    statement = statement.where(_V.c.status == "oppet")
    if "occupation" in filters:
        code = _V.c.occupation_code
        if walk:
            code = literal_column("+vacancies.occupation_code", type_=code.type)
        statement = statement.where(
            code >= bindparam("occupation_from", type_=_V.c.occupation_code.type),
            code < bindparam("occupation_to", type_=_V.c.occupation_code.type),
        )
    if "municipality" in filters:
        statement = statement.where(_V.c.municipality_code == bindparam("municipality"))
    if "form" in filters:
        statement = statement.where(_V.c.form_code == bindparam("form"))
    apply_by = _V.c.apply_by
    if segment is _Segment.UNDATED:
        statement = statement.where(apply_by.is_(None))
    elif segment is _Segment.DATED:
        statement = statement.where(apply_by.is_not(None))
    if segment is not _Segment.UNDATED:
        if "until" in filters:
            statement = statement.where(apply_by <= bindparam("until", type_=apply_by.type))
        if "not_passed" in filters:
            today = bindparam("today", type_=apply_by.type)
            if segment is _Segment.DATED:
                statement = statement.where(apply_by >= today)
            else:
                statement = statement.where(or_(apply_by.is_(None), apply_by >= today))
    return statement


@functools.cache
def _page_statement(segment: _Segment, keyset: bool, filters: frozenset[str]) -> Select[Any]:
    columns = (_V.c.apply_by, _V.c.id) if segment is _Segment.DATED else (_V.c.id,)
    statement = _filtered(_row_select().add_columns(*columns), filters, segment, walk=True)
    return keyset_page(statement, columns, keyset=keyset)


@functools.cache
def _count_statement(filters: frozenset[str]) -> Select[Any]:
    # The occupation index counts an occupation group alone; with other filters as well,
    # the list index holds every column they test, so counting needs no table rows.
    walk = "occupation" in filters and len(filters) > 1
    return _filtered(select(func.count()).select_from(_V), filters, None, walk=walk)


@functools.cache
def _suggest_statement() -> Select[Any]:
    # The index (migration 0007) holds the status too: the newest matching open needs
    # are found in it alone, and only those few rows are read from the table.
    search = table("vacancy_search", column("rowid"))
    found = (
        select(search.c.rowid)
        .where(literal_column("vacancy_search").op("MATCH")(bindparam("match")))
        .order_by(search.c.rowid.desc())
        .limit(bindparam("limit"))
    )
    return _row_select().where(_V.c.status == "oppet", literal_column("vacancies.rowid").in_(found))


def _query_params(query: NeedQuery, today: dt.date) -> tuple[frozenset[str], dict[str, Any]]:
    params: dict[str, Any] = {}
    if query.occupation:
        params["occupation_from"], params["occupation_to"] = _occupation_range(query.occupation)
    if query.municipality:
        params["municipality"] = query.municipality
    if query.form:
        params["form"] = query.form
    if query.apply_by_until is not None:
        params["until"] = query.apply_by_until
    if query.not_passed:
        params["today"] = today
    names = {
        "occupation": bool(query.occupation),
        "municipality": bool(query.municipality),
        "form": bool(query.form),
        "until": query.apply_by_until is not None,
        "not_passed": query.not_passed,
    }
    return frozenset(name for name, on in names.items() if on), params


class NeedListing(VacancyServiceBase):
    """The lists of needs and the type-ahead."""

    def needs_of(self, employer_id: uuid.UUID) -> list[NeedRow]:
        """Every need of one employer: open ones first, then by deadline."""
        with self._db.read() as session:
            return need_rows(session, Vacancy.employer_id == employer_id)

    def open_needs(
        self,
        query: NeedQuery,
        after: NeedRow | None = None,
        limit: int = PAGE_SIZE,
        *,
        today: dt.date | None = None,
    ) -> list[NeedRow]:
        """Open needs of every employer, a page at a time (keyset), by deadline."""
        filters, params = _query_params(query, today or clock.today())
        segments = [_Segment.DATED, _Segment.UNDATED]
        if "until" in filters:
            segments.remove(_Segment.UNDATED)
        start: _Segment | None = None
        if after is not None:
            start = _Segment.UNDATED if after.cursor[0] is None else _Segment.DATED
            if start not in segments:
                return []
            segments = segments[segments.index(start) :]
        rows: list[NeedRow] = []
        with self._db.connect() as connection:
            for segment in segments:
                keyset = after is not None and segment is start
                values = dict(params, limit=limit - len(rows))
                if keyset and after is not None:
                    wanted = after.cursor if segment is _Segment.DATED else after.cursor[1:]
                    values.update(after_values(wanted))
                statement = _page_statement(segment, keyset, filters)
                for row in connection.execute(statement, values):
                    rows.append(_need_row(row, (row[13], row[0])))
                if len(rows) >= limit:
                    break
        return rows

    def count_open_needs(self, query: NeedQuery, *, today: dt.date | None = None) -> int:
        filters, params = _query_params(query, today or clock.today())
        with self._db.connect() as connection:
            return int(connection.execute(_count_statement(filters), params).scalar_one())

    def suggest_open(self, text: str, limit: int = SUGGESTIONS) -> list[NeedRow]:
        """Open needs whose title or employer's name has every typed word as the start
        of a word (accents and case ignored, as `fold` does; digits find the employer's
        organisationsnummer): the Matchning screen's type-ahead. The newest `limit`
        matches, shown by deadline (needs without one last)."""
        match = fts_query(text)
        if match is None:
            return []
        with self._db.connect() as connection:
            rows = [
                _need_row(row)
                for row in connection.execute(
                    _suggest_statement(), {"match": f'{match} AND state : "oppet"', "limit": limit}
                )
            ]
        rows.sort(key=lambda r: (r.apply_by is None, r.apply_by or dt.date.min, fold(r.title)))
        return rows
