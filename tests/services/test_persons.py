"""The Deltagare list query: keyset pages, sorting and search."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services import persons as persons_service
from desktop.services.persons import PersonQuery, PersonService, PersonSort
from desktop.services.search import fts_query
from desktop.store.database import Database
from tests.factories import make_person, make_user, open_case, personal_number

NAMES = [
    ("Ahmed", "Öztürk"),
    ("Amina", "Abdullahi"),
    ("Olena", "Kovalenko"),
    ("Yonas", "Tesfamariam"),
    ("Zahra", "Haidari"),
    ("Karin", "Åberg"),
    ("Mohammed", "Al-Hassan"),
    ("Leyla", "Ozturk"),
    ("Erik", "Ängström"),
    ("Hawa", "Mohamud"),
]


@pytest.fixture
def filled(db: Database) -> Database:
    with db.unit_of_work() as session:
        agent = make_user(session, "agent1", "Agnes Agent")
        for index, (first, last) in enumerate(NAMES):
            birth = dt.date(1970 + index * 3, 1 + index, 10 + index)
            person = make_person(
                session,
                first,
                last,
                birth=birth,
                number=personal_number(birth, 100 + index) if index % 3 else None,
            )
            if index % 2 == 0:
                open_case(session, person, agent)
    return db


def _all_pages(service: PersonService, query: PersonQuery, size: int) -> list[str]:
    names: list[str] = []
    after = None
    while True:
        page = service.page(query, after, size)
        names += [f"{r.last_name}, {r.first_name}" for r in page]
        if len(page) < size:
            return names
        after = page[-1]


def test_pages_walk_the_whole_list_in_swedish_order(filled: Database) -> None:
    service = PersonService(filled)
    names = _all_pages(service, PersonQuery(), 3)
    assert len(names) == len(set(names)) == len(NAMES)
    assert [n.split(",")[0] for n in names] == [
        "Abdullahi", "Al-Hassan", "Haidari", "Kovalenko", "Mohamud",
        "Ozturk", "Tesfamariam", "Åberg", "Ängström", "Öztürk",
    ]  # fmt: skip


def test_descending_birth_date_pages(filled: Database) -> None:
    service = PersonService(filled)
    query = PersonQuery(sort=PersonSort.BIRTH_DATE, descending=True)
    after = None
    births: list[dt.date] = []
    for _ in range(4):
        page = service.page(query, after, 3)
        births += [r.birth_date for r in page]
        after = page[-1] if page else after
    assert births == sorted(births, reverse=True)
    assert len(births) == len(NAMES)


def test_rows_carry_case_status_agent_and_municipality(filled: Database) -> None:
    rows = PersonService(filled).page(PersonQuery(text="Ahmed Öztürk"))
    assert [(r.case_status, r.agent, r.municipality) for r in rows] == [
        ("aktiv", "Agnes Agent", "Botkyrka")
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ozturk", {"Öztürk", "Ozturk"}),
        ("ÖZTÜ", {"Öztürk", "Ozturk"}),
        ("angstr", {"Ängström"}),
        ("al-has", {"Al-Hassan"}),
        ("hassan", {"Al-Hassan"}),
        ("ahm özt", {"Öztürk"}),
        ("tesfa yon", {"Tesfamariam"}),
        ("x", set()),
    ],
)
def test_search_folds_diacritics_and_case(filled: Database, typed: str, expected: set[str]) -> None:
    rows = PersonService(filled).page(PersonQuery(text=typed))
    assert {r.last_name for r in rows} == expected
    assert PersonService(filled).count(PersonQuery(text=typed)) == len(expected)


def test_search_by_identity_number_fragments_and_birth_date(filled: Database) -> None:
    birth = dt.date(1973, 2, 11)  # Abdullahi, index 1, has a number
    number = personal_number(birth, 101)
    service = PersonService(filled)
    for typed in (number, number[2:], f"{number[2:8]}-{number[8:]}", number[-4:], "19730211"):
        assert [r.last_name for r in service.page(PersonQuery(text=typed))] == ["Abdullahi"], typed
    # Those without a number are found by birth date.
    assert [r.last_name for r in service.page(PersonQuery(text="19700110"))] == ["Öztürk"]


@pytest.mark.parametrize(
    "typed", ['"', "AND", "OR NOT", "*", "NEAR(a b)", "a:b", "^x", "'", "-", "+"]
)
def test_fts_syntax_typed_by_users_is_plain_text(filled: Database, typed: str) -> None:
    PersonService(filled).page(PersonQuery(text=typed))  # must not raise


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_text_gives_a_valid_query_or_none(text: str) -> None:
    query = fts_query(text)
    assert query is None or query.count('"') % 2 == 0


def test_empty_search_lists_everyone(filled: Database) -> None:
    service = PersonService(filled)
    assert service.count(PersonQuery(text="   ")) == len(NAMES)
    assert len(service.page(PersonQuery(text=" "))) == len(NAMES)


def test_search_follows_renames(filled: Database) -> None:
    service = PersonService(filled)
    row = service.page(PersonQuery(text="Kovalenko"))[0]
    from desktop.models import Person

    with filled.unit_of_work() as session:
        person = session.get_one(Person, row.id)
        person.last_name = "Kowalenko"
        person.refresh_sort_key()
    assert service.page(PersonQuery(text="Kovalenko")) == []
    assert [r.first_name for r in service.page(PersonQuery(text="Kowal"))] == ["Olena"]
    with filled.unit_of_work() as session:
        session.delete(session.get_one(Person, row.id))
    assert service.page(PersonQuery(text="Kowal")) == []


@pytest.mark.parametrize("typed", ["o", "ozt", "a", "19", "zzz"])
def test_both_query_plans_give_the_same_pages(
    filled: Database, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """Large match sets walk the sort index, small ones sort the matches: same answer."""
    results = []
    for few in (0, 10**9):
        monkeypatch.setattr("desktop.services.persons.FEW_MATCHES", few)
        results.append(_all_pages(PersonService(filled), PersonQuery(text=typed), 2))
    walked, sorted_matches = results
    assert walked == sorted_matches
    assert (walked == []) == (typed == "zzz")


def test_letters_unicode_cannot_fold_are_folded_too(db: Database) -> None:
    with db.unit_of_work() as session:
        make_person(session, "Ayşe", "Yılmaz")
        make_person(session, "Łucja", "Wiśniewska")
        make_person(session, "Søren", "Møller")
    service = PersonService(db)
    assert [r.last_name for r in service.page(PersonQuery(text="yilmaz ayse"))] == ["Yılmaz"]
    assert [r.last_name for r in service.page(PersonQuery(text="Yılm"))] == ["Yılmaz"]
    assert [r.first_name for r in service.page(PersonQuery(text="lucja wisn"))] == ["Łucja"]
    assert [r.first_name for r in service.page(PersonQuery(text="moller"))] == ["Søren"]


def test_counts_follow_new_persons(filled: Database) -> None:
    service = PersonService(filled)
    assert service.count(PersonQuery(text="Kovalenko")) == 1
    with filled.unit_of_work() as session:
        make_person(session, "Iryna", "Kovalenko")
    assert service.count(PersonQuery(text="Kovalenko")) == 2
    assert len(service.page(PersonQuery(text="Kovalenko"))) == 2


def test_opening_a_person_is_an_audited_read(filled: Database) -> None:
    from sqlalchemy import select

    from desktop.models import AuditEvent
    from desktop.services import audit
    from desktop.services.accounts import Actor

    audit.install(filled)
    with filled.unit_of_work() as session:
        reader = make_user(session, "lasare", "Läsare Läsarsson")
    actor = Actor(reader.id, reader.username, reader.full_name, "handlaggare")
    row = PersonService(filled).page(PersonQuery(text="Kovalenko"))[0]
    header = PersonService(filled, actor).open(row.id, screen="deltagare")
    assert (header.first_name, header.last_name) == ("Olena", "Kovalenko")
    assert header.municipality == "Botkyrka"
    with filled.read() as session:
        reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "read")).all()
        assert [(e.user_id, e.person_id, e.screen) for e in reads] == [
            (reader.id, row.id, "deltagare")
        ]


@pytest.mark.parametrize("keyset", [False, True])
def test_the_list_in_name_order_is_read_from_its_index_alone(db: Database, keyset: bool) -> None:
    # Every column a row shows is in ix_persons_list: a page never looks up the table,
    # which would decrypt the whole table into the page cache on a long scroll.
    statement = persons_service._page_statement(
        PersonSort.NAME, False, persons_service._Plan.ALL, keyset, frozenset()
    )
    with db.connect() as connection:
        compiled = statement.compile(connection)
        plan = [
            row[3]
            for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled),
                (None,) * len(compiled.positiontup or ()),
            ).all()
        ]
    persons = next(step for step in plan if " persons " in f" {step} ")
    assert "USING COVERING INDEX ix_persons_list" in persons, plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
