"""Every migration runs on a database filled at the revision before it.

The starting databases are committed files made by tests/make_migration_fixture.py while
their revision was the newest, so each one holds what that revision really wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from desktop.services.search import fts_query
from desktop.store.database import make_engine
from desktop.store.schema import HEAD_REVISION, current_revision, migrations_dir, upgrade
from tests.make_migration_fixture import FIXTURES

STEPS = [
    (str(script.down_revision), script.revision)
    for script in ScriptDirectory(str(migrations_dir())).walk_revisions()
    if script.down_revision is not None
]
TABLES = ("persons", "cases", "case_notes", "employers", "employer_contacts", "vacancies", "users")


def _counts(connection: Connection) -> dict[str, object]:
    return {
        table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        for table in TABLES
    }


@pytest.mark.parametrize(("previous", "revision"), STEPS)
def test_upgrade_keeps_the_data_of_the_previous_revision(
    tmp_path: Path, previous: str, revision: str
) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / f"{previous}.sqlite", path)
    engine = make_engine(path)
    assert current_revision(engine, path) == previous
    with engine.connect() as connection:
        before = _counts(connection)
    assert before["persons"] > 0

    upgrade(engine, target=revision)

    assert current_revision(engine, path) == revision
    with engine.connect() as connection:
        assert _counts(connection) == before
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        hits = connection.exec_driver_sql(
            "SELECT count(*) FROM person_search WHERE person_search MATCH 'names : a*'"
        ).scalar()
    engine.dispose()
    assert hits


def test_0003_copies_each_persons_newest_case_onto_the_person(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0002.sqlite", path)
    engine = make_engine(path)
    upgrade(engine, target="0003")
    with engine.connect() as connection:
        wrong = connection.exec_driver_sql(
            "SELECT count(*) FROM persons p WHERE p.current_case_id IS NOT "
            "(SELECT c.id FROM cases c WHERE c.person_id = p.id "
            " ORDER BY c.opened_on DESC, c.created_at DESC LIMIT 1) "
            "OR p.current_case_status IS NOT "
            "(SELECT status FROM cases WHERE id = p.current_case_id) "
            "OR p.current_agent_id IS NOT "
            "(SELECT agent_id FROM cases WHERE id = p.current_case_id)"
        ).scalar()
        with_case = connection.exec_driver_sql(
            "SELECT count(*) FROM persons WHERE current_case_id IS NOT NULL"
        ).scalar()
    engine.dispose()
    assert wrong == 0
    assert with_case


def test_every_revision_but_the_newest_has_a_filled_database() -> None:
    assert STEPS[0][1] == HEAD_REVISION
    for previous, _revision in STEPS:
        assert (FIXTURES / f"{previous}.sqlite").exists(), (
            f"run `python -m tests.make_migration_fixture {previous}` while it is the head"
        )


def test_0004_indexes_the_employers_already_there_for_search(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0003.sqlite", path)
    engine = make_engine(path)
    upgrade(engine, target="0004")
    with engine.begin() as connection:
        employers = connection.exec_driver_sql("SELECT rowid, name, org_number FROM employers")
        rows = employers.all()
        assert rows

        def found(match: str) -> set[int]:
            return {
                int(row[0])
                for row in connection.exec_driver_sql(
                    "SELECT rowid FROM employer_search WHERE employer_search MATCH ?", (match,)
                )
            }

        for rowid, name, number in rows:
            first_word = name.split()[0].strip(",&")
            assert rowid in found(f'names : "{first_word}"*')
            assert rowid in found(f'numbers : "{number[:6]}"*')
        # The triggers keep the index in step with later changes.
        rowid = rows[0][0]
        connection.exec_driver_sql(
            "UPDATE employers SET name = 'Zyxwvu Testbolag AB' WHERE rowid = ?", (rowid,)
        )
        assert found('names : "zyxwvu"*') == {rowid}
        plans = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM employers WHERE municipality_code = '0127' "
            "ORDER BY sort_key, id LIMIT 100"
        ).all()
    engine.dispose()
    assert "ix_employers_municipality_sort" in " ".join(str(row[-1]) for row in plans)


def test_0007_indexes_the_needs_already_there_by_title_employer_and_status(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0006.sqlite", path)
    engine = make_engine(path)
    upgrade(engine, target="0007")
    with engine.begin() as connection:
        needs = connection.exec_driver_sql(
            "SELECT v.rowid, v.title, v.status, e.name, e.id FROM vacancies v "
            "JOIN employers e ON e.id = v.employer_id"
        ).all()
        assert needs

        def found(match: str) -> set[int]:
            return {
                int(row[0])
                for row in connection.exec_driver_sql(
                    "SELECT rowid FROM vacancy_search WHERE vacancy_search MATCH ?", (match,)
                )
            }

        for rowid, title, status, employer, _ in needs:
            title_word = title.split()[0].strip(",")
            employer_word = employer.split()[0].strip(",&")
            assert rowid in found(f'names : "{title_word}"* state : "{status}"')
            assert rowid in found(f'names : "{employer_word}"*')
        # The triggers keep the index in step with later changes.
        rowid, _, _, _, employer_id = needs[0]
        connection.exec_driver_sql(
            "UPDATE vacancies SET title = 'Qwerty testjobb', status = 'stangt' WHERE rowid = ?",
            (rowid,),
        )
        assert found('names : "qwerty"* state : "stangt"') == {rowid}
        connection.exec_driver_sql(
            "UPDATE employers SET name = 'Zyxwvu Testbolag AB' WHERE id = ?", (employer_id,)
        )
        assert rowid in found('names : "zyxwvu"* names : "qwerty"*')
        own = {row[0] for row in needs if row[4] == employer_id}
        assert found('names : "zyxwvu"*') == own
        connection.exec_driver_sql("DELETE FROM vacancies WHERE rowid = ?", (rowid,))
        assert found('names : "zyxwvu"*') == own - {rowid}
    engine.dispose()


def test_0009_adds_letterheads_documents_and_the_users_contact_details(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0008.sqlite", path)
    engine = make_engine(path)
    upgrade(engine, target="0009")
    with engine.begin() as connection:
        users = connection.exec_driver_sql("SELECT count(*) FROM users").scalar()
        assert users
        assert (
            connection.exec_driver_sql(
                "SELECT count(*) FROM users WHERE phone IS NOT NULL OR email IS NOT NULL"
            ).scalar()
            == 0
        )
        person, case = connection.exec_driver_sql("SELECT person_id, id FROM cases LIMIT 1").one()
        now = "2026-12-06 12:00:00"
        connection.exec_driver_sql(
            "INSERT INTO produced_documents (id, kind, title, person_id, case_id, produced_at, "
            "output, anonymous, created_at, updated_at, version) "
            "VALUES (?, 'presentationsbrev', 'Brev', ?, ?, ?, 'pdf', 0, ?, ?, 1)",
            ("0" * 32, person, case, now, now, now),
        )
        connection.exec_driver_sql(
            "INSERT INTO letterheads (municipality_code, unit, created_at, updated_at, version) "
            "VALUES ('0127', 'Arbetsmarknadsenheten', ?, ?, 1)",
            (now, now),
        )
        # A logo needs its media type, and only PNG or SVG.
        for logo, media_type in ((b"x", None), (b"x", "image/gif")):
            with pytest.raises(IntegrityError, match="CHECK constraint failed"):
                connection.exec_driver_sql(
                    "UPDATE letterheads SET logo = ?, logo_media_type = ?", (logo, media_type)
                )
    # A person's documents go with the person.
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM persons WHERE id = ?", (person,))
        assert connection.exec_driver_sql("SELECT count(*) FROM produced_documents").scalar() == 0
    engine.dispose()


def test_0011_finds_the_names_already_there_by_their_transliteration(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0010.sqlite", path)
    engine = make_engine(path)

    def found(connection: Connection, index: str, match: str) -> set[int]:
        return {
            int(row[0])
            for row in connection.exec_driver_sql(
                f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (match,)
            )
        }

    # Made-up names written by 0010's triggers, which knew only ı ł ø đ.
    with engine.begin() as connection:
        person = connection.exec_driver_sql("SELECT min(rowid) FROM persons").scalar()
        connection.exec_driver_sql(
            "UPDATE persons SET first_name = 'Lærke', last_name = 'Đorđević-Strauß' "
            "WHERE rowid = ?",
            (person,),
        )
        employer, employer_id = connection.exec_driver_sql(
            "SELECT rowid, id FROM employers ORDER BY rowid LIMIT 1"
        ).one()
        connection.exec_driver_sql(
            "UPDATE employers SET name = 'Þingprov Ærø AB' WHERE rowid = ?", (employer,)
        )
        need = connection.exec_driver_sql(
            "SELECT rowid FROM vacancies WHERE employer_id = ? LIMIT 1", (employer_id,)
        ).scalar()
        assert need is not None
        connection.exec_driver_sql(
            "UPDATE vacancies SET title = 'Smørrebrødsprovare' WHERE rowid = ?", (need,)
        )
        assert found(connection, "person_search", 'names : "djordjevic"*') == set()
        assert found(connection, "employer_search", 'names : "thingprov"*') == set()

    upgrade(engine, target="0011")

    with engine.begin() as connection:
        for match in ('"djordjevic"*', '"strauss"*', '"laerke"*', '"dordevic"*', '"strauß"*'):
            assert found(connection, "person_search", f"names : {match}") == {person}, match
        for match in ('"thingprov"*', '"aeroe"*', '"aero"*', '"þingprov"*'):
            assert found(connection, "employer_search", f"names : {match}") == {employer}
        for match in ('"smoerrebroed"*', '"smorrebrod"*', '"thingprov"*', '"aeroe"*'):
            assert need in found(connection, "vacancy_search", f"names : {match}"), match
        # Everyone is still found by their name as typed.
        persons = connection.exec_driver_sql(
            "SELECT rowid, first_name || ' ' || last_name FROM persons"
        ).all()
        for rowid, name in persons:
            assert rowid in found(connection, "person_search", str(fts_query(name))), name
        # The new triggers keep the new forms in step.
        connection.exec_driver_sql(
            "UPDATE persons SET last_name = 'Þrastarsøn' WHERE rowid = ?", (person,)
        )
        assert found(connection, "person_search", 'names : "thrastarsoen"*') == {person}
        assert found(connection, "person_search", 'names : "djordjevic"*') == set()
        connection.exec_driver_sql(
            "UPDATE employers SET name = 'Œstprov AB' WHERE rowid = ?", (employer,)
        )
        assert found(connection, "employer_search", 'names : "oestprov"*') == {employer}
        assert need in found(connection, "vacancy_search", 'names : "oestprov"*')
        assert need not in found(connection, "vacancy_search", 'names : "thingprov"*')
        # The external-content indexes agree with their views (FTS5 raises if not).
        for index in ("person_search", "employer_search"):
            connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
            )
    engine.dispose()


def test_0011_downgrades_to_the_folds_of_0010(tmp_path: Path) -> None:
    from alembic import command

    from desktop.store.schema import _alembic_config

    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0010.sqlite", path)
    engine = make_engine(path)
    upgrade(engine, target="0011")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE persons SET last_name = 'Đorđević' "
            "WHERE rowid = (SELECT min(rowid) FROM persons)"
        )
        command.downgrade(_alembic_config(connection, migrations_dir()), "0010")
    assert current_revision(engine, path) == "0010"
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO person_search(person_search, rank) VALUES ('integrity-check', 1)"
        )
        hits = [
            connection.exec_driver_sql(
                "SELECT count(*) FROM person_search WHERE person_search MATCH ?", (match,)
            ).scalar()
            for match in ('names : "dordevic"*', 'names : "djordjevic"*')
        ]
        # Deleting through the old triggers needs the old text in the index.
        connection.exec_driver_sql("DELETE FROM persons WHERE last_name = 'Đorđević'")
        remaining = connection.exec_driver_sql(
            "SELECT count(*) FROM person_search WHERE person_search MATCH 'names : \"dordevic\"*'"
        ).scalar()
    engine.dispose()
    assert hits == [1, 0]
    assert remaining == 0


def test_0013_keeps_the_log_whole_and_hashes_every_column_from_then_on(tmp_path: Path) -> None:
    import datetime as dt
    import uuid

    from desktop.services import audit
    from desktop.store.database import Database

    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0012.sqlite", path)
    engine = make_engine(path)
    previous = audit.GENESIS
    with engine.begin() as connection:
        for seq in (1, 2, 3):  # written by 0012's app: version 1 hashes, with timestamps
            at = dt.datetime(2026, 12, 1, 9, seq, tzinfo=dt.UTC)
            event = {
                "id": uuid.uuid4(), "seq": seq, "occurred_at": at, "user_id": uuid.uuid4(),
                "action": "read", "entity_type": "Person", "entity_id": uuid.uuid4(),
                "person_id": None, "screen": "deltagare", "details": None,
                "prev_hash": previous,
            }  # fmt: skip
            previous = audit.event_hash_v1(event)
            stamp = at.replace(tzinfo=None)
            connection.exec_driver_sql(
                "INSERT INTO audit_events (id, seq, occurred_at, user_id, action, entity_type, "
                "entity_id, person_id, screen, details, prev_hash, hash, created_at, "
                "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (
                    event["id"].hex, seq, stamp, event["user_id"].hex, "read", "Person",
                    event["entity_id"].hex, None, "deltagare", None, event["prev_hash"],
                    previous, stamp, stamp,
                ),
            )  # fmt: skip

    upgrade(engine, target="0013")

    db = Database(path, engine, None)
    with engine.begin() as connection:
        columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(audit_events)")}
        audit.record_on(connection, "read", "Person", user_id=None, screen="deltagare")
    assert {"created_at", "updated_at", "version"}.isdisjoint(columns)
    result = audit.verify(db)
    engine.dispose()
    assert result.intact  # the old events, the guards, and a new event of version 2
    assert result.checked == 4


def test_0014_copies_search_pys_list_of_invisible_characters() -> None:
    import importlib

    from desktop.services import search

    migration = importlib.import_module(
        "desktop.store.migrations.versions.0014_search_without_formatting"
    )
    assert migration.SEARCH_INVISIBLE == search.SEARCH_INVISIBLE
    assert migration.SEARCH_FOLDS == search.SEARCH_FOLDS
    assert migration.SEARCH_TRANSLITERATIONS == search.SEARCH_TRANSLITERATIONS


def _found(connection: Connection, index: str, typed: str, **columns: str) -> set[int]:
    match = fts_query(typed, **columns)
    assert match is not None
    return {
        int(row[0])
        for row in connection.exec_driver_sql(
            f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (match,)
        )
    }


def test_0014_finds_the_names_already_there_without_their_invisible_formatting(
    tmp_path: Path,
) -> None:
    from alembic import command

    from desktop.store.schema import _alembic_config

    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "0013.sqlite", path)
    engine = make_engine(path)
    # Made-up names written by raw SQL, as an old record or a synchronised row holds them.
    with engine.begin() as connection:
        person = connection.exec_driver_sql("SELECT min(rowid) FROM persons").scalar()
        connection.exec_driver_sql(
            "UPDATE persons SET first_name = 'Testa', last_name = ? WHERE rowid = ?",
            ("Anders\u200bson", person),
        )
        employer, employer_id = connection.exec_driver_sql(
            "SELECT rowid, id FROM employers ORDER BY rowid LIMIT 1"
        ).one()
        connection.exec_driver_sql(
            "UPDATE employers SET name = ? WHERE rowid = ?", ("Prov\u00adbygget AB", employer)
        )
        need = connection.exec_driver_sql(
            "SELECT rowid FROM vacancies WHERE employer_id = ? LIMIT 1", (employer_id,)
        ).scalar()
        assert need is not None
        connection.exec_driver_sql(
            "UPDATE vacancies SET title = ? WHERE rowid = ?", ("\ufeffTest\u2060vårdare", need)
        )
        # 0013's indexes read the invisible character as a break between words.
        assert _found(connection, "person_search", "Andersson") == set()
        assert _found(connection, "employer_search", "Provbygget") == set()

    upgrade(engine, target="0014")

    with engine.begin() as connection:
        for typed in ("Andersson", "testa anders", "Anders\u200bson", "ander\u200dss"):
            assert _found(connection, "person_search", typed) == {person}, typed
        for typed in ("Provbygget", "prov\u200bbygget ab"):
            assert _found(connection, "employer_search", typed) == {employer}, typed
        for typed in ("Testvårdare", "testvardare provbygget"):
            assert need in _found(connection, "vacancy_search", typed), typed
        # Everyone else is still found by their name as stored.
        persons = connection.exec_driver_sql(
            "SELECT rowid, first_name || ' ' || last_name FROM persons"
        ).all()
        for rowid, name in persons:
            assert rowid in _found(connection, "person_search", name), name
        # The new triggers keep the index in step.
        connection.exec_driver_sql(
            "UPDATE persons SET last_name = ? WHERE rowid = ?", ("Ny\u200csson", person)
        )
        assert _found(connection, "person_search", "Nysson") == {person}
        assert _found(connection, "person_search", "Andersson") == set()
        connection.exec_driver_sql(
            "UPDATE employers SET name = ? WHERE rowid = ?", ("Öst\u202eprov\u202c AB", employer)
        )
        assert _found(connection, "employer_search", "Östprov") == {employer}
        assert need in _found(connection, "vacancy_search", "ostprov testvardare")
        assert need not in _found(connection, "vacancy_search", "provbygget")
        for index in ("person_search", "employer_search"):
            connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
            )

        # Down to 0013: its triggers again, and an index they can delete from.
        command.downgrade(_alembic_config(connection, migrations_dir()), "0013")
    assert current_revision(engine, path) == "0013"
    with engine.begin() as connection:
        for index in ("person_search", "employer_search"):
            connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
            )
        assert _found(connection, "person_search", "Nysson") == set()
        assert _found(connection, "person_search", "Ny") == {person}
        connection.exec_driver_sql("DELETE FROM persons WHERE rowid = ?", (person,))
        assert _found(connection, "person_search", "Ny") == set()
        trigger = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'persons_search_insert'"
        ).scalar()
    engine.dispose()
    assert "json_each" not in str(trigger)
