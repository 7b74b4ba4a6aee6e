"""The audit log keeps only what an event needs, and its hash covers all of it: the
timestamps and row version every other table has are dropped from `audit_events` (an
event is written once, at `occurred_at`, and never changed), and events from now on are
hashed with their id as well (desktop/services/audit.py, hash version 2)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

DROPPED = ("created_at", "updated_at", "version")


def upgrade() -> None:
    # ALTER TABLE … DROP COLUMN in both dialects (SQLite ≥ 3.35): no table copy, so the
    # append-only triggers stay as they are, and no UPDATE or DELETE runs on the log.
    for column in DROPPED:
        op.drop_column("audit_events", column)


def downgrade() -> None:
    # The columns come back filled from the event's own time; version 1, as written.
    # ADD COLUMN writes no row either, so the append-only triggers allow it.
    op.add_column("audit_events", sa.Column("created_at", sa.DateTime(), nullable=True))
    op.add_column("audit_events", sa.Column("updated_at", sa.DateTime(), nullable=True))
    op.add_column(
        "audit_events", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
