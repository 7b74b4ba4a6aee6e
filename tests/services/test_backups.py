"""The automatic daily backup, backups by hand, restore: who may, and what the log says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import AuditEvent, Person
from desktop.services import audit, audit_head
from desktop.services.accounts import AccessDeniedError, Actor
from desktop.services.backups import BackupService, automatic_backup, today
from desktop.services.settings import SettingsService
from desktop.store import restore as store_restore
from desktop.store.backup import BackupUnreadableError, backup_files
from desktop.store.database import Database, connect_raw
from tests.factories import make_person, make_user

DAY = dt.date(2026, 3, 1)


def _actor(db: Database, role: str = "administrator") -> Actor:
    with db.unit_of_work() as session:
        user = make_user(session, f"test{role}", f"Test {role}")
        user.role = role
        return Actor(user.id, user.username, user.full_name, role)


def _events(db: Database) -> list[tuple[str, str, str | None]]:
    with db.read() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.entity_type, AuditEvent.details)
            .where(AuditEvent.entity_type == "Database")
            .order_by(AuditEvent.seq)
        )
        return [(a, e, d) for a, e, d in rows]


@pytest.fixture
def audited(db: Database) -> Database:
    audit.install(db)
    return db


def test_the_date_is_swedish_not_utc() -> None:
    assert today(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 3, 2)
    assert today(dt.datetime(2026, 7, 1, 21, 59, tzinfo=dt.UTC)) == dt.date(2026, 7, 1)
    assert today(dt.datetime(2026, 7, 1, 22, 0, tzinfo=dt.UTC)) == dt.date(2026, 7, 2)


def test_the_automatic_backup_runs_once_a_day_and_is_logged(audited: Database) -> None:
    actor = _actor(audited)

    first = automatic_backup(audited, actor.user_id, on=DAY)
    again = automatic_backup(audited, actor.user_id, on=DAY)
    next_day = automatic_backup(audited, actor.user_id, on=DAY + dt.timedelta(days=1))

    assert first is not None
    assert first.exists()
    assert again is None
    assert next_day is not None
    assert next_day != first
    assert [b.path for b in backup_files(audited.path)] == [next_day, first]
    assert SettingsService(audited).get().last_automatic_backup == "2026-03-02"
    assert _events(audited) == [("export", "Database", "säkerhetskopia")] * 2
    with audited.read() as session:
        users = set(
            session.scalars(select(AuditEvent.user_id).where(AuditEvent.action == "export"))
        )
    assert users == {actor.user_id}
    assert audit.verify(audited).intact


def test_the_automatic_backup_keeps_the_number_set(audited: Database) -> None:
    actor = _actor(audited)
    SettingsService(audited, actor).update(backups_kept=3)
    manual = BackupService(audited, actor).backup_now()
    made = [
        automatic_backup(audited, actor.user_id, on=DAY + dt.timedelta(days=n)) for n in range(5)
    ]

    automatic = [b.path for b in backup_files(audited.path) if b.automatic]
    assert automatic == list(reversed(made[2:]))
    assert manual.exists()


def test_backups_by_hand_are_listed_newest_first(audited: Database, tmp_path: Path) -> None:
    service = BackupService(audited, _actor(audited))
    automatic = automatic_backup(audited, service.actor.user_id, on=DAY)
    manual = service.backup_now()
    elsewhere = service.backup_now(tmp_path / "usb" / "kopia.sqlite")

    listed = service.list_backups()

    assert elsewhere.exists()  # made where asked, not listed: not in the backups folder
    assert [(b.path, b.automatic, b.reason) for b in listed] == [
        (manual, False, "manuell"),
        (automatic, True, "automatisk"),
    ]
    assert all(b.size > 0 and b.made_at.tzinfo is dt.UTC for b in listed)
    assert _events(audited) == [("export", "Database", "säkerhetskopia")] * 3


@pytest.mark.parametrize("role", ["handlaggare", "samordnare"])
def test_only_an_administrator_backs_up_by_hand_or_restores(
    audited: Database, role: str, tmp_path: Path
) -> None:
    admin_copy = BackupService(audited, _actor(audited)).backup_now()
    service = BackupService(audited, _actor(audited, role))
    with pytest.raises(AccessDeniedError, match="administratör"):
        service.backup_now(tmp_path / "kopia.sqlite")
    with pytest.raises(AccessDeniedError, match="administratör"):
        service.restore(admin_copy)
    assert not (tmp_path / "kopia.sqlite").exists()
    assert len(backup_files(audited.path)) == 1


def test_restore_puts_back_the_backup_and_logs_it_there(audited: Database) -> None:
    service = BackupService(audited, _actor(audited))
    with audited.unit_of_work() as session:
        make_person(session, "Före", "Testsson")
    copy = service.backup_now()
    with audited.unit_of_work() as session:
        make_person(session, "Efter", "Testsson")

    before = _chain(audited)

    restored = service.restore(copy)

    with audited.read() as session:
        assert list(session.scalars(select(Person.first_name))) == ["Före"]
    assert restored.source == copy
    assert restored.safety_backup.exists()
    # The trail is kept whole: every event since the backup (the person added after it,
    # the logs of the copy) is carried over as it was, then the restore itself.
    after = _chain(audited)
    assert after[: len(before)] == before
    first, last = before[-1][0] - 1, before[-1][0]  # the backup's own event and the 2nd person
    assert _events(audited)[-1] == (
        "update",
        "Database",
        f"återställd från säkerhetskopia; loggens händelser nr {first}–{last} från databasen "
        "före återställningen förda över",
    )
    assert len(after) == len(before) + 1
    assert audit.verify(audited).intact
    assert audit_head.read(audited.path).head == audit.Head(*after[-1])


def test_a_restore_from_another_branch_of_the_log_writes_the_events_anew_marked(
    audited: Database,
) -> None:
    """A backup whose log the database does not continue (an older version restored
    without carrying the trail over, and the log went on from there): the events are
    written anew after the backup's, each marked with its old number."""
    service = BackupService(audited, _actor(audited))
    early = service.backup_now()
    with audited.unit_of_work() as session:
        make_person(session, "Gren", "Testsson")
    other_branch = service.backup_now()
    assert store_restore._copy_into_live(audited, early)  # as the older version restored
    for name in ("Ny", "Nyare", "Nyast"):
        with audited.unit_of_work() as session:
            make_person(session, name, "Testsson")
    branch_newest = _chain_of(other_branch, audited.key)[-1][0]
    replaced = _chain(audited)

    service.restore(other_branch)

    with audited.read() as session:
        rows = session.execute(
            select(AuditEvent.seq, AuditEvent.details)
            .where(AuditEvent.seq > branch_newest)
            .order_by(AuditEvent.seq)
        ).all()
    carried = [seq for seq, _hash in replaced if seq > branch_newest]
    assert [d.split(":")[0] for _seq, d in rows[:-1]] == [
        f"överförd, nr {seq} före återställningen" for seq in carried
    ]
    assert rows[-1][1].endswith("skrivna på nytt")
    assert audit.verify(audited).intact
    # The noted head starts anew from the restore, which says so in the log.
    assert audit_head.read(audited.path).head.seq == rows[-1][0]


def _chain(db: Database) -> list[tuple[int, str]]:
    with db.read() as session:
        return [
            (s, h)
            for s, h in session.execute(
                select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq)
            )
        ]


def _chain_of(path: Path, key: bytes | None) -> list[tuple[int, str]]:
    raw = connect_raw(path, key)
    try:
        return [
            (int(s), str(h))
            for s, h in raw.execute("SELECT seq, hash FROM audit_events ORDER BY seq")
        ]
    finally:
        raw.close()


def test_a_refused_restore_is_not_logged(audited: Database, tmp_path: Path) -> None:
    service = BackupService(audited, _actor(audited))
    bad = tmp_path / "brev.sqlite"
    bad.write_bytes(b"\x01" * 4096)
    with pytest.raises(BackupUnreadableError):
        service.restore(bad)
    assert _events(audited) == []
