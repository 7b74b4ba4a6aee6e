"""The audit trail: who read, created, changed, deleted, printed or exported what.

Every event is written in the same transaction as what it records. Creates, updates and
deletes of ORM objects are recorded by a `before_flush` listener, so no service can
forget one; reads, prints and exports are recorded by the service that does them.
Events form a hash chain (each hash covers the event and the previous hash), so an
edited, inserted or removed row is found by `verify()`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditEvent, Case, CaseNote, Person, Task
from desktop.models.base import utcnow
from desktop.store.database import Database

GENESIS = "0" * 64
ACTOR = "actor"  # session.info key: the acting user's id
SCREEN = "screen"  # session.info key: the screen the action came from
_LAST = "audit_last"  # session.info key: (seq, hash) of the newest event in this session


def event_hash(event: Mapping[Any, Any]) -> str:
    """The hash of an event's fields (column names as keys) and the previous hash."""
    occurred_at: dt.datetime = event["occurred_at"]
    fields = [
        event["prev_hash"],
        str(event["seq"]),
        occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        *(event[name].hex if event[name] else "" for name in _ID_FIELDS),
        event["action"],
        event["entity_type"],
        event["screen"] or "",
        event["details"] or "",
    ]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


_ID_FIELDS = ("user_id", "entity_id", "person_id")


def _last_event(session: Session) -> tuple[int, str]:
    last: tuple[int, str] | None = session.info.get(_LAST)
    if last is None:
        row = session.execute(
            select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        ).first()
        last = (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
    return last


def record(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None = None,
    *,
    person_id: uuid.UUID | None = None,
    details: str | None = None,
) -> AuditEvent:
    """Append one event for the acting user and screen of this unit of work."""
    seq, prev_hash = _last_event(session)
    fields: dict[str, Any] = {
        "seq": seq + 1,
        "occurred_at": utcnow(),
        "user_id": session.info.get(ACTOR),
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "person_id": person_id,
        "screen": session.info.get(SCREEN),
        "details": details,
        "prev_hash": prev_hash,
    }
    fields["hash"] = event_hash(fields)
    event = AuditEvent(**fields)
    session.add(event)
    session.info[_LAST] = (fields["seq"], fields["hash"])
    return event


def person_of(session: Session, obj: Any) -> uuid.UUID | None:
    """The person a record is about, so the log can be searched per person."""
    if isinstance(obj, Person):
        return obj.id
    person_id = getattr(obj, "person_id", None)
    if isinstance(person_id, uuid.UUID):
        return person_id
    if isinstance(obj, (CaseNote, Task)) and obj.case_id is not None:
        case = session.get(Case, obj.case_id)
        return case.person_id if case is not None else None
    return None


def _natural_key(obj: Any) -> str | None:
    # Reference rows and settings are keyed by a code, which is not personal data.
    for name in ("code", "key"):
        value = getattr(obj, name, None)
        if isinstance(value, str):
            return value[:200]
    return None


def _changes(session: Session) -> Iterable[tuple[str, Any]]:
    for obj in session.new:
        yield "create", obj
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            yield "update", obj
    for obj in session.deleted:
        yield "delete", obj


def _record_changes(session: Session, _context: Any, _instances: Any) -> None:
    for action, obj in list(_changes(session)):
        if isinstance(obj, AuditEvent):
            continue
        if action == "create" and getattr(obj, "id", False) is None:
            obj.id = uuid.uuid4()  # the column default would come too late to be logged
        key = getattr(obj, "id", None)
        entity_id = key if isinstance(key, uuid.UUID) else None
        record(
            session,
            action,
            type(obj).__name__,
            entity_id,
            person_id=person_of(session, obj),
            details=None if entity_id else _natural_key(obj),
        )


def install(db: Database) -> None:
    """Record every create, update and delete made through this database's sessions."""
    db.listen("before_flush", _record_changes)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify(db: Database) -> tuple[int, ChainBreak | None]:
    """Walk the chain from the first event; the number checked and the first break."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    with db.connect() as connection:
        table = AuditEvent.__table__
        rows = connection.execute(select(table).order_by(table.c.seq)).mappings()
        for row in rows:
            if row["seq"] != expected_seq:
                return checked, ChainBreak(expected_seq, "händelse saknas eller har lagts till")
            if row["prev_hash"] != expected_prev:
                return checked, ChainBreak(row["seq"], "kedjan är bruten (föregående hash)")
            if event_hash(row) != row["hash"]:
                return checked, ChainBreak(row["seq"], "händelsen har ändrats")
            expected_prev = row["hash"]
            expected_seq += 1
            checked += 1
    return checked, None
