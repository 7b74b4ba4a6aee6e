"""Documents: each municipality's letterhead settings, a record of every document
produced, and the users' own phone and e-mail for the documents they send

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('letterheads',
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('street_address', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_media_type', sa.String(length=40), nullable=True),
    sa.Column('referral_template', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("logo_media_type IS NULL OR logo_media_type IN ('image/png', 'image/svg+xml')", name=op.f('ck_letterheads_logo_media_type')),
    sa.CheckConstraint('(logo IS NULL) = (logo_media_type IS NULL)', name=op.f('ck_letterheads_logo')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_letterheads_municipality_code_municipalities')),
    sa.PrimaryKeyConstraint('municipality_code', name=op.f('pk_letterheads'))
    )
    op.create_table('produced_documents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('employer_id', sa.Uuid(), nullable=True),
    sa.Column('vacancy_id', sa.Uuid(), nullable=True),
    sa.Column('referral_id', sa.Uuid(), nullable=True),
    sa.Column('produced_by_id', sa.Uuid(), nullable=True),
    sa.Column('produced_at', sa.DateTime(), nullable=False),
    sa.Column('output', sa.String(length=10), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('presentationsbrev', 'kandidatprofil', 'arbetsgivarblad', 'arendesammanfattning', 'registerutdrag')", name=op.f('ck_produced_documents_kind')),
    sa.CheckConstraint("output IN ('pdf', 'utskrift')", name=op.f('ck_produced_documents_output')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_produced_documents_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_produced_documents_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_produced_documents_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['produced_by_id'], ['users.id'], name=op.f('fk_produced_documents_produced_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_produced_documents_referral_id_referrals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_produced_documents_vacancy_id_vacancies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_produced_documents'))
    )
    # The Dokument tabs of a person, a case and an employer, newest first.
    with op.batch_alter_table('produced_documents', schema=None) as batch_op:
        batch_op.create_index('ix_produced_documents_case', ['case_id', 'produced_at'], unique=False)
        batch_op.create_index('ix_produced_documents_employer', ['employer_id', 'produced_at'], unique=False)
        batch_op.create_index('ix_produced_documents_person', ['person_id', 'produced_at'], unique=False)
        batch_op.create_index('ix_produced_documents_referral', ['referral_id'], unique=False)
        batch_op.create_index('ix_produced_documents_vacancy', ['vacancy_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')
        batch_op.drop_column('phone')

    with op.batch_alter_table('produced_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_produced_documents_vacancy')
        batch_op.drop_index('ix_produced_documents_referral')
        batch_op.drop_index('ix_produced_documents_person')
        batch_op.drop_index('ix_produced_documents_employer')
        batch_op.drop_index('ix_produced_documents_case')

    op.drop_table('produced_documents')
    op.drop_table('letterheads')
