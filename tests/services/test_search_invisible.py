"""Names holding invisible formatting (a zero-width space, a soft hyphen, a direction mark)
are found by their plain spelling and as typed with it (migration 0014). New names refuse
such characters, so the rows here are written by raw SQL, as an old record or a
synchronised row would be. Every name here is made up."""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3
import unicodedata

import pytest
from sqlalchemy import text

from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.employers import EmployerData, EmployerQuery, EmployerService
from desktop.services.persons import PersonQuery, PersonService
from desktop.services.search import SEARCH_INVISIBLE, search_text, visible, words
from desktop.services.vacancies import VacancyData, VacancyService
from desktop.store.database import Database
from tests.factories import make_person, make_user

NEWEST = importlib.import_module("desktop.store.migrations.versions.0014_search_without_formatting")
ZWSP, SHY, RLM, BOM, WJ = "\u200b", "\u00ad", "\u200f", "\ufeff", "\u2060"


@pytest.fixture
def actor(db: Database) -> Actor:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


def _names(service: PersonService, typed: str) -> set[str]:
    rows = service.page(PersonQuery(text=typed))
    assert service.count(PersonQuery(text=typed)) == len(rows), typed
    return {visible(f"{r.first_name} {r.last_name}") for r in rows}


def test_persons_stored_with_invisible_formatting_are_found_by_the_plain_name(
    db: Database,
) -> None:
    with db.unit_of_work() as session:
        make_person(session, "Testa", "Provsson")
        make_person(session, "Fiktiva", "Exempeldottir")
        make_person(session, "Låtsas", "Provsson")
    with db.unit_of_work() as session:
        session.execute(
            text("UPDATE persons SET last_name = :last WHERE first_name = 'Testa'"),
            {"last": f"Prov{ZWSP}sson"},
        )
        session.execute(
            text("UPDATE persons SET first_name = :first, last_name = :last "
                 "WHERE first_name = 'Fiktiva'"),
            {"first": f"{RLM}Fik{SHY}tiva{BOM}", "last": f"Exempel{WJ}dottir"},
        )  # fmt: skip
    service = PersonService(db)
    for typed in ("Provsson", "provs", f"Prov{ZWSP}sson", f"Pro{SHY}vs", "testa provsson"):
        assert "Testa Provsson" in _names(service, typed), typed
    assert _names(service, "testa provsson") == {"Testa Provsson"}
    assert _names(service, "Provsson") == {"Testa Provsson", "Låtsas Provsson"}
    for typed in ("Fiktiva", "Exempeldottir", f"Fik{ZWSP}tiva Exempel{SHY}dottir", "fiktiva exem"):
        assert _names(service, typed) == {"Fiktiva Exempeldottir"}, typed
    # Not taken for a break between words: the halves alone find nothing.
    assert _names(service, "sson") == set()
    assert _names(service, "dottir") == set()

    # The triggers keep the index in step when such a row changes or goes.
    with db.unit_of_work() as session:
        session.execute(
            text("UPDATE persons SET last_name = :last WHERE first_name = 'Testa'"),
            {"last": f"Ny{ZWSP}provsson"},
        )
    assert _names(service, "Nyprovsson") == {"Testa Nyprovsson"}
    assert _names(service, "testa provsson") == set()
    with db.unit_of_work() as session:
        session.execute(text("DELETE FROM persons WHERE first_name = 'Testa'"))
    assert _names(service, "Nyprovsson") == set()
    with db.unit_of_work() as session:
        session.execute(
            text("INSERT INTO person_search(person_search, rank) VALUES ('integrity-check', 1)")
        )


def test_employers_and_needs_stored_with_invisible_formatting_are_found(
    db: Database, actor: Actor
) -> None:
    employers = EmployerService(db, actor)
    employer_id = employers.create(
        EmployerData(name="Provbygget AB", sector="privat", municipality_code="0127"),
        confirmed=True,
    )
    needs = VacancyService(db, actor)
    needs.create(
        VacancyData(
            employer_id=employer_id, requirements=(), occupation_code="5321",
            title="Testvårdare", positions="1", form_code="anstallning",
            extent="heltid", municipality_code="0127", start_date="2027-01-10",
        ),
        today=dt.date(2026, 11, 24),
    )  # fmt: skip
    with db.unit_of_work() as session:
        session.execute(
            text("UPDATE employers SET name = :name"), {"name": f"Prov{ZWSP}bygget{SHY} AB"}
        )
        session.execute(text("UPDATE vacancies SET title = :title"), {"title": f"Test{BOM}vårdare"})

    def names(typed: str) -> list[str]:
        return [visible(row.name) for row in employers.page(EmployerQuery(text=typed))]

    def titles(typed: str) -> list[str]:
        return [visible(row.title) for row in needs.suggest_open(typed)]

    for typed in ("Provbygget", "provbygget ab", f"Prov{ZWSP}bygget", f"prov{RLM}byg"):
        assert names(typed) == ["Provbygget AB"], typed
        assert titles(typed) == ["Testvårdare"], typed
    assert employers.count(EmployerQuery(text="provbygget")) == 1
    assert names("bygget") == []
    for typed in ("Testvårdare", "testvard", f"Test{ZWSP}vårdare provbygget"):
        assert titles(typed) == ["Testvårdare"], typed
    assert titles("vardare") == []
    with db.unit_of_work() as session:
        session.execute(
            text("INSERT INTO employer_search(employer_search, rank) VALUES ('integrity-check', 1)")
        )


def test_one_list_of_invisible_characters_for_both_sides() -> None:
    assert NEWEST.SEARCH_INVISIBLE == SEARCH_INVISIBLE
    # Every Cf character Python knows (what names refuse: validation._has_controls);
    # anything listed beyond them is one a newer Unicode made Cf (or none yet).
    listed = {
        chr(code) for first, last in SEARCH_INVISIBLE for code in range(ord(first), ord(last) + 1)
    }
    known = {chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}
    assert known <= listed
    assert {unicodedata.category(c) for c in listed - known} <= {"Cn"}
    sample = "".join(sorted(known)) + "Anders son"
    assert visible(sample) == "Anders son"
    assert words(f"Anders{ZWSP}son{SHY}") == ["Andersson"]


@pytest.mark.parametrize("in_view", [False, True])
def test_the_migrations_sql_takes_out_what_the_query_side_does(in_view: bool) -> None:
    texts = [
        f"Prov{ZWSP}sson",
        f"{RLM}Đor{SHY}đević{BOM} Strauß",
        f"Lær{WJ}ke \u202eØ\u202c",
        "Plain Name",
        ZWSP,
        "",
        "a\U000e0041b\U0001d173c\u0600d",
        "".join(
            chr(c) for first, last in SEARCH_INVISIBLE for c in range(ord(first), ord(last) + 1)
        ),
    ]
    connection = sqlite3.connect(":memory:")
    sql = NEWEST.search_text("?", in_view=in_view)
    for value in texts:
        got = connection.execute(f"SELECT {sql}", (value,) * sql.count("?")).fetchone()[0]
        assert got == search_text(value), value
    connection.close()
