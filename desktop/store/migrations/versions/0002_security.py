"""Security: settings table, password reset flag, last login, audit details, and an
append-only audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 14:56:10.351802
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.store.dialect import is_sqlite

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details', sa.String(length=200), nullable=True))
        # The log outlives the users it names and must never hold up a change.
        batch_op.drop_constraint('fk_audit_events_user_id_users', type_='foreignkey')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(), nullable=True))

    # The audit log only grows: changing or removing a row must go around the app and
    # drop these triggers first, and then the hash chain shows it (`matchning audit verify`).
    if not is_sqlite():
        _append_only_postgresql()
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )


def _append_only_postgresql() -> None:
    # The same guard in PostgreSQL's terms: a trigger there calls a function. The error
    # is an integrity violation, as SQLite's RAISE(ABORT) is.
    op.execute(
        "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only' "
        "USING ERRCODE = 'integrity_constraint_violation'; END $$"
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )



def downgrade() -> None:
    if is_sqlite():
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('last_login_at')
        batch_op.drop_column('must_change_password')

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_foreign_key(
            'fk_audit_events_user_id_users', 'users', ['user_id'], ['id']
        )
        batch_op.drop_column('details')

    op.drop_table('settings')
