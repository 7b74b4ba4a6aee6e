"""The person register: listing, searching and (later) reading and editing persons."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import sys
import uuid
from dataclasses import dataclass, field
from typing import Any, overload

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)

from desktop import clock
from desktop.models import Consent, Municipality, Person, User
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.identity import written
from desktop.services.keyset import keyset_page
from desktop.services.search import birthdays, fts_query, month_days, words
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError

PAGE_SIZE = 100


class PersonSort(enum.Enum):
    NAME = "name"
    BIRTH_DATE = "birth_date"


@dataclass(frozen=True, slots=True)
class PersonQuery:
    """What the list shows: a search text, filters, a sort and its direction."""

    text: str = ""
    sort: PersonSort = PersonSort.NAME
    descending: bool = False
    municipality: str | None = None
    # The status of the person's current (newest) case.
    status: str | None = None
    # The agent of the current case; "my cases" is the acting user's id.
    agent_id: uuid.UUID | None = None

    def filters(self) -> dict[str, object]:
        values = {"municipality": self.municipality, "status": self.status, "agent": self.agent_id}
        return {name: value for name, value in values.items() if value is not None}


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
    # YYYYMMDD-NNNN as the person's header shows it; None for a person without one.
    identity_number: str | None = None


def _sort_columns(sort: PersonSort) -> tuple[ColumnElement[Any], ...]:
    person = Person.__table__.c
    if sort is PersonSort.BIRTH_DATE:
        return (person.birth_date, person.sort_key, person.id)
    return (person.sort_key, person.id)


# The FTS5 index of names and numbers, kept by triggers on `persons` (migration 0001).
person_search = table("person_search", column("rowid"))

# Below this many matches, fetch the matching rows and sort them; above it, walk the sort
# index and keep the rows that match, which stops after a page. Measured at 100,000
# persons: the two cost the same near 1,000 matches (docs/decisions/0003).
FEW_MATCHES = 1_000

_MATCHES = select(person_search.c.rowid).where(
    literal_column("person_search").op("MATCH")(bindparam("match"))
)
# Counted in the index alone: it holds exactly one row per person.
_MATCH_COUNT = select(func.count()).select_from(_MATCHES.subquery())
_COUNT_ALL = select(func.count()).select_from(Person)
# How far back a birthday typed as MMDD is looked for.
BIRTH_YEARS = 120


@dataclass(frozen=True)
class _Search:
    """What was typed, as conditions: `match` for every word as a prefix (FTS5), except
    the words that could be a month and day (`0324`), each of which matches the start of
    a number or a birth date on that day in any year. The birthdays are a list of exact
    dates looked up in the birth-date index, so the search stays indexed."""

    match: str | None
    month_days: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str) -> _Search | None:
        days = tuple(month_days(text))
        if not days:
            match = fts_query(text)
            return None if match is None else cls(match)
        rest = [word for word in words(text) if word not in days]
        return cls(fts_query(" ".join(rest)), days)

    @property
    def shape(self) -> tuple[bool, int]:
        return self.match is not None, len(self.month_days)

    @property
    def key(self) -> str:
        return " ".join((self.match or "", *self.month_days))

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.match is not None:
            params["match"] = self.match
        this_year = clock.today().year
        for i, day in enumerate(self.month_days):
            params[f"md_match_{i}"] = fts_query(day)
            params[f"md_dates_{i}"] = birthdays(
                day, first_year=this_year - BIRTH_YEARS, last_year=this_year
            )
        return params


def _search_condition(rowid: str, shape: tuple[bool, int]) -> ColumnElement[bool]:
    """Every typed word matches (see _Search); `rowid` is "persons.rowid" or, to keep
    SQLite walking the sort index, "+persons.rowid"."""
    has_match, days = shape
    person = Person.__table__.c
    parts: list[ColumnElement[bool]] = []
    if has_match:
        parts.append(literal_column(rowid).in_(_MATCHES))
    for i in range(days):
        number = select(person_search.c.rowid).where(
            literal_column("person_search").op("MATCH")(bindparam(f"md_match_{i}"))
        )
        dates = bindparam(f"md_dates_{i}", expanding=True, type_=person.birth_date.type)
        parts.append(or_(literal_column(rowid).in_(number), person.birth_date.in_(dates)))
    return and_(*parts)


class _Plan(enum.Enum):
    ALL = "all"
    FEW_MATCHES = "few"
    MANY_MATCHES = "many"


_FILTER_COLUMNS = {
    "municipality": Person.__table__.c.municipality_code,
    "status": Person.__table__.c.current_case_status,
    "agent": Person.__table__.c.current_agent_id,
}


def _filtered(statement: Select[Any], filters: frozenset[str]) -> Select[Any]:
    for name in sorted(filters):
        column = _FILTER_COLUMNS[name]
        statement = statement.where(column == bindparam(name, type_=column.type))
    return statement


@functools.cache
def _page_statement(
    sort: PersonSort,
    descending: bool,
    plan: _Plan,
    keyset: bool,
    filters: frozenset[str],
    *,
    search: tuple[bool, int] = (True, 0),
) -> Select[*tuple[Any, ...]]:
    """The page query for one shape of request, built once: only bound values vary.

    Core tables, not ORM entities: lists need no objects, and building ORM aliases here
    would configure every mapper during start-up. Status and agent are the copies of the
    current case kept on the person (desktop/services/cases.py), so each filter has an
    index that also gives the sort order.
    """
    persons = Person.__table__
    agent = User.__table__.alias("agent")
    municipalities = Municipality.__table__
    columns = _sort_columns(sort)
    statement: Select[*tuple[Any, ...]] = (
        select(
            persons.c.id,
            persons.c.last_name,
            persons.c.first_name,
            persons.c.birth_date,
            municipalities.c.name,
            persons.c.current_case_status,
            agent.c.full_name,
            persons.c.personal_number,
            *columns,
        )
        .select_from(persons)
        .outerjoin(municipalities, municipalities.c.code == persons.c.municipality_code)
        .outerjoin(agent, agent.c.id == persons.c.current_agent_id)
    )
    statement = _filtered(statement, filters)
    if plan is not _Plan.ALL:
        # The unary + keeps SQLite from driving the query by rowid lookups, so that it
        # walks the sort index instead (see FEW_MATCHES).
        rowid = "persons.rowid" if plan is _Plan.FEW_MATCHES else "+persons.rowid"
        statement = statement.where(_search_condition(rowid, search))
    return keyset_page(statement, columns, keyset=keyset, descending=descending)


@functools.cache
def _count_statement(filters: frozenset[str], search: tuple[bool, int] | None) -> Select[Any]:
    if not filters and search in (None, (True, 0)):
        return _MATCH_COUNT if search else _COUNT_ALL
    statement = _filtered(select(func.count()).select_from(Person.__table__), filters)
    if search:
        statement = statement.where(_search_condition("persons.rowid", search))
    return statement


@overload
def _interned(text: str) -> str: ...
@overload
def _interned(text: None) -> None: ...
def _interned(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


def _formatted(number: str | None) -> str | None:
    """A stored personnummer (12 digits) as written: YYYYMMDD-NNNN."""
    return written(number) if number else None


@dataclass(frozen=True)
class PersonHeader:
    """What the person screen shows at its top."""

    id: uuid.UUID
    version: int
    first_name: str
    last_name: str
    birth_date: dt.date
    identity_number: str | None  # YYYYMMDD-NNNN
    identity_kind: str
    municipality: str | None
    current_case_id: uuid.UUID | None
    current_case_status: str | None
    sharing_consent: bool


class PersonService:
    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self._db = db
        self._actor = actor
        # Match counts by FTS query, only to choose a query plan: a stale count costs
        # a little speed, never a wrong answer.
        self._counts: dict[str, int] = {}

    def page(
        self, query: PersonQuery, after: PersonRow | None = None, limit: int = PAGE_SIZE
    ) -> list[PersonRow]:
        """The next `limit` rows in the query's order, after `after` (keyset paging)."""
        filters = query.filters()
        params: dict[str, Any] = {"limit": limit, **filters}
        plan = _Plan.ALL
        search = _Search.of(query.text)
        if search is not None:
            params.update(search.params())
            few = self._match_count(search) < FEW_MATCHES
            plan = _Plan.FEW_MATCHES if few else _Plan.MANY_MATCHES
        if after is not None:
            params.update({f"after_{i}": value for i, value in enumerate(after.cursor)})
        statement = _page_statement(
            query.sort,
            query.descending,
            plan,
            after is not None,
            frozenset(filters),
            search=search.shape if search is not None else (True, 0),
        )
        with self._db.connect() as connection:
            rows = connection.execute(statement, params).all()
        # A list scrolled to 100,000 rows keeps every row: the words repeated from row
        # to row (names, municipality, status, agent) are held once, and the cursor's
        # last value is the row's own id rather than a second copy of it (issue 18).
        shared = _interned
        return [
            PersonRow(
                id=row[0],
                last_name=shared(row[1]),
                first_name=shared(row[2]),
                birth_date=row[3],
                municipality=shared(row[4]),
                case_status=shared(row[5]),
                agent=shared(row[6]),
                identity_number=_formatted(row[7]),
                cursor=(*row[8:-1], row[0]),
            )
            for row in rows
        ]

    def open(self, person_id: uuid.UUID, *, screen: str = "personkort") -> PersonHeader:
        """Open a person's record: the read is written to the audit log."""
        if self._actor is None:
            raise RuntimeError("opening a person needs the acting user")
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            person = session.get(Person, person_id)
            if person is None:
                raise RecordMissingError("Personen")
            municipality = session.get(Municipality, person.municipality_code or "")
            sharing = session.scalars(
                select(Consent.id).where(
                    Consent.person_id == person_id,
                    Consent.kind == "dela_profil",
                    Consent.withdrawn_on.is_(None),
                )
            ).first()
            audit.record(session, "read", "Person", person_id, person_id=person_id)
            number = person.personal_number
            return PersonHeader(
                id=person.id,
                version=person.version,
                first_name=person.first_name,
                last_name=person.last_name,
                birth_date=person.birth_date,
                identity_number=_formatted(number),
                identity_kind=person.identity_kind,
                municipality=municipality.name if municipality else None,
                current_case_id=person.current_case_id,
                current_case_status=person.current_case_status,
                sharing_consent=sharing is not None,
            )

    def exists(self, person_id: uuid.UUID) -> bool:
        """Whether the person is still here (a sync may have brought an erasure); not a
        read of the person, so not in the audit log."""
        with self._db.read() as session:
            return session.get(Person, person_id) is not None

    def count(self, query: PersonQuery) -> int:
        search = _Search.of(query.text)
        filters = query.filters()
        if search is not None and not filters:
            self._counts.pop(search.key, None)
            return self._match_count(search)
        shape = search.shape if search is not None else None
        statement = _count_statement(frozenset(filters), shape)
        params = {**filters, **(search.params() if search is not None else {})}
        with self._db.connect() as connection:
            return int(connection.execute(statement, params).scalar_one())

    def _match_count(self, search: _Search) -> int:
        if search.key not in self._counts:
            if len(self._counts) > 256:
                self._counts.clear()
            statement = _count_statement(frozenset(), search.shape)
            with self._db.connect() as connection:
                count = connection.execute(statement, search.params()).scalar_one()
            self._counts[search.key] = int(count)
        return self._counts[search.key]
