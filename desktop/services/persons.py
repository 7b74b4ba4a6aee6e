"""The person register: listing, searching and (later) reading and editing persons."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import aliased

from desktop.models import Case, Municipality, Person, User
from desktop.services.search import fts_query
from desktop.store.database import Database

PAGE_SIZE = 100


class PersonSort(enum.Enum):
    NAME = "name"
    BIRTH_DATE = "birth_date"


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """What the list shows: a search text, a sort and its direction."""

    text: str = ""
    sort: PersonSort = PersonSort.NAME
    descending: bool = False


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: uuid.UUID
    last_name: str
    first_name: str
    birth_date: dt.date
    municipality: str | None
    case_status: str | None
    agent: str | None
    # Where this row sits in the sort order; the next page starts after it.
    cursor: tuple[object, ...] = field(repr=False)


def _sort_columns(sort: PersonSort) -> tuple[ColumnElement[object], ...]:
    if sort is PersonSort.BIRTH_DATE:
        return (Person.birth_date, Person.sort_key, Person.id)  # type: ignore[return-value]
    return (Person.sort_key, Person.id)  # type: ignore[return-value]


# The FTS5 index of names and numbers, kept by triggers on `persons` (migration 0001).
person_search = table("person_search", column("rowid"))


def _search_filter(text: str) -> ColumnElement[bool] | None:
    match = fts_query(text)
    if match is None:
        return None
    matching = select(person_search.c.rowid).where(
        literal_column("person_search").op("MATCH")(match)
    )
    return literal_column("persons.rowid").in_(matching)


class PersonService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _base(self, query: PersonQuery) -> Select[*tuple[Any, ...]]:
        latest_case = (
            select(Case.id)
            .where(Case.person_id == Person.id)
            .order_by(Case.opened_on.desc())
            .limit(1)
            .scalar_subquery()
        )
        case = aliased(Case)
        agent = aliased(User)
        statement: Select[*tuple[Any, ...]] = (
            select(
                Person.id,
                Person.last_name,
                Person.first_name,
                Person.birth_date,
                Municipality.name,
                case.status,
                agent.full_name,
                *_sort_columns(query.sort),
            )
            .outerjoin(Municipality, Municipality.code == Person.municipality_code)
            .outerjoin(case, case.id == latest_case)
            .outerjoin(agent, agent.id == case.agent_id)
        )
        search = _search_filter(query.text)
        if search is not None:
            statement = statement.where(search)
        return statement

    def page(
        self, query: PersonQuery, after: PersonRow | None = None, limit: int = PAGE_SIZE
    ) -> list[PersonRow]:
        """The next `limit` rows in the query's order, after `after` (keyset paging)."""
        columns = _sort_columns(query.sort)
        statement = self._base(query)
        if after is not None:
            position = tuple_(*columns)
            bound = tuple_(
                *(literal(v, c.type) for v, c in zip(after.cursor, columns, strict=True))
            )
            statement = statement.where(position < bound if query.descending else position > bound)
        order = [c.desc() if query.descending else c.asc() for c in columns]
        statement = statement.order_by(*order).limit(limit)
        with self._db.read() as session:
            rows = session.execute(statement).all()
        return [
            PersonRow(
                id=row[0],
                last_name=row[1],
                first_name=row[2],
                birth_date=row[3],
                municipality=row[4],
                case_status=row[5],
                agent=row[6],
                cursor=tuple(row[7:]),
            )
            for row in rows
        ]

    def count(self, query: PersonQuery) -> int:
        statement = select(func.count()).select_from(Person)
        search = _search_filter(query.text)
        if search is not None:
            statement = statement.where(search)
        with self._db.read() as session:
            return int(session.execute(statement).scalar_one())
