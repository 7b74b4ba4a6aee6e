"""Names are found by their common plain-Latin spelling as well as folded: Djordjevic
finds Đorđević, Strauss finds Strauß, Laerke finds Lærke (migration 0011). Every name
here is made up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
import sqlite3
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.employers import EmployerData, EmployerQuery, EmployerService
from desktop.services.persons import PersonQuery, PersonService
from desktop.services.search import (
    SEARCH_FOLDS,
    SEARCH_TRANSLITERATIONS,
    fts_query,
    search_text,
)
from desktop.services.vacancies import VacancyData, VacancyService
from desktop.store.database import Database
from tests.factories import make_person, make_user

NEWEST = importlib.import_module("desktop.store.migrations.versions.0014_search_without_formatting")

PERSONS = [
    ("Testa", "Đorđević"),
    ("Provia", "Strauß"),
    ("Lærke", "Exempelsen"),
    ("Fiktiva", "Aerø"),
    ("Påhitt", "Œuvrard"),
    ("Þórkatla", "Testdóttir"),
    ("Guðrún", "Provsdóttir"),
    ("Ĳsbrand", "Testvelde"),
    ("Låtsas", "Dordevic"),
    ("Exempla", "Strauss"),
    ("Gunnel", "Djordjevic"),
    ("Prova", "Møllerström"),
]


@pytest.fixture
def persons(db: Database) -> PersonService:
    with db.unit_of_work() as session:
        for first, last in PERSONS:
            make_person(session, first, last)
    return PersonService(db)


def _found(service: PersonService, typed: str) -> set[str]:
    names = {f"{r.first_name} {r.last_name}" for r in service.page(PersonQuery(text=typed))}
    assert service.count(PersonQuery(text=typed)) == len(names), typed
    return names


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # The common transliteration finds the name as stored...
        ("Djordjevic", {"Testa Đorđević", "Gunnel Djordjevic"}),
        ("djordj testa", {"Testa Đorđević"}),
        ("Strauss", {"Provia Strauß", "Exempla Strauss"}),
        ("strauss provia", {"Provia Strauß"}),
        ("Laerke", {"Lærke Exempelsen"}),
        ("Aeroe", {"Fiktiva Aerø"}),
        ("oeuvrard", {"Påhitt Œuvrard"}),
        ("Thorkatla", {"Þórkatla Testdóttir"}),
        ("Gudhrun", {"Guðrún Provsdóttir"}),
        ("Ijsbrand", {"Ĳsbrand Testvelde"}),
        ("Moellerstrom", {"Prova Møllerström"}),
        # ... the folded form and the name as written still do...
        ("Dordevic", {"Testa Đorđević", "Låtsas Dordevic"}),
        ("Đorđević", {"Testa Đorđević", "Låtsas Dordevic", "Gunnel Djordjevic"}),
        ("dorđ", {"Testa Đorđević", "Låtsas Dordevic"}),
        ("ĐORĐEVIĆ TESTA", {"Testa Đorđević"}),
        ("Strauß", {"Provia Strauß", "Exempla Strauss"}),
        ("Lærke", {"Lærke Exempelsen"}),
        ("Aerø", {"Fiktiva Aerø"}),
        ("aero", {"Fiktiva Aerø"}),
        ("Gudrun", {"Guðrún Provsdóttir"}),
        ("Guðrún", {"Guðrún Provsdóttir"}),
        ("Þórk", {"Þórkatla Testdóttir"}),
        ("Møller", {"Prova Møllerström"}),
        ("moller", {"Prova Møllerström"}),
        # ... and nothing else is found by the extra forms.
        ("Djordjevics", set()),
        ("Strausz", set()),
        ("Lerke", set()),
    ],
)
def test_names_are_found_by_their_transliteration_and_as_before(
    persons: PersonService, typed: str, expected: set[str]
) -> None:
    assert _found(persons, typed) == expected


def test_renamed_persons_are_found_by_the_new_names_forms(
    db: Database, persons: PersonService
) -> None:
    from desktop.models import Person

    row = persons.page(PersonQuery(text="Laerke"))[0]
    with db.unit_of_work() as session:
        person = session.get_one(Person, row.id)
        person.last_name = "Þrastarsøn"
        person.refresh_sort_key()
    assert _found(persons, "Thrastarsoen") == {"Lærke Þrastarsøn"}
    assert _found(persons, "Exempelsen") == set()
    with db.unit_of_work() as session:
        session.delete(session.get_one(Person, row.id))
    assert _found(persons, "Thrastar") == set()
    assert _found(persons, "Laerke") == set()


def test_a_transliterated_name_with_a_birthday_finds_the_person(db: Database) -> None:
    with db.unit_of_work() as session:
        make_person(session, "Testa", "Đorđević", birth=dt.date(1990, 3, 24))
        make_person(session, "Provia", "Đorđević", birth=dt.date(1991, 5, 2))
        make_person(session, "Gunnel", "Djordjevic", birth=dt.date(1985, 3, 24))
    service = PersonService(db)
    both = {"Testa Đorđević", "Gunnel Djordjevic"}
    for typed in ("Djordjevic 0324", "Đorđević 0324", "0324 đorđ"):
        assert _found(service, typed) == both, typed
    assert _found(service, "0324 dordev") == {"Testa Đorđević"}


@pytest.fixture
def actor(db: Database) -> Actor:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


def _employer(service: EmployerService, name: str) -> uuid.UUID:
    data = EmployerData(name=name, sector="privat", municipality_code="0127")
    return service.create(data, confirmed=True)


def test_employers_are_found_by_transliteration(db: Database, actor: Actor) -> None:
    service = EmployerService(db, actor)
    for name in ("Đurđevac Testbygg AB", "Großprovet Städ HB", "Kærlighed Påhitt AB"):
        _employer(service, name)

    def names(typed: str) -> list[str]:
        return [row.name for row in service.page(EmployerQuery(text=typed))]

    assert names("djurdjevac") == ["Đurđevac Testbygg AB"]
    assert names("Durdevac") == ["Đurđevac Testbygg AB"]
    assert names("grossprovet stad") == ["Großprovet Städ HB"]
    assert names("Großprovet") == ["Großprovet Städ HB"]
    assert names("kaerlighed") == ["Kærlighed Påhitt AB"]
    assert service.count(EmployerQuery(text="kaerl")) == 1
    assert [s.name for s in service.suggest("Djurdj")] == ["Đurđevac Testbygg AB"]


def test_open_needs_are_found_by_transliterated_title_and_employer(
    db: Database, actor: Actor
) -> None:
    employer_id = _employer(EmployerService(db, actor), "Ærøskøbing Testvård AB")
    needs = VacancyService(db, actor)
    needs.create(
        VacancyData(
            employer_id=employer_id, requirements=(), occupation_code="5321",
            title="Smørrebrødsprovare", positions="1", form_code="anstallning",
            extent="heltid", municipality_code="0127", start_date="2027-01-10",
        ),
        today=dt.date(2026, 11, 24),
    )  # fmt: skip

    def titles(typed: str) -> list[str]:
        return [row.title for row in needs.suggest_open(typed)]

    assert titles("smoerrebroed") == ["Smørrebrødsprovare"]
    assert titles("smorrebrod") == ["Smørrebrødsprovare"]
    assert titles("aeroeskoebing") == ["Smørrebrødsprovare"]
    assert titles("ærø smør") == ["Smørrebrødsprovare"]
    # The employer's renamed: the need's index entry follows.
    service = EmployerService(db, actor)
    details = service.details(employer_id)
    service.update(
        employer_id, details.version, dataclasses.replace(details.data(), name="Þingprov AB")
    )
    assert titles("thingprov") == ["Smørrebrødsprovare"]
    assert titles("aeroeskoebing") == []


def test_one_table_for_the_query_side_and_the_newest_migration() -> None:
    assert NEWEST.SEARCH_FOLDS == SEARCH_FOLDS
    assert NEWEST.SEARCH_TRANSLITERATIONS == SEARCH_TRANSLITERATIONS
    # Every letter in both cases, each written out with at least one plain letter.
    for letter, plain in SEARCH_TRANSLITERATIONS:
        assert re.fullmatch("[a-zA-Z]+", plain), letter
    letters = {letter for letter, _ in SEARCH_TRANSLITERATIONS}
    assert {letter for letter, _ in SEARCH_FOLDS} <= letters
    for letter in letters - {"ı", "ß"}:
        assert letter.swapcase() in letters, letter


def test_the_migrations_sql_computes_what_the_query_side_expects() -> None:
    texts = [f"{first} {last}" for first, last in PERSONS] + [
        "ĐÐÞÆŒĲẞØŁ đðþæœĳßøłı",
        "Plain Name",
        "Öztürk Ängström",
        "",
    ]
    connection = sqlite3.connect(":memory:")
    for text in texts:
        sql = NEWEST.search_text("?")
        placeholders = sql.count("?")
        got = connection.execute(f"SELECT {sql}", (text,) * placeholders).fetchone()[0]
        assert got == search_text(text), text
    connection.close()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeoĐđßæøœþðĳıłØ Dj-+*\"'():0123"), max_size=30))
def test_every_typed_text_is_a_valid_fts5_query(text: str) -> None:
    query = fts_query(text)
    if query is None:
        return
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(names, numbers, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t VALUES ('djordjevic đorđević strauß strauss', '1234')")
    connection.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,)).fetchall()
    connection.close()
