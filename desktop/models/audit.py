"""Who read, changed, printed or exported which record, when."""

import datetime as dt
import uuid

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

AUDIT_ACTIONS = ("read", "create", "update", "delete", "print", "export", "login", "logout")


class AuditEventColumns:
    """What an event says, as this database holds it and as the server keeps each laptop's
    (desktop/models/sync.py CentralAuditEvent): one list, so that a column added here is
    pushed and checked there too. `seq` and the id are not here: each table keys and
    types them its own way."""

    occurred_at: Mapped[dt.datetime]
    # No foreign keys: the log outlives what it names, and must never hold up a change.
    user_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(String(20))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None]
    # The person a record belongs to, so the log can be searched per person.
    person_id: Mapped[uuid.UUID | None]
    screen: Mapped[str | None] = mapped_column(String(60))
    # What was printed or exported (a document kind, a file name); never personal data.
    details: Mapped[str | None] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(AuditEventColumns, Base):
    """Append-only; `seq` orders the events of this database and `hash` chains each to the
    one before, so that an edited or removed row is detected. The hash covers every other
    column, which is why an event has no timestamps or row version of its own: it is
    written once, at `occurred_at`, and never changed (migration 0013)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_user_time", "user_id", "occurred_at"),
        Index("ix_audit_events_person_time", "person_id", "occurred_at"),
        Index("ix_audit_events_time", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    seq: Mapped[int] = mapped_column(unique=True)
