"""The audit trail: who read, created, changed, deleted, printed or exported what.

Every event is written in the same transaction as what it records. Creates, updates and
deletes of ORM objects are recorded by a `before_flush` listener, so no service can
forget one; reads, prints and exports are recorded by the service that does them, in a
unit of work (a read-only session never commits, so an event added there is lost).
Bulk `update()`/`delete()` statements bypass the listener: services do not use them on
audited tables.

Events form a hash chain (each hash covers the event and the previous hash), so an
edited, inserted or removed row is found by `verify()`. The chain has no secret: whoever
holds the database key could rewrite it from the first change onwards, and removing the
newest events leaves a valid, shorter chain. Both show only against a head (seq and hash)
noted down earlier, which is why `matchning audit verify` prints it and can check it.

Retention (desktop/services/retention.py, docs/retention.md) erases the oldest events,
always a whole prefix of the chain. In the same transaction it records where the chain
now starts (`CHAIN_START` in the settings table: the first kept event's number and the
hash it follows), and `verify()` starts from there instead of from event 1 and the
genesis hash. The erasure itself is an event in the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from desktop.models import AuditEvent, Case, IntakeDraft, Person, Referral, Setting
from desktop.models.base import utcnow
from desktop.store.database import Database

GENESIS = "0" * 64
ACTOR = "actor"  # session.info key: the acting user's id
SCREEN = "screen"  # session.info key: the screen the action came from
_LAST = "audit_last"  # session.info key: (seq, hash) of the newest event in this session
# Settings key: where the chain starts once retention has erased its oldest events,
# {"seq": first kept event, "prev_hash": the hash that event follows}.
CHAIN_START = "audit_chain_start"


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


def record_on(
    connection: Connection,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None = None,
    *,
    user_id: uuid.UUID | None,
    screen: str | None,
    person_id: uuid.UUID | None = None,
    details: str | None = None,
) -> int:
    """`record()` for work done with Core statements on a connection (retention): the
    event joins the connection's transaction. Returns its number in the chain."""
    table = AuditEvent.__table__
    row = connection.execute(
        select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
    now = utcnow()
    fields: dict[str, Any] = {
        "seq": seq + 1,
        "occurred_at": now,
        "user_id": user_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "person_id": person_id,
        "screen": screen,
        "details": details,
        "prev_hash": prev_hash,
    }
    fields["hash"] = event_hash(fields)
    connection.execute(
        insert(AuditEvent).values(
            id=uuid.uuid4(), created_at=now, updated_at=now, version=1, **fields
        )
    )
    return int(fields["seq"])


def chain_start(connection: Connection) -> tuple[int, str]:
    """The first event's number and the hash it follows: (1, genesis) unless retention
    has erased the oldest events."""
    value = connection.execute(
        select(Setting.value).where(Setting.key == CHAIN_START)
    ).scalar_one_or_none()
    if value is None:
        return 1, GENESIS
    start = json.loads(value)
    return int(start["seq"]), str(start["prev_hash"])


def person_of(session: Session, obj: Any) -> uuid.UUID | None:
    """The person a record is about, so the log can be searched per person.

    Looks through the parent a record hangs on (its person, case or referral), also
    when that parent is new in this flush: its foreign key is not set until the flush,
    and `session.get` does not see pending objects.
    """
    if isinstance(obj, Person):
        return obj.id
    person_id = getattr(obj, "person_id", None)
    if isinstance(person_id, uuid.UUID):
        return person_id
    for relation, key, parent_type in _PARENTS:
        parent = _parent(session, obj, relation, key, parent_type)
        if parent is not None:
            return person_of(session, parent)
    return None


_PARENTS: tuple[tuple[str, str, type[Any]], ...] = (
    ("person", "person_id", Person),
    ("case", "case_id", Case),
    ("referral", "referral_id", Referral),
)


def _parent(session: Session, obj: Any, relation: str, key: str, parent_type: type[Any]) -> Any:
    state = inspect(obj)
    if relation in state.attrs:
        # The value the relationship already holds; never a lazy load inside a flush.
        loaded = state.attrs[relation].loaded_value
        if loaded is not NO_VALUE and loaded is not None:
            return loaded
    parent_id = getattr(obj, key, None)
    if not isinstance(parent_id, uuid.UUID):
        return None
    for pending in session.new:
        if isinstance(pending, parent_type) and pending.id == parent_id:
            return pending
    return session.get(parent_type, parent_id)


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


def _worth_recording(action: str, obj: Any) -> bool:
    # An intake draft is saved as the caseworker types, every second or so; its creation
    # and removal are recorded, its autosaves would only bury the log.
    return not isinstance(obj, AuditEvent) and not (
        action == "update" and isinstance(obj, IntakeDraft)
    )


def _record_changes(session: Session, _context: Any, _instances: Any) -> None:
    changes = [(a, obj) for a, obj in _changes(session) if _worth_recording(a, obj)]
    # Keys first, for every new object: the column default comes only with the flush,
    # and a new child must find the key of a parent created in the same unit of work.
    for action, obj in changes:
        if action == "create" and getattr(obj, "id", False) is None:
            obj.id = uuid.uuid4()
    for action, obj in changes:
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


def _forget_last(session: Session, _previous: Any) -> None:
    # Events flushed in a rolled-back transaction or savepoint are gone; the next event
    # must follow the newest one that is still there, or the chain shows a false gap.
    session.info.pop(_LAST, None)


def install(db: Database) -> None:
    """Record every create, update and delete made through this database's sessions."""
    db.listen("before_flush", _record_changes)
    db.listen("after_soft_rollback", _forget_last)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


@dataclass(frozen=True)
class Head:
    """An event's place and hash: noted down, it shows later whether the log before it
    was rewritten or its tail removed, which the chain alone cannot show."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Verification:
    checked: int  # events from the first one up to the first break
    head: Head | None  # the newest event in the table, intact or not; None if empty
    first_break: ChainBreak | None
    # The first event's number: 1, or where retention left the chain starting.
    start: int = 1
    # The append-only guards (triggers) found missing or changed: whoever removed them
    # could change events without the app (migration 0002).
    unguarded: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return self.first_break is None and not self.unguarded


def verify(db: Database, noted: Head | None = None) -> Verification:
    """Walk the chain from the first event to the newest, streaming the rows.

    With `noted` (a head written down earlier), also check that the event is still
    there with the same hash.
    """
    checked = 0
    head: Head | None = None
    first_break: ChainBreak | None = None
    noted_hash: str | None = None
    table = AuditEvent.__table__
    with db.connect() as connection:
        unguarded = _unguarded(connection)
        start, expected_prev = chain_start(connection)
        expected_seq = start
        rows = connection.execute(select(table).order_by(table.c.seq)).mappings()
        for row in rows:
            seq = int(row["seq"])
            head = Head(seq, str(row["hash"]))
            if noted is not None and seq == noted.seq:
                noted_hash = head.hash
            if first_break is not None:
                continue
            first_break = _break_at(row, expected_seq, expected_prev)
            if first_break is None:
                expected_prev = row["hash"]
                expected_seq += 1
                checked += 1
    if first_break is None and noted is not None:
        first_break = _noted_break(noted, noted_hash, head)
    return Verification(checked, head, first_break, start, unguarded)


# The guards migration 0002 puts on the laptop's audit log, as SQLite keeps them.
GUARDS = {
    f"audit_events_no_{verb.lower()}": (
        f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
}


def _unguarded(connection: Connection) -> tuple[str, ...]:
    """The guards missing or not as made: their names."""
    found: dict[str, str] = dict(
        connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'audit_events'"
        ).all()
    )
    return tuple(name for name, made in GUARDS.items() if found.get(name) != made)


def _break_at(row: Mapping[Any, Any], expected_seq: int, expected_prev: str) -> ChainBreak | None:
    if row["seq"] > expected_seq:
        return ChainBreak(expected_seq, "händelsen saknas (raderad)")
    if row["seq"] < expected_seq:
        return ChainBreak(row["seq"], "händelsen har lagts till utanför programmet")
    if row["prev_hash"] != expected_prev:
        return ChainBreak(row["seq"], "kedjan är bruten (föregående hash stämmer inte)")
    if event_hash(row) != row["hash"]:
        return ChainBreak(row["seq"], "händelsen har ändrats")
    return None


def _noted_break(noted: Head, found: str | None, head: Head | None) -> ChainBreak | None:
    if found is None:
        newest = head.seq if head is not None else 0
        return ChainBreak(
            newest + 1,
            f"loggen slutar vid nr {newest}, före den antecknade händelsen nr {noted.seq}: "
            "händelser i slutet har tagits bort",
        )
    if found != noted.hash.strip().lower():
        return ChainBreak(
            noted.seq,
            "händelsen har en annan hash än den antecknade: loggen har skrivits om, eller "
            "händelser i slutet har tagits bort och ersatts",
        )
    return None
