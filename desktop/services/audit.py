"""The audit trail: who read, created, changed, deleted, printed or exported what.

Every event is written in the same transaction as what it records. Creates, updates and
deletes of ORM objects are recorded by a `before_flush` listener, so no service can
forget one; reads, prints and exports are recorded by the service that does them, in a
unit of work (a read-only session never commits, so an event added there is lost).
Bulk `update()`/`delete()` statements bypass the listener: services do not use them on
audited tables.

Events form a hash chain (each hash covers every column of the event and the previous
hash), so an edited, inserted or removed row is found by `verify()`. The chain has no
secret: whoever holds the database key could rewrite it from the first change onwards,
and removing the newest events leaves a valid, shorter chain. Both show only against a
head (seq and hash) kept elsewhere: the one noted beside the database
(desktop/services/audit_head.py), every kept backup's newest event, or one an
administrator wrote down (`matchning audit verify --head`).

A restore carries the events written since the backup into the restored log
(`carry_over`), so the trail stays whole across it (docs/security.md).

Retention (desktop/services/retention/, docs/retention.md) erases the oldest events,
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
from typing import Any, cast

from sqlalchemy import Connection, MetaData, Table, insert, inspect, select
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


# The columns an event's hash covers: all but the hash itself (tests/services/test_audit.py
# checks this against the table). A column added later needs a new hash version.
HASHED = (
    "id", "seq", "occurred_at", "user_id", "action", "entity_type", "entity_id",
    "person_id", "screen", "details", "prev_hash",
)  # fmt: skip


def event_hash(event: Mapping[Any, Any]) -> str:
    """The hash of every column of an event (hash version 2, from migration 0013).

    Each value in its canonical text, which is also how SQLite stores it (a UUID as 32
    hex digits, a time as naive UTC "YYYY-MM-DD HH:MM:SS.ffffff"): so `verify()` hashes
    the stored text as it is, and the server, which reads objects, gets the same hash.
    """
    values = [_canonical(event[name]) for name in HASHED]
    text = json.dumps(["v2", *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime(STORED_TIME)
    return str(value)


STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's DATETIME on SQLite


def _as_objects(event: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """An event read as stored text, with its times and ids as objects (hash version 1
    was computed from those)."""
    if not isinstance(event["occurred_at"], str):
        return event
    found = dict(event)
    found["occurred_at"] = dt.datetime.fromisoformat(event["occurred_at"]).replace(tzinfo=dt.UTC)
    for name in _ID_FIELDS:
        found[name] = uuid.UUID(event[name]) if event[name] else None
    return found


def event_hash_v1(event: Mapping[Any, Any]) -> str:
    """Hash version 1, of the events written before migration 0013: every field but the
    event's id (and the timestamps that migration dropped)."""
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


class Chain:
    """Checks events one at a time, in order, from where the chain starts.

    Events before migration 0013 carry hash version 1, the ones after it version 2. A
    log only grows, so once an event with version 2 has been seen every later event
    must have it: an event changed and hashed again the old way, to leave its id
    uncovered, is found like any other change.
    """

    def __init__(self, seq: int, prev_hash: str) -> None:
        self.seq = seq
        self.prev_hash = prev_hash
        self._v2 = False

    def check(self, row: Mapping[Any, Any]) -> ChainBreak | None:
        """The break this event makes, or None (and the chain moves on past it)."""
        seq = int(row["seq"])
        if seq > self.seq:
            return ChainBreak(self.seq, "händelsen saknas (raderad)")
        if seq < self.seq:
            return ChainBreak(seq, "händelsen har lagts till utanför programmet")
        if row["prev_hash"] != self.prev_hash:
            return ChainBreak(seq, "kedjan är bruten (föregående hash stämmer inte)")
        if not self._v2 and event_hash_v1(_as_objects(row)) == row["hash"]:
            pass
        elif event_hash(row) == row["hash"]:
            self._v2 = True
        else:
            return ChainBreak(seq, "händelsen har ändrats")
        self.seq += 1
        self.prev_hash = str(row["hash"])
        return None


def _last_event(session: Session) -> tuple[int, str]:
    last: tuple[int, str] | None = session.info.get(_LAST)
    if last is None:
        # Through the session, so that pending changes are flushed (and recorded) first.
        row = session.execute(
            select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        ).first()
        last = (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
    return last


def _event(
    after: tuple[int, str],
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None,
    *,
    user_id: uuid.UUID | None,
    screen: str | None,
    person_id: uuid.UUID | None,
    details: str | None,
) -> dict[str, Any]:
    """The columns of a new event that follows `after` (its seq and hash), hashed."""
    seq, prev_hash = after
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "seq": seq + 1,
        "occurred_at": utcnow(),
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
    return fields


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
    fields = _event(
        _last_event(session),
        action,
        entity_type,
        entity_id,
        user_id=session.info.get(ACTOR),
        screen=session.info.get(SCREEN),
        person_id=person_id,
        details=details,
    )
    event = AuditEvent(**fields)
    session.add(event)
    session.info[_LAST] = (fields["seq"], fields["hash"])
    return event


def newest(connection: Connection) -> tuple[int, str]:
    """The newest event's number and hash; (0, genesis) for an empty log."""
    table = AuditEvent.__table__
    row = connection.execute(
        select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


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
    fields = _event(
        newest(connection),
        action,
        entity_type,
        entity_id,
        user_id=user_id,
        screen=screen,
        person_id=person_id,
        details=details,
    )
    connection.execute(insert(AuditEvent).values(**fields))
    return int(fields["seq"])


@dataclass(frozen=True)
class Carried:
    """The events a restore carried over from the log it replaced."""

    first: int  # their numbers in the restored log
    last: int  # first - 1 if there were none
    # Whether the replaced log continued the restored one (the usual case): the events
    # then keep their numbers and hashes. If not (a backup from another branch of the
    # log), each is written anew after the restored log's newest, marked with its old
    # number.
    same_chain: bool


def carry_over(connection: Connection, replaced: str) -> Carried:
    """Append to this log the events of the log in schema `replaced` (the database a
    restore replaces) written after this log's newest event, so that a restore keeps
    the whole trail: an audit log is a legal record (docs/security.md)."""
    table = cast(Table, AuditEvent.__table__)
    old = table.to_metadata(MetaData(), schema=replaced)
    seq, digest = newest(connection)
    found = connection.execute(select(old.c.hash).where(old.c.seq == seq)).scalar_one_or_none()
    same = (found or GENESIS) == digest
    later = select(old).where(old.c.seq > seq).order_by(old.c.seq)
    if same:
        columns = [*HASHED, "hash"]
        copied = connection.execute(
            insert(table).from_select(
                columns, later.with_only_columns(*(old.c[c] for c in columns))
            )
        ).rowcount
        return Carried(seq + 1, seq + copied, same_chain=True)
    after = (seq, digest)
    for row in connection.execute(later).mappings().all():
        note = f"överförd, nr {row['seq']} före återställningen"
        fields = {
            **row,
            "id": uuid.uuid4(),
            "seq": after[0] + 1,
            "prev_hash": after[1],
            "details": (f"{note}: {row['details']}" if row["details"] else note)[:200],
        }
        fields["hash"] = event_hash(fields)
        connection.execute(insert(table).values(**fields))
        after = (fields["seq"], fields["hash"])
    return Carried(seq + 1, after[0], same_chain=False)


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
class Mark:
    """A head kept outside the live log (noted beside the database, the newest event of
    a backup): the live log must still hold that event, with that hash."""

    where: str  # in Swedish, for the report: "antecknad …", "säkerhetskopian …"
    head: Head


@dataclass(frozen=True)
class MarkCheck:
    mark: Mark
    problem: str | None  # None: the live log continues it
    # Retention has erased the log up to and past it: nothing left to compare with.
    erased: bool = False


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
    marks: tuple[MarkCheck, ...] = ()

    @property
    def intact(self) -> bool:
        return (
            self.first_break is None
            and not self.unguarded
            and all(check.problem is None for check in self.marks)
        )


def verify(db: Database, noted: Head | None = None, marks: Iterable[Mark] = ()) -> Verification:
    """Walk the chain from the first event to the newest, streaming the rows.

    With `noted` (a head the user wrote down), also check that the event is still there
    with the same hash; the same for each of `marks`, which are reported one by one.
    """
    marks = tuple(marks)
    checked = 0
    head: Head | None = None
    first_break: ChainBreak | None = None
    wanted = {mark.head.seq for mark in marks} | ({noted.seq} if noted else set())
    found: dict[int, str] = {}
    with db.connect() as connection:
        unguarded = _unguarded(connection)
        start, prev_hash = chain_start(connection)
        chain = Chain(start, prev_hash)
        # The stored text, not objects: hash version 2 is taken of it as it is, and
        # turning 500,000 rows into UUIDs and datetimes would take most of the time.
        names = [*HASHED, "hash"]
        rows = connection.exec_driver_sql(
            f"SELECT {', '.join(names)} FROM audit_events ORDER BY seq"
        )
        for values in rows:
            row = dict(zip(names, values, strict=True))
            seq = int(row["seq"])
            head = Head(seq, str(row["hash"]))
            if seq in wanted:
                found[seq] = head.hash
            if first_break is not None:
                continue
            first_break = chain.check(row)
            if first_break is None:
                checked += 1
    if first_break is None and noted is not None:
        first_break = _noted_break(noted, found.get(noted.seq), head)
    checks = tuple(
        MarkCheck(mark, None, erased=True)
        if mark.head.seq < start
        else MarkCheck(mark, _mark_problem(mark.head, found.get(mark.head.seq), head))
        for mark in marks
    )
    return Verification(checked, head, first_break, start, unguarded, checks)


def _mark_problem(mark: Head, found: str | None, head: Head | None) -> str | None:
    broken = _noted_break(mark, found, head)
    if broken is not None:
        return broken.reason
    return None


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


def _noted_break(noted: Head, found: str | None, head: Head | None) -> ChainBreak | None:
    if found is None and head is not None and noted.seq <= head.seq:
        return ChainBreak(noted.seq, f"händelse nr {noted.seq} saknas i loggen")
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
