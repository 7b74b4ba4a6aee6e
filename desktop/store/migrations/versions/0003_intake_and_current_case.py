"""Intake drafts, and each person's current case copied onto the person for the list's
filters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 15:23:35.597574
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intake_drafts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_intake_drafts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_drafts'))
    )
    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_drafts_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_case_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('current_case_status', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('current_agent_id', sa.Uuid(), nullable=True))
        batch_op.create_index('ix_persons_agent_sort', ['current_agent_id', 'sort_key', 'id'], unique=False)
        batch_op.create_index('ix_persons_status_sort', ['current_case_status', 'sort_key', 'id'], unique=False)

    # The current case is the newest enrolment (desktop/services/cases.py keeps it so).
    op.execute(
        "UPDATE persons SET current_case_id = (SELECT c.id FROM cases c "
        "WHERE c.person_id = persons.id ORDER BY c.opened_on DESC, c.created_at DESC LIMIT 1)"
    )
    op.execute(
        "UPDATE persons SET "
        "current_case_status = (SELECT status FROM cases WHERE id = persons.current_case_id), "
        "current_agent_id = (SELECT agent_id FROM cases WHERE id = persons.current_case_id)"
    )



def downgrade() -> None:
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_status_sort')
        batch_op.drop_index('ix_persons_agent_sort')
        batch_op.drop_column('current_agent_id')
        batch_op.drop_column('current_case_status')
        batch_op.drop_column('current_case_id')

    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_drafts_user_id'))

    op.drop_table('intake_drafts')
