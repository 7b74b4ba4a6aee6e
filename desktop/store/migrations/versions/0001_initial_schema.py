"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 13:59:52.673772
"""

from __future__ import annotations

import csv
import datetime as dt

import sqlalchemy as sa
from alembic import op

from desktop.assets import resource
from desktop.store.dialect import is_sqlite

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('education_levels',
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_education_levels'))
    )
    op.create_table('labour_market_forms',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_sv', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("category IN ('anstallning', 'subventionerad', 'praktik', 'studier')", name=op.f('ck_labour_market_forms_category')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_labour_market_forms_validity')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_labour_market_forms'))
    )
    op.create_table('language_levels',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('scale', sa.String(length=10), nullable=False),
    sa.Column('name_sv', sa.String(length=100), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("scale IN ('cefr', 'sfi', 'sas')", name=op.f('ck_language_levels_scale')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_language_levels'))
    )
    op.create_table('municipalities',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_municipalities'))
    )
    op.create_table('occupations',
    sa.Column('code', sa.String(length=4), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('name_sv', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('parent_code', sa.String(length=4), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 4', name=op.f('ck_occupations_level')),
    sa.ForeignKeyConstraint(['parent_code'], ['occupations.code'], name=op.f('fk_occupations_parent_code_occupations')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_occupations'))
    )
    with op.batch_alter_table('occupations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occupations_parent_code'), ['parent_code'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('first_name', sa.String(length=200), nullable=False),
    sa.Column('last_name', sa.String(length=200), nullable=False),
    sa.Column('sort_key', sa.String(length=402), nullable=False),
    sa.Column('personal_number', sa.String(length=12), nullable=True),
    sa.Column('identity_kind', sa.String(length=20), nullable=False),
    sa.Column('no_identity_reason', sa.String(length=500), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('street_address', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('birth_country', sa.String(length=2), nullable=True),
    sa.Column('citizenship', sa.String(length=2), nullable=True),
    sa.Column('arrival_date', sa.Date(), nullable=True),
    sa.Column('sfi_path', sa.Integer(), nullable=True),
    sa.Column('sfi_course', sa.String(length=20), nullable=True),
    sa.Column('sas_level', sa.String(length=20), nullable=True),
    sa.Column('swedish_cefr', sa.String(length=20), nullable=True),
    sa.Column('work_extent', sa.String(length=20), nullable=True),
    sa.Column('earliest_start', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(identity_kind = 'saknas') = (personal_number IS NULL)", name=op.f('ck_persons_identity_number')),
    sa.CheckConstraint("gender IS NULL OR gender IN ('kvinna', 'man', 'annat')", name=op.f('ck_persons_gender')),
    sa.CheckConstraint("identity_kind != 'saknas' OR no_identity_reason IS NOT NULL", name=op.f('ck_persons_no_identity_reason')),
    sa.CheckConstraint("identity_kind IN ('personnummer', 'samordningsnummer', 'saknas')", name=op.f('ck_persons_identity_kind')),
    sa.CheckConstraint('arrival_date IS NULL OR arrival_date >= birth_date', name=op.f('ck_persons_arrival')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_persons_municipality_code_municipalities')),
    sa.ForeignKeyConstraint(['sas_level'], ['language_levels.code'], name=op.f('fk_persons_sas_level_language_levels')),
    sa.ForeignKeyConstraint(['sfi_course'], ['language_levels.code'], name=op.f('fk_persons_sfi_course_language_levels')),
    sa.ForeignKeyConstraint(['swedish_cefr'], ['language_levels.code'], name=op.f('fk_persons_swedish_cefr_language_levels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('personal_number', name=op.f('uq_persons_personal_number'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index('ix_persons_birth_date', ['birth_date', 'id'], unique=False)
        batch_op.create_index('ix_persons_municipality_sort', ['municipality_code', 'sort_key', 'id'], unique=False)
        batch_op.create_index('ix_persons_sort', ['sort_key', 'id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('handlaggare', 'samordnare', 'administrator')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_users_municipality_code_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('screen', sa.String(length=60), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_events_seq'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_person_time', ['person_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_audit_events_time', ['occurred_at'], unique=False)
        batch_op.create_index('ix_audit_events_user_time', ['user_id', 'occurred_at'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('referred_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'avslutad') = (closed_on IS NOT NULL)", name=op.f('ck_cases_closed')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('anstallning', 'nystartsjobb', 'introduktionsjobb', 'extratjanst', 'lonebidrag', 'praktik', 'studier', 'flyttat', 'annat')", name=op.f('ck_cases_outcome')),
    sa.CheckConstraint("status IN ('inskriven', 'aktiv', 'i_insats', 'avslutad')", name=op.f('ck_cases_status')),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= opened_on', name=op.f('ck_cases_dates')),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_cases_agent_id_users')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_cases_municipality_code_municipalities')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_cases_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_agent_status', ['agent_id', 'status'], unique=False)
        batch_op.create_index('ix_cases_municipality_status', ['municipality_code', 'status'], unique=False)
        batch_op.create_index('ix_cases_person_opened', ['person_id', 'opened_on'], unique=False)

    op.create_table('consents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('legal_basis', sa.String(length=200), nullable=True),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('recorded_by_id', sa.Uuid(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('behandling', 'dela_profil')", name=op.f('ck_consents_kind')),
    sa.CheckConstraint("method IN ('muntligt', 'skriftligt', 'digitalt')", name=op.f('ck_consents_method')),
    sa.CheckConstraint('withdrawn_on IS NULL OR withdrawn_on >= given_on', name=op.f('ck_consents_withdrawn')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_consents_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consents_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index('ix_consents_person_kind', ['person_id', 'kind'], unique=False)

    op.create_table('educations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('field', sa.String(length=200), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('years', sa.Integer(), nullable=True),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('recognition', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("recognition IS NULL OR recognition IN ('ej_ansokt', 'ansokt', 'bedomd', 'ej_aktuellt')", name=op.f('ck_educations_recognition')),
    sa.ForeignKeyConstraint(['level'], ['education_levels.code'], name=op.f('fk_educations_level_education_levels')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_educations_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_educations'))
    )
    with op.batch_alter_table('educations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_educations_person_id'), ['person_id'], unique=False)

    op.create_table('employers',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_number', sa.String(length=10), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sort_key', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('industry_code', sa.String(length=5), nullable=True),
    sa.Column('industry_name', sa.String(length=200), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('responsible_agent_id', sa.Uuid(), nullable=True),
    sa.Column('relationship_status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('last_contact_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("relationship_status IN ('prospekt', 'aktiv', 'vilande')", name=op.f('ck_employers_status')),
    sa.CheckConstraint("sector IN ('offentlig', 'privat', 'ideburen')", name=op.f('ck_employers_sector')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_employers_municipality_code_municipalities')),
    sa.ForeignKeyConstraint(['responsible_agent_id'], ['users.id'], name=op.f('fk_employers_responsible_agent_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers')),
    sa.UniqueConstraint('org_number', name=op.f('uq_employers_org_number'))
    )
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.create_index('ix_employers_agent', ['responsible_agent_id'], unique=False)
        batch_op.create_index('ix_employers_last_contact', ['last_contact_on', 'id'], unique=False)
        batch_op.create_index('ix_employers_municipality', ['municipality_code'], unique=False)
        batch_op.create_index('ix_employers_sort', ['sort_key', 'id'], unique=False)

    op.create_table('person_languages',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('mother_tongue', sa.Boolean(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['level'], ['language_levels.code'], name=op.f('fk_person_languages_level_language_levels')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_languages_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_languages')),
    sa.UniqueConstraint('person_id', 'language', name=op.f('uq_person_languages_person_id'))
    )
    with op.batch_alter_table('person_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_languages_person_id'), ['person_id'], unique=False)

    op.create_table('qualifications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('korkort', 'certifikat')", name=op.f('ck_qualifications_kind')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_qualifications_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualifications')),
    sa.UniqueConstraint('person_id', 'kind', 'code', name=op.f('uq_qualifications_person_id'))
    )
    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.create_index('ix_qualifications_kind_code', ['kind', 'code'], unique=False)
        batch_op.create_index(batch_op.f('ix_qualifications_person_id'), ['person_id'], unique=False)

    op.create_table('wished_municipalities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_wished_municipalities_municipality_code_municipalities')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_wished_municipalities_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wished_municipalities')),
    sa.UniqueConstraint('person_id', 'municipality_code', name=op.f('uq_wished_municipalities_person_id'))
    )
    with op.batch_alter_table('wished_municipalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wished_municipalities_person_id'), ['person_id'], unique=False)

    op.create_table('wished_occupations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('occupation_code', sa.String(length=4), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['occupation_code'], ['occupations.code'], name=op.f('fk_wished_occupations_occupation_code_occupations')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_wished_occupations_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wished_occupations')),
    sa.UniqueConstraint('person_id', 'occupation_code', name=op.f('uq_wished_occupations_person_id'))
    )
    with op.batch_alter_table('wished_occupations', schema=None) as batch_op:
        batch_op.create_index('ix_wished_occupations_occupation', ['occupation_code', 'person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wished_occupations_person_id'), ['person_id'], unique=False)

    op.create_table('work_experiences',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('occupation_code', sa.String(length=4), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('years', sa.Double(), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['occupation_code'], ['occupations.code'], name=op.f('fk_work_experiences_occupation_code_occupations')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_work_experiences_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_experiences'))
    )
    with op.batch_alter_table('work_experiences', schema=None) as batch_op:
        batch_op.create_index('ix_work_experiences_occupation', ['occupation_code', 'person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_experiences_person_id'), ['person_id'], unique=False)

    op.create_table('case_notes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('note_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('samtal', 'mote', 'telefon', 'ovrigt')", name=op.f('ck_case_notes_kind')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_notes_author_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_notes_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notes'))
    )
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.create_index('ix_case_notes_case_date', ['case_id', 'note_date'], unique=False)

    op.create_table('contact_persons',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_contact_persons_employer_id_employers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_persons'))
    )
    with op.batch_alter_table('contact_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_persons_employer_id'), ['employer_id'], unique=False)

    op.create_table('employer_contacts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('participants', sa.Text(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('next_step', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('besok', 'telefon', 'epost', 'mote', 'event')", name=op.f('ck_employer_contacts_kind')),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_employer_contacts_agent_id_users')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_contacts_employer_id_employers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_contacts'))
    )
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.create_index('ix_employer_contacts_agent_date', ['agent_id', 'contact_date'], unique=False)
        batch_op.create_index('ix_employer_contacts_employer_date', ['employer_id', 'contact_date'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('employer_id', sa.Uuid(), nullable=True),
    sa.Column('assignee_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    # Exactly one subject. Written without adding booleans, which PostgreSQL refuses; on
    # SQLite it means the same as the sum this revision first had.
    sa.CheckConstraint('(case_id IS NULL) <> (employer_id IS NULL)', name=op.f('ck_tasks_subject')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_tasks_assignee_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_tasks_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_tasks_employer_id_employers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_assignee_open', ['assignee_id', 'done_at', 'due_date'], unique=False)
        batch_op.create_index('ix_tasks_case', ['case_id'], unique=False)
        batch_op.create_index('ix_tasks_employer', ['employer_id'], unique=False)

    op.create_table('workplaces',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('street_address', sa.String(length=200), nullable=True),
    sa.Column('postal_code', sa.String(length=10), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_workplaces_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_workplaces_municipality_code_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplaces'))
    )
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplaces_employer_id'), ['employer_id'], unique=False)

    op.create_table('vacancies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('workplace_id', sa.Uuid(), nullable=True),
    sa.Column('occupation_code', sa.String(length=4), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('positions', sa.Integer(), nullable=False),
    sa.Column('form_code', sa.String(length=40), nullable=False),
    sa.Column('extent', sa.String(length=20), nullable=True),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('apply_by', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('oppet', 'tillsatt', 'stangt')", name=op.f('ck_vacancies_status')),
    sa.CheckConstraint('positions >= 1', name=op.f('ck_vacancies_positions')),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_vacancies_agent_id_users')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_vacancies_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['form_code'], ['labour_market_forms.code'], name=op.f('fk_vacancies_form_code_labour_market_forms')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_vacancies_municipality_code_municipalities')),
    sa.ForeignKeyConstraint(['occupation_code'], ['occupations.code'], name=op.f('fk_vacancies_occupation_code_occupations')),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplaces.id'], name=op.f('fk_vacancies_workplace_id_workplaces'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancies'))
    )
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.create_index('ix_vacancies_employer', ['employer_id', 'status'], unique=False)
        batch_op.create_index('ix_vacancies_status_apply_by', ['status', 'apply_by'], unique=False)
        batch_op.create_index('ix_vacancies_status_occupation', ['status', 'occupation_code'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vacancy_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('agent_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('foreslagen', 'presenterad', 'intervju', 'erbjuden', 'placerad', 'avbojd', 'aterkallad')", name=op.f('ck_referrals_status')),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_referrals_agent_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_referrals_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_referrals_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_referrals_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('vacancy_id', 'person_id', name=op.f('uq_referrals_vacancy_id'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_agent_status', ['agent_id', 'status'], unique=False)
        batch_op.create_index('ix_referrals_person', ['person_id', 'status'], unique=False)

    op.create_table('vacancy_requirements',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('vacancy_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('importance', sa.String(length=10), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=True),
    sa.Column('level', sa.String(length=20), nullable=True),
    sa.Column('years', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("importance IN ('krav', 'merit')", name=op.f('ck_vacancy_requirements_importance')),
    sa.CheckConstraint("kind IN ('svenska', 'sprak', 'korkort', 'utbildning', 'erfarenhet', 'certifikat')", name=op.f('ck_vacancy_requirements_kind')),
    sa.CheckConstraint('years IS NULL OR years >= 0', name=op.f('ck_vacancy_requirements_years')),
    sa.ForeignKeyConstraint(['level'], ['language_levels.code'], name=op.f('fk_vacancy_requirements_level_language_levels')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_vacancy_requirements_vacancy_id_vacancies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy_requirements'))
    )
    with op.batch_alter_table('vacancy_requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_requirements_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('referral_id', sa.Uuid(), nullable=True),
    sa.Column('vacancy_id', sa.Uuid(), nullable=True),
    sa.Column('employer_id', sa.Uuid(), nullable=True),
    sa.Column('form_code', sa.String(length=40), nullable=False),
    sa.Column('occupation_code', sa.String(length=4), nullable=True),
    sa.Column('extent', sa.String(length=20), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_placements_dates')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_placements_case_id_cases'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_placements_employer_id_employers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['form_code'], ['labour_market_forms.code'], name=op.f('fk_placements_form_code_labour_market_forms')),
    sa.ForeignKeyConstraint(['occupation_code'], ['occupations.code'], name=op.f('fk_placements_occupation_code_occupations')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_placements_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_placements_referral_id_referrals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_placements_vacancy_id_vacancies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index('ix_placements_person', ['person_id'], unique=False)
        batch_op.create_index('ix_placements_start', ['start_date'], unique=False)
        batch_op.create_index('ix_placements_vacancy', ['vacancy_id'], unique=False)

    op.create_table('referral_status_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('referral_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by_id', sa.Uuid(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_referral_status_changes_changed_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_status_changes_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_status_changes'))
    )
    with op.batch_alter_table('referral_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_status_changes_referral_id'), ['referral_id'], unique=False)

    # FTS5 is SQLite's; the shared PostgreSQL server searches its own way.
    if is_sqlite():
        _create_person_search()
    _load_reference_data()


def downgrade() -> None:
    if is_sqlite():
        op.execute("DROP TABLE IF EXISTS person_search")
        op.execute("DROP VIEW IF EXISTS person_search_source")
    with op.batch_alter_table('referral_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_status_changes_referral_id'))

    op.drop_table('referral_status_changes')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('ix_placements_vacancy')
        batch_op.drop_index('ix_placements_start')
        batch_op.drop_index('ix_placements_person')

    op.drop_table('placements')
    with op.batch_alter_table('vacancy_requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_requirements_vacancy_id'))

    op.drop_table('vacancy_requirements')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_person')
        batch_op.drop_index('ix_referrals_agent_status')

    op.drop_table('referrals')
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.drop_index('ix_vacancies_status_occupation')
        batch_op.drop_index('ix_vacancies_status_apply_by')
        batch_op.drop_index('ix_vacancies_employer')

    op.drop_table('vacancies')
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workplaces_employer_id'))

    op.drop_table('workplaces')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_employer')
        batch_op.drop_index('ix_tasks_case')
        batch_op.drop_index('ix_tasks_assignee_open')

    op.drop_table('tasks')
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_employer_contacts_employer_date')
        batch_op.drop_index('ix_employer_contacts_agent_date')

    op.drop_table('employer_contacts')
    with op.batch_alter_table('contact_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_persons_employer_id'))

    op.drop_table('contact_persons')
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_case_notes_case_date')

    op.drop_table('case_notes')
    with op.batch_alter_table('work_experiences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_experiences_person_id'))
        batch_op.drop_index('ix_work_experiences_occupation')

    op.drop_table('work_experiences')
    with op.batch_alter_table('wished_occupations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wished_occupations_person_id'))
        batch_op.drop_index('ix_wished_occupations_occupation')

    op.drop_table('wished_occupations')
    with op.batch_alter_table('wished_municipalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wished_municipalities_person_id'))

    op.drop_table('wished_municipalities')
    with op.batch_alter_table('qualifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qualifications_person_id'))
        batch_op.drop_index('ix_qualifications_kind_code')

    op.drop_table('qualifications')
    with op.batch_alter_table('person_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_languages_person_id'))

    op.drop_table('person_languages')
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_index('ix_employers_sort')
        batch_op.drop_index('ix_employers_municipality')
        batch_op.drop_index('ix_employers_last_contact')
        batch_op.drop_index('ix_employers_agent')

    op.drop_table('employers')
    with op.batch_alter_table('educations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_educations_person_id'))

    op.drop_table('educations')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index('ix_consents_person_kind')

    op.drop_table('consents')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_person_opened')
        batch_op.drop_index('ix_cases_municipality_status')
        batch_op.drop_index('ix_cases_agent_status')

    op.drop_table('cases')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_user_time')
        batch_op.drop_index('ix_audit_events_time')
        batch_op.drop_index('ix_audit_events_person_time')

    op.drop_table('audit_events')
    op.drop_table('users')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_sort')
        batch_op.drop_index('ix_persons_municipality_sort')
        batch_op.drop_index('ix_persons_birth_date')

    op.drop_table('persons')
    with op.batch_alter_table('occupations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occupations_parent_code'))

    op.drop_table('occupations')
    op.drop_table('municipalities')
    op.drop_table('language_levels')
    op.drop_table('labour_market_forms')
    op.drop_table('education_levels')


# Full-text search over names and identity numbers, folding diacritics so that "Ozturk"
# finds "Öztürk". The index is external-content over a view: it stores no text of its
# own and can be rebuilt from `persons` with the FTS5 'rebuild' command.
# Letters that unicode61 cannot strip to a base letter, because Unicode does not compose
# them from one (Turkish ı, Polish ł, Nordic ø, South Slavic đ); the same table is applied
# to what users type in desktop/services/search.py.
SEARCH_FOLDS = (("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"))


def _folded(expression: str) -> str:
    for letter, plain in SEARCH_FOLDS:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


PERSON_SEARCH_NAMES = _folded("{p}.first_name || ' ' || {p}.last_name")
# A personnummer is found by its 12 digits, its 10 digits or its last four; everyone is
# also found by birth date (YYYYMMDD), which covers those without a number.
PERSON_SEARCH_NUMBERS = (
    "coalesce({p}.personal_number || ' ' || substr({p}.personal_number, 3) || ' '"
    " || substr({p}.personal_number, 9) || ' ', '') || replace({p}.birth_date, '-', '')"
)


def _create_person_search() -> None:
    names = PERSON_SEARCH_NAMES.format(p="persons")
    numbers = PERSON_SEARCH_NUMBERS.format(p="persons")
    op.execute(
        f"CREATE VIEW person_search_source AS SELECT rowid AS person_rowid, "
        f"{names} AS names, {numbers} AS numbers FROM persons"
    )
    op.execute(
        "CREATE VIRTUAL TABLE person_search USING fts5(names, numbers, "
        "content='person_search_source', content_rowid='person_rowid', "
        "tokenize='unicode61 remove_diacritics 2')"
    )

    def values(p: str) -> str:
        return f"{PERSON_SEARCH_NAMES.format(p=p)}, {PERSON_SEARCH_NUMBERS.format(p=p)}"

    op.execute(
        "CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN "
        f"INSERT INTO person_search(rowid, names, numbers) VALUES (new.rowid, {values('new')}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN "
        "INSERT INTO person_search(person_search, rowid, names, numbers) "
        f"VALUES ('delete', old.rowid, {values('old')}); END"
    )
    op.execute(
        "CREATE TRIGGER persons_search_update AFTER UPDATE OF "
        "first_name, last_name, personal_number, birth_date ON persons BEGIN "
        "INSERT INTO person_search(person_search, rowid, names, numbers) "
        f"VALUES ('delete', old.rowid, {values('old')}); "
        f"INSERT INTO person_search(rowid, names, numbers) VALUES (new.rowid, {values('new')}); "
        "END"
    )


# Stockholm county; the five municipalities of Implementering Matchning Södertörn are
# active, the other three of the first project and the rest of the county are there for
# addresses and for where people are willing to work.
MUNICIPALITIES = [
    ("0114", "Upplands Väsby", False), ("0115", "Vallentuna", False),
    ("0117", "Österåker", False), ("0120", "Värmdö", False), ("0123", "Järfälla", False),
    ("0125", "Ekerö", False), ("0126", "Huddinge", True), ("0127", "Botkyrka", True),
    ("0128", "Salem", True), ("0136", "Haninge", False), ("0138", "Tyresö", True),
    ("0139", "Upplands-Bro", False), ("0140", "Nykvarn", False), ("0160", "Täby", False),
    ("0162", "Danderyd", False), ("0163", "Sollentuna", False), ("0180", "Stockholm", False),
    ("0181", "Södertälje", True), ("0182", "Nacka", False), ("0183", "Sundbyberg", False),
    ("0184", "Solna", False), ("0186", "Lidingö", False), ("0187", "Vaxholm", False),
    ("0188", "Norrtälje", False), ("0191", "Sigtuna", False), ("0192", "Nynäshamn", False),
]

LABOUR_MARKET_FORMS = [
    ("anstallning", "Anställning", "anstallning", None),
    ("nystartsjobb", "Nystartsjobb", "subventionerad", dt.date(2007, 1, 1)),
    ("introduktionsjobb", "Introduktionsjobb", "subventionerad", None),
    ("extratjanst", "Extratjänst", "subventionerad", dt.date(2015, 11, 1)),
    ("lonebidrag", "Lönebidrag", "subventionerad", None),
    ("praktik", "Praktik", "praktik", None),
    ("studier", "Studier", "studier", None),
]

# Ranks put every scale on one axis (CEFR x 10) so that a requirement of "B1" can be met
# by an SFI or SAS level; the equivalences are the usual rough ones, not official.
LANGUAGE_LEVELS = [
    ("A1", "cefr", "A1 – nybörjare", 10), ("A2", "cefr", "A2 – grundläggande", 20),
    ("B1", "cefr", "B1 – mellannivå", 30), ("B2", "cefr", "B2 – högre mellannivå", 40),
    ("C1", "cefr", "C1 – avancerad", 50), ("C2", "cefr", "C2 – mycket avancerad", 60),
    ("SFI_A", "sfi", "SFI kurs A", 5), ("SFI_B", "sfi", "SFI kurs B", 10),
    ("SFI_C", "sfi", "SFI kurs C", 20), ("SFI_D", "sfi", "SFI kurs D", 25),
    ("SAS_GRUND", "sas", "Svenska som andraspråk, grundläggande nivå", 30),
    ("SAS_1", "sas", "Svenska som andraspråk 1", 35),
    ("SAS_2", "sas", "Svenska som andraspråk 2", 40),
    ("SAS_3", "sas", "Svenska som andraspråk 3", 45),
]

EDUCATION_LEVELS = [
    ("0", "Ingen eller ofullständig förgymnasial utbildning"),
    ("1", "Förgymnasial utbildning kortare än 9 år"),
    ("2", "Förgymnasial utbildning 9 (10) år"),
    ("3", "Gymnasial utbildning"),
    ("4", "Eftergymnasial utbildning kortare än 2 år, ej högskola"),
    ("5", "Kort högskoleutbildning eller yrkeshögskola"),
    ("6", "Kandidatexamen eller motsvarande"),
    ("7", "Masterexamen eller motsvarande"),
    ("8", "Forskarutbildning"),
]


def _load_reference_data() -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    tables = {
        name: sa.table(name, *(sa.column(c) for c in columns))
        for name, columns in {
            "municipalities": ("code", "name", "active"),
            "labour_market_forms": ("code", "name_sv", "category", "valid_from", "sort_order"),
            "language_levels": ("code", "scale", "name_sv", "rank"),
            "education_levels": ("code", "name_sv", "rank"),
            "occupations": ("code", "level", "name_sv", "name_en", "parent_code"),
        }.items()
    }
    for table in tables.values():
        table.append_column(sa.column("created_at"))
        table.append_column(sa.column("updated_at"))
        table.append_column(sa.column("version"))
    op.bulk_insert(
        tables["municipalities"],
        [{"code": c, "name": n, "active": a, **stamps} for c, n, a in MUNICIPALITIES],
    )
    op.bulk_insert(
        tables["labour_market_forms"],
        [
            {"code": c, "name_sv": n, "category": k, "valid_from": f, "sort_order": i, **stamps}
            for i, (c, n, k, f) in enumerate(LABOUR_MARKET_FORMS)
        ],
    )
    op.bulk_insert(
        tables["language_levels"],
        [{"code": c, "scale": s, "name_sv": n, "rank": r, **stamps}
         for c, s, n, r in LANGUAGE_LEVELS],
    )
    op.bulk_insert(
        tables["education_levels"],
        [{"code": c, "name_sv": n, "rank": int(c), **stamps} for c, n in EDUCATION_LEVELS],
    )
    with resource("data", "ssyk2012.csv").open(encoding="utf-8", newline="") as handle:
        occupations = [
            {
                "code": row["code"],
                "level": int(row["level"]),
                "name_sv": row["name_sv"],
                "name_en": row["name_en"],
                "parent_code": row["code"][:-1] or None,
                **stamps,
            }
            for row in csv.DictReader(handle)
        ]
    op.bulk_insert(tables["occupations"], occupations)
