"""Synchronisation bookkeeping (docs/sync.md).

On a laptop: which rows changed since they were last synced (`sync_pending`, filled by
triggers), how each synced row looked on the server when last seen (`sync_base`), the
conflicts waiting for the user (`sync_conflicts`) and the connection (`sync_state`).
On the server: the ordered feed of changes every laptop pulls from (`sync_changes`),
who may see what (`sync_accounts`) and the audit events pushed by the laptops
(`central_audit_events`, append-only). Every table exists in both dialects so that one
chain of migrations serves both; each side simply leaves the other's tables empty.
"""

import datetime as dt
import uuid

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.audit import AuditEventColumns
from desktop.models.base import Base


class SyncPending(Base):
    """A synced row changed on this laptop since it was last pushed; `changes` counts the
    writes so that a push does not forget a change made while it ran."""

    __tablename__ = "sync_pending"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    changes: Mapped[int] = mapped_column(Integer, default=1)


class SyncBase(Base):
    """The row as the server last had it (JSON): the common ancestor of a three-way merge."""

    __tablename__ = "sync_base"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    data: Mapped[str] = mapped_column(Text)


class SyncInflight(Base):
    """A pushed row whose server transaction may or may not have committed: noted here
    before the server commits, settled (or dropped) by the next sync once the server
    says how transaction `xid` ended. Without it, a sync killed between the server's
    commit and this laptop's would meet its own change as a conflict next time."""

    __tablename__ = "sync_inflight"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    xid: Mapped[int] = mapped_column(BigInteger)
    changes: Mapped[int] = mapped_column(Integer)
    read: Mapped[str | None] = mapped_column(Text)  # the row here when it was pushed
    written: Mapped[str | None] = mapped_column(Text)  # the row on the server; NULL: deleted
    conflict: Mapped[str | None] = mapped_column(Text)  # JSON, fields the user must choose


class SyncConflict(Base):
    """One field changed differently here and on the server; both values are kept (JSON)
    until the user chooses."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_row", "table_name", "row_id", "field"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]
    field: Mapped[str] = mapped_column(String(60))
    local_value: Mapped[str] = mapped_column(Text)
    server_value: Mapped[str] = mapped_column(Text)
    local_by: Mapped[str | None] = mapped_column(String(200))
    local_at: Mapped[dt.datetime | None]
    server_by: Mapped[str | None] = mapped_column(String(200))
    server_at: Mapped[dt.datetime | None]
    detected_at: Mapped[dt.datetime]


class SyncState(Base):
    """The laptop's connection, one row: where the server is, whose login, how far the
    pull and the audit push have come, and how the last sync ended. The password lives
    here because the database is encrypted; it is never written anywhere else."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    laptop_id: Mapped[uuid.UUID]
    url: Mapped[str] = mapped_column(String(500))
    db_user: Mapped[str] = mapped_column(String(63))
    db_password: Mapped[str] = mapped_column(String(200))
    pulled_xid: Mapped[int] = mapped_column(BigInteger, default=0)
    pulled_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    pushed_audit_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    # Set while server rows are being written here, so that the triggers that note local
    # changes leave them alone; always cleared in the same transaction.
    applying: Mapped[bool] = mapped_column(default=False)


class SyncChange(Base):
    """The server's feed: one row per insert, update or delete of a synced row. `xid` is
    the writing transaction, so a pull can stop below every transaction still running
    (a sequence alone would skip a change committed after a later one was pulled).
    `municipalities` (comma-separated codes; NULL: shared with all) decides who sees it."""

    __tablename__ = "sync_changes"
    __table_args__ = (Index("ix_sync_changes_order", "xid", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    xid: Mapped[int] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]
    deleted: Mapped[bool]
    municipalities: Mapped[str | None] = mapped_column(String(200))
    changed_by: Mapped[str | None] = mapped_column(String(63))
    changed_at: Mapped[dt.datetime]


class SyncAccount(Base):
    """A server login and the user and municipality it acts for (server only)."""

    __tablename__ = "sync_accounts"

    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"))


class CentralAuditEvent(AuditEventColumns, Base):
    """An audit event pushed from a laptop, under the laptop's id: each laptop's chain
    stays whole and verifiable on the server. Nobody may change or remove one there."""

    __tablename__ = "central_audit_events"

    laptop_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # The laptop's event id, under another name: the server's key is (laptop, seq).
    event_id: Mapped[uuid.UUID]
    pushed_by: Mapped[str] = mapped_column(String(63))
