"""Retention (gallring): what the preview lists is exactly what a run erases; afterwards
the erased marker values are in no page of the database, its WAL or the backups left
(decrypted page by page with the database key); the audit trail holds counts only and
still verifies; a killed run is run again to a consistent end; bad rules and roles are
refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import select, update

from desktop import clock
from desktop.models import (
    AuditEvent,
    CaseNote,
    Consent,
    Employer,
    IntakeDraft,
    Person,
    PersonLanguage,
    Placement,
    ProducedDocument,
    Referral,
    ReferralStatusChange,
    Task,
    User,
    Vacancy,
)
from desktop.models.collation import swedish_sort_key
from desktop.services import audit
from desktop.services.accounts import AccessDeniedError, Actor
from desktop.services.retention import RetentionError, RetentionService, months_before
from desktop.services.settings import SettingsError, SettingsService
from desktop.store import backup as backups
from desktop.store.database import Database, connect_raw
from desktop.store.keys import key_file_path
from tests.factories import make_person, make_user, open_case

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 15)
OLD_CLOSE = dt.date(2023, 3, 1)  # more than 24 months before TODAY
RECENT_CLOSE = dt.date(2025, 9, 1)
# Made-up values that occur nowhere else: the name and the note of erased people.
MARKER_NAME = "Zqvoxnamn"
MARKER_NOTE = "Kwyjiboanteckning"
MARKER_DRAFT = "Plumbusutkast"
KEEP_NAME = "Behallsson"


@dataclass
class World:
    db: Database
    admin: Actor
    gone_person: uuid.UUID  # every case old and closed: erased
    gone_case: uuid.UUID
    partly: uuid.UUID  # one old closed case, one active: keeps the active one
    partly_old_case: uuid.UUID
    partly_active_case: uuid.UUID
    kept: uuid.UUID  # closed recently: kept
    old_draft: uuid.UUID
    new_draft: uuid.UUID
    caseless: uuid.UUID  # no case at all, unchanged for three years: erased


def _actor(db: Database, role: str) -> Actor:
    with db.unit_of_work() as session:
        user = make_user(session, f"ret{role}", f"Test {role}")
        user.role = role
        return Actor(user.id, user.username, user.full_name, role)


def _close(session, case, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    case.status = "avslutad"
    case.closed_on = day
    case.opened_on = day - dt.timedelta(days=200)
    case.outcome = "anstallning"


def _build(db: Database) -> World:
    audit.install(db)
    # Events written four years ago: old enough for the 36-month audit rule.
    with clock.pinned(dt.date(2022, 1, 10), at=dt.datetime(2022, 1, 10, 9, tzinfo=dt.UTC)):
        admin = _actor(db, "administrator")
        with db.unit_of_work(actor=admin.user_id, screen="test") as session:
            caseless = make_person(session, "Gammal", "Logghändelse").id
    with db.unit_of_work(actor=admin.user_id, screen="test") as session:
        agent = session.get_one(User, admin.user_id)
        employer = Employer(name="Bageriet AB", sort_key=swedish_sort_key("Bageriet AB"),
                            sector="privat")  # fmt: skip
        session.add(employer)
        session.flush()
        need = Vacancy(employer_id=employer.id, occupation_code="5321", title="Bagare",
                       form_code="anstallning")  # fmt: skip
        session.add(need)
        session.flush()

        gone = make_person(session, MARKER_NAME, "Testsson", number=None)
        gone_case = open_case(session, gone, agent)
        _close(session, gone_case, OLD_CLOSE)
        session.add(CaseNote(case_id=gone_case.id, note_date=OLD_CLOSE, text=MARKER_NOTE))
        session.add(Task(case_id=gone_case.id, title="Följ upp", due_date=OLD_CLOSE))
        session.add(PersonLanguage(person_id=gone.id, language="ar", mother_tongue=True))
        session.add(Consent(person_id=gone.id, kind="behandling", given_on=OLD_CLOSE,
                            method="skriftligt"))  # fmt: skip
        referral = Referral(vacancy_id=need.id, person_id=gone.id, case_id=gone_case.id,
                            status="placerad", status_changed_at=clock.now(),
                            match_reasons=MARKER_NOTE)  # fmt: skip
        session.add(referral)
        session.flush()
        session.add(ReferralStatusChange(referral_id=referral.id, to_status="placerad",
                                         changed_at=clock.now(), comment=MARKER_NOTE))  # fmt: skip
        session.add(Placement(person_id=gone.id, case_id=gone_case.id, referral_id=referral.id,
                              form_code="anstallning", start_date=OLD_CLOSE))  # fmt: skip
        letter = ProducedDocument(kind="presentationsbrev", title="Brev", person_id=gone.id,
                                  case_id=gone_case.id, referral_id=referral.id,
                                  produced_at=clock.now(), text=f"Hej {MARKER_NAME}")  # fmt: skip
        session.add(letter)

        partly = make_person(session, "Delvis", KEEP_NAME)
        old_case = open_case(session, partly)
        _close(session, old_case, OLD_CLOSE)
        session.add(CaseNote(case_id=old_case.id, note_date=OLD_CLOSE,
                             text=f"{MARKER_NOTE} igen"))  # fmt: skip
        session.flush()
        active = open_case(session, partly, agent)

        kept = make_person(session, "Nyligen", KEEP_NAME)
        kept_case = open_case(session, kept)
        _close(session, kept_case, RECENT_CLOSE)

        old_draft = IntakeDraft(user_id=admin.user_id, label=MARKER_DRAFT,
                                data=json.dumps({"first_name": MARKER_DRAFT}))  # fmt: skip
        new_draft = IntakeDraft(user_id=admin.user_id, label="ny", data="{}")
        session.add_all([old_draft, new_draft])
        session.flush()
        ids = (
            gone.id,
            gone_case.id,
            partly.id,
            old_case.id,
            active.id,
            kept.id,
            old_draft.id,
            new_draft.id,
        )
    with db.unit_of_work() as session:
        session.execute(
            update(IntakeDraft)
            .where(IntakeDraft.id == world_old_draft(ids))
            .values(updated_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
        )
    return World(db, admin, *ids, caseless)


def world_old_draft(ids: tuple[uuid.UUID, ...]) -> uuid.UUID:
    return ids[6]


@pytest.fixture
def world(db: Database) -> World:
    return _build(db)


def _service(world: World) -> RetentionService:
    return RetentionService(world.db, world.admin)


def _ids(db: Database, model: type) -> set[uuid.UUID]:
    with db.read() as session:
        return set(session.scalars(select(model.id)))  # type: ignore[attr-defined]


def _decrypted_pages(path: Path, key: bytes, *, wal: bool = False) -> bytes:
    """Every page of an SQLCipher 4 file (or its WAL's frames), decrypted with the raw
    key: AES-256-CBC, a 16-byte IV in each page's 80 reserved bytes, page 1 after the
    16-byte salt."""
    data = path.read_bytes() if path.exists() else b""
    page, reserve = 4096, 80
    pages: list[tuple[int, bytes]] = []
    if wal:
        offset = 32
        while offset + 24 + page <= len(data):
            number = int.from_bytes(data[offset : offset + 4], "big")
            pages.append((number, data[offset + 24 : offset + 24 + page]))
            offset += 24 + page
    else:
        pages = [(i // page + 1, data[i : i + page]) for i in range(0, len(data), page)]
    plain = []
    for number, raw in pages:
        start = 16 if number == 1 else 0
        iv = raw[page - reserve : page - reserve + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plain.append(decryptor.update(raw[start : page - reserve]) + decryptor.finalize())
    return b"".join(plain)


def _contains(blob: bytes, marker: str) -> bool:
    lowered = blob.lower()
    return any(form.encode().lower() in lowered for form in (marker, marker.lower()))


def test_the_page_decryption_reads_the_database(world: World) -> None:
    """The check below can fail: before retention the marker is in the decrypted pages
    (in the database or its WAL), and never in the raw encrypted bytes."""
    db = world.db
    found = _decrypted_pages(db.path, db.key or b"") + _decrypted_pages(
        Path(f"{db.path}-wal"), db.key or b"", wal=True
    )
    assert _contains(found, MARKER_NOTE)
    assert _contains(found, MARKER_NAME)
    assert not _contains(db.path.read_bytes(), MARKER_NOTE)


def test_preview_lists_exactly_what_a_run_erases(world: World) -> None:
    service = _service(world)
    preview = service.preview(today=TODAY)
    assert {p.id for p in preview.persons} == {world.gone_person, world.caseless}
    assert {c.id for c in preview.cases} == {world.partly_old_case, world.gone_case}
    assert {d.id for d in preview.drafts} == {world.old_draft}
    assert preview.audit.count >= 1
    assert preview.parts["case_notes"] == 2
    assert preview.parts["referrals"] == 1
    assert preview.parts["placements"] == 1
    assert preview.parts["produced_documents"] == 1
    assert preview.parts["consents"] == 1

    persons_before = _ids(world.db, Person)
    from desktop.models import Case

    cases_before = _ids(world.db, Case)
    drafts_before = _ids(world.db, IntakeDraft)
    with world.db.read() as session:
        audit_before = set(session.scalars(select(AuditEvent.seq)))

    reports: list[tuple[int, int]] = []
    result = service.run(progress=lambda done, total: reports.append((done, total)), today=TODAY)

    # Progress for the screen: from 0 to the end, never backwards, one total.
    assert reports[0][0] == 0
    assert reports[-1][0] == reports[-1][1]
    assert len({total for _, total in reports}) == 1
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert persons_before - _ids(world.db, Person) == {p.id for p in preview.persons}
    assert cases_before - _ids(world.db, Case) == {c.id for c in preview.cases}
    assert drafts_before - _ids(world.db, IntakeDraft) == {d.id for d in preview.drafts}
    with world.db.read() as session:
        audit_after = set(session.scalars(select(AuditEvent.seq)))
    assert preview.audit.first_seq is not None
    assert preview.audit.last_seq is not None
    assert audit_before - audit_after == set(
        range(preview.audit.first_seq, preview.audit.last_seq + 1)
    )
    assert result.counts == preview.counts
    assert {k: v for k, v in result.parts.items() if k in preview.parts and v} == {
        k: v for k, v in preview.parts.items() if v
    }
    assert not result.cancelled
    assert result.vacuumed
    assert result.wal_truncated
    # Nothing left behind: no row points at an erased one, the person keeps the case.
    with world.db.connect() as connection:
        assert list(connection.exec_driver_sql("PRAGMA foreign_key_check")) == []
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with world.db.read() as session:
        partly = session.get_one(Person, world.partly)
        assert partly.current_case_id == world.partly_active_case
        assert partly.current_case_status == "aktiv"
        assert session.get(Person, world.kept) is not None
    # A second run finds nothing.
    assert _service(world).preview(today=TODAY).counts == {
        "cases": 0,
        "persons": 0,
        "drafts": 0,
        "audit": 0,
    }


def test_after_a_run_the_marker_is_in_no_page_of_database_wal_or_backup(world: World) -> None:
    db = world.db
    key = db.key or b""
    # A backup from before the rule's time (named as the app names backups, dated then)
    # and one made today; both hold the marker now.
    old = backups.backups_dir(db.path) / f"{db.path.stem}.manuell.20230101T000000000000Z.sqlite"
    backups.backup_database(db, old)
    assert _contains(_decrypted_pages(old, key), MARKER_NOTE)

    result = _service(world).run(today=TODAY)

    assert result.backups_removed == [str(old)]
    assert not old.exists()
    assert not key_file_path(old).exists()
    wal = Path(f"{db.path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    everything = _decrypted_pages(db.path, key)
    for marker in (MARKER_NAME, MARKER_NOTE, MARKER_DRAFT):
        assert not _contains(everything, marker), marker
    assert _contains(everything, KEEP_NAME)  # the decryption still reads the pages
    fresh = backups.backup_database(db)
    assert not _contains(_decrypted_pages(fresh, key), MARKER_NOTE)
    assert not _contains(_decrypted_pages(fresh, key), MARKER_NAME)
    # Search finds the person no longer.
    with db.connect() as connection:
        hits = connection.exec_driver_sql(
            "SELECT count(*) FROM person_search WHERE person_search MATCH ?", (MARKER_NAME,)
        ).scalar()
    assert hits == 0


def test_the_audit_trail_of_a_run_holds_counts_only_and_still_verifies(world: World) -> None:
    db = world.db
    with db.read() as session:
        first_before = session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).first()
    assert first_before == 1

    _service(world).run(today=TODAY)

    with db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "Gallring").order_by(AuditEvent.seq)
        ).all()
        first_after = session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).first()
    assert [e.details.split(":")[0] for e in events if e.details] == [
        "gallring påbörjad",
        "gallring klar",
    ]
    assert first_after is not None
    assert events[-1].details == (
        f"gallring klar: cases=2; persons=2; drafts=1; audit={first_after - 1}"
    )
    for event in events:
        assert event.person_id is None
        assert event.user_id == world.admin.user_id
        assert all(
            part.split("=")[1].isdigit()
            for part in (event.details or "").split(": ")[1].split("; ")
        )
        for marker in (MARKER_NAME, MARKER_NOTE, KEEP_NAME):
            assert marker not in (event.details or "")
    assert first_after is not None
    assert first_after > 1
    verification = audit.verify(db)
    assert verification.intact, verification.first_break
    assert verification.start == first_after


def test_an_edit_after_erasing_old_events_is_still_found(world: World) -> None:
    """The moved chain start does not weaken the chain: a changed row is still found."""
    _service(world).run(today=TODAY)
    connection = connect_raw(world.db.path, world.db.key)
    try:
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute(
            "UPDATE audit_events SET screen = 'ändrad' "
            "WHERE seq = (SELECT max(seq) FROM audit_events)"
        )
    finally:
        connection.close()
    assert not audit.verify(world.db).intact


def test_erasing_one_person_goes_with_everything_and_is_audited_with_counts(
    world: World,
) -> None:
    service = _service(world)
    preview = service.preview_person(world.gone_person)
    assert preview.name == f"{MARKER_NAME} Testsson"
    assert preview.parts["cases"] == 1
    assert preview.parts["case_notes"] == 1
    assert preview.parts["consents"] == 1

    erased = service.erase_person(world.gone_person, "begaran")

    assert erased.parts["case_notes"] == 1
    assert erased.parts["cases"] == 1
    assert world.gone_person not in _ids(world.db, Person)
    with world.db.read() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
    assert (event.action, event.entity_type, event.entity_id) == (
        "delete",
        "Person",
        world.gone_person,
    )
    assert event.details is not None
    assert event.details.startswith("radering, begaran: ")
    assert MARKER_NAME not in event.details
    assert not _contains(_decrypted_pages(world.db.path, world.db.key or b""), MARKER_NAME)
    assert audit.verify(world.db).intact


def test_a_handlaggare_is_refused(world: World) -> None:
    clerk = _actor(world.db, "handlaggare")
    service = RetentionService(world.db, clerk)
    with pytest.raises(AccessDeniedError):
        service.preview(today=TODAY)
    with pytest.raises(AccessDeniedError):
        service.run(today=TODAY)
    with pytest.raises(AccessDeniedError):
        service.erase_person(world.gone_person, "begaran")
    assert world.gone_person in _ids(world.db, Person)


def test_a_rule_of_zero_months_is_refused_beside_its_field(world: World) -> None:
    settings = SettingsService(world.db, world.admin)
    with pytest.raises(SettingsError) as refused:
        settings.update(retention_closed_case_months=0)
    assert refused.value.field == "retention_closed_case_months"
    assert "mellan 1 och 120" in str(refused.value)
    assert settings.get().retention_closed_case_months == 24


def test_a_read_only_database_gives_one_message_and_changes_nothing(world: World) -> None:
    # Every new connection refuses writes as SQLite does for a read-only file (the tests
    # run as a user whom file permissions do not stop).
    from sqlalchemy import event

    event.listen(
        world.db.engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA query_only = ON")
    )
    world.db.engine.dispose()
    with pytest.raises(RetentionError) as refused:
        _service(world).run(today=TODAY)
    assert "går inte att skriva i" in str(refused.value)
    assert "databasen är hel" in str(refused.value)
    assert world.gone_person in _ids(world.db, Person)


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(dt.date(2026, 6, 15), 24) == dt.date(2024, 6, 15)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 10), 13) == dt.date(2024, 12, 10)


# -- a run killed half-way ---------------------------------------------------------

KILL_ENV = "MATCHNING_TEST_KEY"
INSIDE = "inside"


def _many(db: Database, count: int) -> None:
    with db.unit_of_work() as session:
        for number in range(count):
            person = make_person(session, "Massa", f"Gallras{number}")
            case = open_case(session, person)
            _close(session, case, OLD_CLOSE)
            session.add(CaseNote(case_id=case.id, note_date=OLD_CLOSE, text="x" * 2000))


def test_a_killed_run_leaves_whole_batches_and_can_be_run_again(
    db_path: Path, db_key: bytes
) -> None:
    from desktop.store.schema import open_database

    db = open_database(db_path, key=db_key)
    world = _build(db)
    _many(db, 1200)
    admin = world.admin
    db.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.services.retention_writer", str(db_path),
         admin.user_id.hex, TODAY.isoformat()],
        cwd=ROOT,
        env={**os.environ, KILL_ENV: db_key.hex()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        # Two batches committed, the third deleted but not committed: killed there.
        lines = []
        while INSIDE not in lines:
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else ""
            lines.append(line.strip())
        assert lines == ["250", "500", INSIDE]
        child.send_signal(signal.SIGKILL)
        child.communicate()
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL

    db = open_database(db_path, key=db_key)
    try:
        with db.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert list(connection.exec_driver_sql("PRAGMA foreign_key_check")) == []
            left = connection.exec_driver_sql(
                "SELECT count(*) FROM persons WHERE last_name LIKE 'Gallras%'"
            ).scalar()
            # Two whole batches went (they may have held the first world's two
            # erasable persons); the third was rolled back.
            assert left in (1200 - 500, 1200 - 499, 1200 - 498)
            orphans = connection.exec_driver_sql(
                "SELECT count(*) FROM case_notes WHERE case_id NOT IN (SELECT id FROM cases)"
            ).scalar()
            assert orphans == 0
        assert audit.verify(db).intact
        service = RetentionService(db, admin)
        preview = service.preview(today=TODAY)
        assert preview.counts["persons"] == 1202 - 500
        result = service.run(today=TODAY)
        assert result.counts["persons"] == 1202 - 500
        with db.connect() as connection:
            assert (
                connection.exec_driver_sql(
                    "SELECT count(*) FROM persons WHERE last_name LIKE 'Gallras%'"
                ).scalar()
                == 0
            )
            assert list(connection.exec_driver_sql("PRAGMA foreign_key_check")) == []
        assert audit.verify(db).intact
    finally:
        db.close()


def test_a_full_disk_gives_one_message_and_erases_nothing(world: World) -> None:
    from tests.disk_full import FullDisk

    disk = FullDisk(world.db)
    disk.fill()
    try:
        with pytest.raises(RetentionError) as refused:
            _service(world).run(today=TODAY)
    finally:
        disk.free()
        disk.close()
    assert str(refused.value).startswith("Disken är full.")
    assert "databasen är hel" in str(refused.value)
    assert world.gone_person in _ids(world.db, Person)
    assert audit.verify(world.db).intact
