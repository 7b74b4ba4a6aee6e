"""The audit trail: what is recorded, in which transaction, and how tampering shows."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from desktop import clock
from desktop.models import AuditEvent, Case, CaseNote, Person
from desktop.services import accounts, audit
from desktop.services.accounts import Opened
from desktop.store.database import Database, connect_raw
from tests.factories import make_person, make_user, open_case

SCREEN = "deltagare"


@pytest.fixture
def audited(db: Database) -> Database:
    audit.install(db)
    return db


@pytest.fixture
def agent_id(audited: Database) -> uuid.UUID:
    with audited.unit_of_work(screen="test") as session:
        return make_user(session, "agent1", "Agnes Agent").id


def events(db: Database, after_seq: int = 0) -> list[AuditEvent]:
    with db.read() as session:
        query = select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq)
        return list(session.scalars(query))


def newest_seq(db: Database) -> int:
    found = events(db)
    return found[-1].seq if found else 0


def summary(found: list[AuditEvent]) -> list[tuple[str, str, uuid.UUID | None]]:
    return [(e.action, e.entity_type, e.person_id) for e in found]


def test_creating_changing_and_deleting_a_person_is_recorded(
    audited: Database, agent_id: uuid.UUID
) -> None:
    start = newest_seq(audited)
    with audited.unit_of_work(actor=agent_id, screen=SCREEN) as session:
        person = make_person(session, "Amina", "Abdullahi")
    with audited.unit_of_work(actor=agent_id, screen="deltagarkort") as session:
        session.get_one(Person, person.id).first_name = "Aminah"
    with audited.unit_of_work(actor=agent_id, screen="gallring") as session:
        session.delete(session.get_one(Person, person.id))

    found = events(audited, start)
    assert [(e.action, e.entity_type, e.entity_id, e.person_id) for e in found] == [
        ("create", "Person", person.id, person.id),
        ("update", "Person", person.id, person.id),
        ("delete", "Person", person.id, person.id),
    ]
    assert {e.user_id for e in found} == {agent_id}
    assert [e.screen for e in found] == [SCREEN, "deltagarkort", "gallring"]
    # What a record was about is kept by its id; no name or number in the log.
    assert all(e.details is None for e in found)


def test_a_case_note_is_recorded_under_its_person(audited: Database, agent_id: uuid.UUID) -> None:
    with audited.unit_of_work(actor=agent_id, screen=SCREEN) as session:
        person = make_person(session, "Yonas", "Tesfamariam")
        case = open_case(session, person)
    start = newest_seq(audited)
    with audited.unit_of_work(actor=agent_id, screen="journal") as session:
        note = CaseNote(case_id=case.id, note_date=dt.date(2026, 2, 3), text="Samtal om praktik")
        session.add(note)
    with audited.unit_of_work(actor=agent_id, screen="journal") as session:
        session.get_one(CaseNote, note.id).text = "Samtal om praktik och SFI"
    with audited.unit_of_work(actor=agent_id, screen="journal") as session:
        session.delete(session.get_one(CaseNote, note.id))

    found = events(audited, start)
    assert summary(found) == [
        ("create", "CaseNote", person.id),
        ("update", "CaseNote", person.id),
        ("delete", "CaseNote", person.id),
    ]
    assert all(e.entity_id == note.id and e.user_id == agent_id for e in found)
    assert {e.screen for e in found} == {"journal"}


def test_records_made_together_find_their_person_before_any_key_is_set(
    audited: Database, agent_id: uuid.UUID
) -> None:
    """A new person, case and note in one unit of work: the foreign keys are only set
    by the flush, after the audit listener has run."""
    start = newest_seq(audited)
    with audited.unit_of_work(actor=agent_id, screen="inskrivning") as session:
        person = Person(
            first_name="Olena",
            last_name="Kovalenko",
            sort_key="kovalenko olena",
            identity_kind="saknas",
            no_identity_reason="Väntar på samordningsnummer",
            birth_date=dt.date(1988, 4, 2),
        )
        session.add(person)
        session.flush()
        case = Case(person_id=person.id, municipality_code="0127", opened_on=dt.date(2026, 1, 5))
        case.notes.append(CaseNote(note_date=dt.date(2026, 1, 5), text="Första mötet"))
        session.add(case)

    found = events(audited, start)
    assert {e.entity_type for e in found} == {"Person", "Case", "CaseNote"}
    assert {e.person_id for e in found} == {person.id}
    assert all(e.entity_id is not None for e in found)


def test_login_read_print_and_export_are_recorded(tmp_path: Path) -> None:
    opened = accounts.set_up(
        tmp_path / "m.sqlite",
        municipality_code="0127",
        full_name="Ada Administratör",
        username="ada",
        password="administratörens lösen",
    )
    opened.db.close()
    again: Opened = accounts.log_in(opened.db.path, "ada", "administratörens lösen")
    db, user_id = again.db, again.actor.user_id
    try:
        with db.unit_of_work(actor=user_id, screen="test") as session:
            person_id = make_person(session, "Hawa", "Mohamud").id
        start = newest_seq(db)
        for action, screen in (("read", "deltagarkort"), ("print", "anvisning")):
            with db.unit_of_work(actor=user_id, screen=screen) as session:
                audit.record(session, action, "Person", person_id, person_id=person_id)
        with db.unit_of_work(actor=user_id, screen="rapporter") as session:
            audit.record(session, "export", "Report", details="esf-rapport.xlsx")

        logins = [e for e in events(db) if e.action == "login"]
        assert [(e.user_id, e.entity_id, e.screen) for e in logins] == [
            (user_id, user_id, "inloggning")
        ]
        found = events(db, start)
        assert [(e.action, e.screen, e.person_id, e.user_id) for e in found] == [
            ("read", "deltagarkort", person_id, user_id),
            ("print", "anvisning", person_id, user_id),
            ("export", "rapporter", None, user_id),
        ]
        assert found[-1].details == "esf-rapport.xlsx"
        assert audit.verify(db).intact
    finally:
        db.close()


def test_a_failed_unit_of_work_leaves_neither_the_change_nor_its_event(
    audited: Database, agent_id: uuid.UUID
) -> None:
    start = newest_seq(audited)
    with (
        pytest.raises(RuntimeError),
        audited.unit_of_work(actor=agent_id, screen=SCREEN) as session,
    ):
        make_person(session, "Zahra", "Haidari")  # flushed, so its event is too
        assert newest_seq_in(session) > start
        raise RuntimeError("the user's action fails after the write")
    with (
        pytest.raises(IntegrityError),
        audited.unit_of_work(actor=agent_id, screen=SCREEN) as session,
    ):
        person = make_person(session, "Leyla", "Rahimi")
        session.add(Case(person_id=person.id, municipality_code="9999", opened_on=clock.today()))

    assert events(audited, start) == []
    with audited.read() as session:
        assert session.scalars(select(Person)).all() == []
    # The chain goes on from the last committed event.
    with audited.unit_of_work(actor=agent_id, screen=SCREEN) as session:
        make_person(session, "Leyla", "Rahimi")
    assert [e.seq for e in events(audited, start)] == [start + 1]
    assert audit.verify(audited).intact


def newest_seq_in(session: Any) -> int:
    return int(session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1)))


def test_a_rolled_back_savepoint_leaves_no_gap_in_the_chain(
    audited: Database, agent_id: uuid.UUID
) -> None:
    with audited.unit_of_work(actor=agent_id, screen=SCREEN) as session:
        savepoint = session.begin_nested()
        make_person(session, "Erik", "Åberg")
        savepoint.rollback()
        make_person(session, "Karin", "Ängström")
    result = audit.verify(audited)
    assert result.first_break is None
    assert [e.action for e in events(audited)][-1:] == ["create"]


# --- tampering ----------------------------------------------------------------------


@pytest.fixture
def log_of_six(audited: Database, agent_id: uuid.UUID) -> Database:
    """Six events: the agent's account and five persons."""
    for index in range(5):
        with audited.unit_of_work(actor=agent_id, screen=SCREEN) as session:
            make_person(session, "Ahmed", f"Öztürk{index}")
    assert [e.seq for e in events(audited)] == [1, 2, 3, 4, 5, 6]
    assert audit.verify(audited).intact
    return audited


@pytest.fixture
def raw(log_of_six: Database) -> Iterator[Any]:
    """SQL straight into the file with the database key, as someone going around the
    app would do."""
    connection = connect_raw(log_of_six.path, log_of_six.key)
    try:
        yield connection
    finally:
        connection.close()


def drop_triggers(raw: Any) -> None:
    raw.execute("DROP TRIGGER audit_events_no_update")
    raw.execute("DROP TRIGGER audit_events_no_delete")


def test_the_log_refuses_changes_while_its_triggers_are_there(
    log_of_six: Database, raw: Any
) -> None:
    for statement in (
        "UPDATE audit_events SET action = 'read' WHERE seq = 3",
        "DELETE FROM audit_events WHERE seq = 3",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(Exception, match="append-only"):
            raw.execute(statement)
    assert audit.verify(log_of_six).intact
    assert len(events(log_of_six)) == 6


def test_an_edited_event_is_found(log_of_six: Database, raw: Any) -> None:
    drop_triggers(raw)
    raw.execute("UPDATE audit_events SET action = 'read' WHERE seq = 3")
    result = audit.verify(log_of_six)
    assert result.first_break == audit.ChainBreak(3, "händelsen har ändrats")
    assert result.checked == 2
    assert result.head is not None
    assert result.head.seq == 6


def test_an_event_deleted_in_the_middle_is_found(log_of_six: Database, raw: Any) -> None:
    drop_triggers(raw)
    raw.execute("DELETE FROM audit_events WHERE seq = 4")
    result = audit.verify(log_of_six)
    assert result.first_break is not None
    assert result.first_break.seq == 4
    assert "saknas" in result.first_break.reason
    assert result.checked == 3


def forged(db: Database, seq: int, prev_hash: str) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "seq": seq,
        "occurred_at": dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
        "user_id": None,
        "action": "read",
        "entity_type": "Person",
        "entity_id": uuid.uuid4(),
        "person_id": None,
        "screen": SCREEN,
        "details": None,
        "prev_hash": prev_hash,
    }
    fields["hash"] = audit.event_hash(fields)
    return fields


def insert_event(db: Database, fields: dict[str, Any]) -> None:
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEvent.__table__).values(**fields))


def test_a_forged_event_added_at_the_end_is_found(log_of_six: Database) -> None:
    # INSERT needs no trigger dropped; the forger cannot know the hash to chain onto.
    insert_event(log_of_six, forged(log_of_six, 7, "f" * 64))
    result = audit.verify(log_of_six)
    assert result.first_break is not None
    assert result.first_break.seq == 7
    assert result.checked == 6


def test_a_forged_event_slipped_into_the_middle_is_found(log_of_six: Database, raw: Any) -> None:
    """Even a forger who renumbers the rows after it and hashes the forged row right
    breaks the link of the event that follows."""
    drop_triggers(raw)
    for seq in (6, 5, 4):
        raw.execute("UPDATE audit_events SET seq = seq + 1 WHERE seq = ?", (seq,))
    before = {e.seq: e.hash for e in events(log_of_six)}
    insert_event(log_of_six, forged(log_of_six, 4, before[3]))
    result = audit.verify(log_of_six)
    assert result.first_break == audit.ChainBreak(
        5, "kedjan är bruten (föregående hash stämmer inte)"
    )
    assert result.checked == 4


def test_a_removed_tail_shows_only_against_a_noted_head(log_of_six: Database, raw: Any) -> None:
    noted = audit.verify(log_of_six).head
    assert noted is not None
    assert noted.seq == 6
    drop_triggers(raw)
    raw.execute("DELETE FROM audit_events WHERE seq >= 5")
    alone = audit.verify(log_of_six)
    assert alone.first_break is None  # the chain alone cannot show a removed tail
    assert alone.unguarded == ("audit_events_no_update", "audit_events_no_delete")
    result = audit.verify(log_of_six, noted)
    assert result.first_break is not None
    assert result.first_break.seq == 5
    assert "tagits bort" in result.first_break.reason


def test_a_rewritten_chain_shows_against_a_noted_head(log_of_six: Database, raw: Any) -> None:
    noted = audit.verify(log_of_six).head
    assert noted is not None
    drop_triggers(raw)
    raw.execute("UPDATE audit_events SET action = 'read' WHERE seq = 2")
    # Recompute every hash from the edited row on, as a forger who knows the scheme can.
    previous = audit.GENESIS
    with log_of_six.connect() as connection:
        rows = connection.execute(select(AuditEvent.__table__).order_by("seq")).mappings().all()
    for row in rows:
        fields = {**row, "prev_hash": previous}
        previous = audit.event_hash(fields)
        raw.execute(
            "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?",
            (fields["prev_hash"], previous, row["seq"]),
        )
    for guard in audit.GUARDS.values():  # and puts the guards back
        raw.execute(guard)
    assert audit.verify(log_of_six).intact
    result = audit.verify(log_of_six, noted)
    assert result.first_break is not None
    assert result.first_break.seq == 6
    assert "skrivits om" in result.first_break.reason
    assert audit.verify(log_of_six, audit.verify(log_of_six).head).intact


def test_an_empty_log_is_intact(db: Database) -> None:
    result = audit.verify(db)
    assert (result.checked, result.head, result.first_break) == (0, None, None)


def test_the_hash_covers_every_column_of_an_event() -> None:
    columns = {column.name for column in AuditEvent.__table__.columns}
    assert set(audit.HASHED) == columns - {"hash"}


CHANGES = {
    "id": "id = lower(hex(randomblob(16)))",
    "occurred_at": "occurred_at = '2020-01-01 00:00:00.000000'",
    "user_id": "user_id = lower(hex(randomblob(16)))",
    "action": "action = 'export'",
    "entity_type": "entity_type = 'Employer'",
    "entity_id": "entity_id = lower(hex(randomblob(16)))",
    "person_id": "person_id = lower(hex(randomblob(16)))",
    "screen": "screen = 'annan'",
    "details": "details = 'ändrad'",
}


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_a_change_to_any_column_is_found(log_of_six: Database, raw: Any, column: str) -> None:
    drop_triggers(raw)
    raw.execute(f"UPDATE audit_events SET {CHANGES[column]} WHERE seq = 4")
    result = audit.verify(log_of_six)
    assert result.first_break == audit.ChainBreak(4, "händelsen har ändrats")


def test_events_of_the_first_hash_version_verify_until_the_second_begins(
    log_of_six: Database, raw: Any
) -> None:
    """A log from before migration 0013 holds version 1 hashes; events after it have
    version 2. Rehashing a later event the old way, to leave its id uncovered, is found."""
    drop_triggers(raw)
    rehash_as_v1(log_of_six, raw, up_to=3)
    assert audit.verify(log_of_six).first_break is None
    rehash_as_v1(log_of_six, raw, up_to=6, only=5)
    result = audit.verify(log_of_six)
    assert result.first_break == audit.ChainBreak(5, "händelsen har ändrats")


def rehash_as_v1(db: Database, raw: Any, *, up_to: int, only: int | None = None) -> None:
    """Hash events 1..`up_to` (or just `only`) with version 1, and chain the rest on."""
    with db.connect() as connection:
        rows = connection.execute(select(AuditEvent.__table__).order_by("seq")).mappings().all()
    previous = audit.GENESIS
    for row in rows:
        fields = {**row, "prev_hash": previous}
        old_way = row["seq"] <= up_to and (only is None or row["seq"] == only)
        previous = audit.event_hash_v1(fields) if old_way else audit.event_hash(fields)
        if only is not None and row["seq"] < only:
            previous = row["hash"]
            continue
        raw.execute(
            "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?",
            (fields["prev_hash"], previous, row["seq"]),
        )
