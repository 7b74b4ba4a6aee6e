"""What hardening the login and the audit trail costs (issue 17's targets).

- `login_p50`: the key file read and the right password checked as a login does it (the
  attempt written down before the password is checked, and cleared after), against the
  Argon2id derivation alone with the same costs, interleaved, median of 20.
- `audit_verify`: `audit verify` (every column hashed, the noted head and every kept
  backup checked) over a log of `EVENTS` events, against the walk the verify did before
  issue 17 over the same rows (the chain with hash version 1, no marks).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from benchmarks.common import DATA_DIR, Run, emit, interleaved, kdf_alone, median, timed
from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD

LOGINS = 20
# About 36 months (retention's default for the log) of a busy laptop: 450 events a day.
EVENTS = 500_000
VERIFY_RUNS = 3
_BATCH = 10_000


def login(run: Run) -> None:
    from desktop.store.keys import KeyFile, key_file_path

    path = key_file_path(run.db)

    def unlock() -> None:
        KeyFile.load(path).unlock(DEMO_ADMIN, DEMO_PASSWORD)

    app, bare = interleaved(unlock, kdf_alone(run.db), LOGINS)
    emit(
        "login_p50",
        run,
        median(app) / 1000,
        "s",
        median(bare) / 1000,
        target="ratio <= 1.05 (the KDF alone, same costs, same run)",
        samples=LOGINS,
    )


def audit_verify(run: Run) -> None:
    from sqlalchemy import select

    from desktop.models import AuditEvent
    from desktop.services import audit
    from desktop.services.accounts import Actor
    from desktop.services.audit_log import AuditLogService
    from desktop.store.schema import open_database

    path = DATA_DIR / f"audit-{EVENTS}.sqlite"
    key_path = path.with_name(path.name + ".key")
    fresh = not path.exists()
    key = secrets.token_bytes(32) if fresh else bytes.fromhex(key_path.read_text())
    db = open_database(path, key=key)
    try:
        if fresh:
            _fill(db)
            key_path.write_text(key.hex())
        admin = Actor(uuid.uuid4(), "granskare", "Granskare", "administrator")
        service = AuditLogService(db, admin)
        table = AuditEvent.__table__

        def before_issue_17() -> None:
            with db.connect() as connection:
                chain = audit.GENESIS
                for row in connection.execute(select(table).order_by(table.c.seq)).mappings():
                    if row["prev_hash"] == chain:
                        audit.event_hash_v1(row) == row["hash"]  # noqa: B015 - the work
                    chain = row["hash"]

        checked = service.verify()
        if not checked.intact or checked.verification.checked != EVENTS:
            raise RuntimeError(f"the benchmark log does not verify: {checked}")
        marks = len(checked.verification.marks)
        app: list[float] = []
        bare: list[float] = []
        for _ in range(VERIFY_RUNS):
            app.append(timed(service.verify))
            bare.append(timed(before_issue_17))
    finally:
        db.close()
    emit(
        "audit_verify",
        run,
        median(app) / 1000,
        "s",
        median(bare) / 1000,
        target="ratio <= 1.5 (the verify before issue 17, same rows, same run)",
        events=EVENTS,
        marks=marks,
        samples=VERIFY_RUNS,
    )


def _fill(db: object) -> None:
    """`EVENTS` events chained as the app writes them, one kept backup, the head noted."""
    from sqlalchemy import insert

    from desktop.models import AuditEvent
    from desktop.services import audit, audit_head
    from desktop.store import backup
    from desktop.store.database import Database

    assert isinstance(db, Database)
    users = [uuid.uuid4() for _ in range(40)]
    start = dt.datetime(2024, 1, 1, 7, 0, tzinfo=dt.UTC)
    previous = audit.GENESIS
    with db.engine.begin() as connection:
        rows = []
        for seq in range(1, EVENTS + 1):
            person = uuid.uuid4() if seq % 3 else None
            row = {
                "id": uuid.uuid4(),
                "seq": seq,
                "occurred_at": start + dt.timedelta(seconds=190 * seq),
                "user_id": users[seq % len(users)],
                "action": ("read", "update", "create", "print")[seq % 4],
                "entity_type": "Person" if person else "Employer",
                "entity_id": person or uuid.uuid4(),
                "person_id": person,
                "screen": "deltagare",
                "details": None,
                "prev_hash": previous,
            }
            row["hash"] = previous = audit.event_hash(row)
            rows.append(row)
            if len(rows) == _BATCH:
                connection.execute(insert(AuditEvent), rows)
                rows = []
        if rows:
            connection.execute(insert(AuditEvent), rows)
    backup.backup_database(db, reason=backup.AUTOMATIC)
    audit_head.note(db)
