"""Synchronisation through a central PostgreSQL server: the laptop's bookkeeping tables,
and on the server the change feed, the accounts, the pushed audit events, and who may
see what, enforced by row-level security (docs/sync.md, docs/server.md)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 23:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

AGENT = "matchning_agent"
SHARED = (
    "users", "employers", "workplaces", "contact_persons", "employer_contacts",
    "vacancies", "vacancy_requirements",
)
PROFILE = (
    "person_languages", "educations", "work_experiences", "qualifications",
    "wished_occupations", "wished_municipalities",
)
PERSONAL = (
    "persons", *PROFILE, "consents", "cases", "case_notes", "referrals",
    "referral_status_changes", "placements", "produced_documents",
)
REFERENCE = (
    "municipalities", "occupations", "labour_market_forms", "language_levels",
    "education_levels", "alembic_version",
)
MINE = "matchning_my_municipalities()"

# Who may see a row of each personal table: the municipalities (a text[]) it belongs to.
# The profile and the referral also go to the municipality of the need the person was
# proposed for; the case, its notes, consents and documents do not.
SEE = {
    "persons": "matchning_person_scope(id)",
    **{name: "matchning_person_scope(person_id)" for name in PROFILE},
    "consents": "matchning_person_home(person_id)",
    "cases": "ARRAY[municipality_code::text] || matchning_person_home(person_id)",
    "case_notes": "matchning_case_home(case_id)",
    "referrals": "matchning_person_home(person_id) || matchning_vacancy_home(vacancy_id)",
    "referral_status_changes": "matchning_referral_scope(referral_id)",
    "placements": "matchning_person_home(person_id) || matchning_vacancy_home(vacancy_id)",
    "produced_documents": "matchning_person_home(person_id)",
}
# Who may change it: the person's own municipality for the person and the profile.
CHANGE = {
    **SEE,
    "persons": "ARRAY[municipality_code::text]",
    **{name: "matchning_person_home(person_id)" for name in PROFILE},
}
# The same, over a row given as jsonb (in the trigger that records each change).
SCOPE_OF_JSON = {
    "persons": "matchning_person_scope((r->>'id')::uuid) || ARRAY[r->>'municipality_code']",
    **{name: "matchning_person_scope((r->>'person_id')::uuid)" for name in PROFILE},
    "consents": "matchning_person_home((r->>'person_id')::uuid)",
    "cases": "ARRAY[r->>'municipality_code'] || matchning_person_home((r->>'person_id')::uuid)",
    "case_notes": "matchning_case_home((r->>'case_id')::uuid)",
    "referrals": "matchning_person_home((r->>'person_id')::uuid)"
    " || matchning_vacancy_home((r->>'vacancy_id')::uuid)",
    "referral_status_changes": "matchning_referral_scope((r->>'referral_id')::uuid)",
    "placements": "matchning_person_home((r->>'person_id')::uuid)"
    " || matchning_vacancy_home((r->>'vacancy_id')::uuid)",
    "produced_documents": "matchning_person_home((r->>'person_id')::uuid)",
}

FUNCTIONS = f"""
CREATE FUNCTION matchning_my_municipalities() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(array_agg(municipality_code::text), '{{}}')
  FROM sync_accounts WHERE role_name = session_user
$$;
CREATE FUNCTION matchning_person_home(pid uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT ARRAY(SELECT municipality_code::text FROM persons
               WHERE id = pid AND municipality_code IS NOT NULL)
$$;
CREATE FUNCTION matchning_vacancy_home(vid uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT ARRAY(SELECT municipality_code::text FROM vacancies
               WHERE id = vid AND municipality_code IS NOT NULL)
$$;
CREATE FUNCTION matchning_case_home(cid uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT ARRAY(SELECT municipality_code::text FROM cases WHERE id = cid)
$$;
CREATE FUNCTION matchning_person_scope(pid uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT ARRAY(
    SELECT municipality_code::text FROM persons WHERE id = pid AND municipality_code IS NOT NULL
    UNION
    SELECT v.municipality_code::text FROM referrals r JOIN vacancies v ON v.id = r.vacancy_id
    WHERE r.person_id = pid AND v.municipality_code IS NOT NULL)
$$;
CREATE FUNCTION matchning_referral_scope(rid uuid) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT ARRAY(
    SELECT p.municipality_code::text FROM referrals r JOIN persons p ON p.id = r.person_id
    WHERE r.id = rid AND p.municipality_code IS NOT NULL
    UNION
    SELECT v.municipality_code::text FROM referrals r JOIN vacancies v ON v.id = r.vacancy_id
    WHERE r.id = rid AND v.municipality_code IS NOT NULL)
$$;
CREATE FUNCTION matchning_change_scope(tbl text, r jsonb) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT CASE tbl
  {" ".join(f"WHEN '{name}' THEN array_to_string({expression}, ',')" for name, expression in SCOPE_OF_JSON.items())}
  ELSE NULL END
$$;
-- One row in sync_changes for every insert, update and delete of a synced row. A delete
-- (a tombstone) goes to every laptop: it tells nothing but an id, and an erased person
-- must be erased wherever the profile went.
CREATE FUNCTION matchning_record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  scope text := NULL;
BEGIN
  IF TG_OP <> 'DELETE' THEN
    scope := matchning_change_scope(TG_TABLE_NAME, r);
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'persons' THEN
      -- A person moved to another municipality: the old one hears that it is gone.
      scope := concat_ws(',', scope, to_jsonb(OLD)->>'municipality_code');
    END IF;
  END IF;
  INSERT INTO sync_changes (xid, table_name, row_id, deleted, municipalities, changed_by,
                            changed_at)
  VALUES (pg_current_xact_id()::text::bigint, TG_TABLE_NAME, (r->>'id')::uuid,
          TG_OP = 'DELETE', scope, session_user, now() AT TIME ZONE 'UTC');
  RETURN NULL;
END $$;
-- A person proposed for another municipality's need: the profile goes there too, so its
-- rows are announced again with the wider scope.
CREATE FUNCTION matchning_share_profile() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO sync_changes (xid, table_name, row_id, deleted, municipalities, changed_by,
                            changed_at)
  SELECT pg_current_xact_id()::text::bigint, t.name, t.id, false,
         array_to_string(matchning_person_scope(NEW.person_id), ','), session_user,
         now() AT TIME ZONE 'UTC'
  FROM (SELECT 'persons' AS name, id FROM persons WHERE id = NEW.person_id
        {" ".join(f"UNION ALL SELECT '{name}', id FROM {name} WHERE person_id = NEW.person_id" for name in PROFILE)}
       ) AS t;
  RETURN NULL;
END $$;
CREATE FUNCTION matchning_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'central_audit_events is append-only';
END $$;
"""


def upgrade() -> None:
    op.create_table('sync_pending',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_sync_pending'))
    )
    op.create_table('sync_base',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_sync_base'))
    )
    op.create_table('sync_inflight',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('xid', sa.BigInteger(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('read', sa.Text(), nullable=True),
    sa.Column('written', sa.Text(), nullable=True),
    sa.Column('conflict', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_sync_inflight'))
    )
    op.create_table('sync_conflicts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('local_value', sa.Text(), nullable=False),
    sa.Column('server_value', sa.Text(), nullable=False),
    sa.Column('local_by', sa.String(length=200), nullable=True),
    sa.Column('local_at', sa.DateTime(), nullable=True),
    sa.Column('server_by', sa.String(length=200), nullable=True),
    sa.Column('server_at', sa.DateTime(), nullable=True),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    op.create_index('ix_sync_conflicts_row', 'sync_conflicts', ['table_name', 'row_id', 'field'])
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('laptop_id', sa.Uuid(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('db_user', sa.String(length=63), nullable=False),
    sa.Column('db_password', sa.String(length=200), nullable=False),
    sa.Column('pulled_xid', sa.BigInteger(), nullable=False),
    sa.Column('pulled_seq', sa.BigInteger(), nullable=False),
    sa.Column('pushed_audit_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_sync_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('applying', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state'))
    )
    op.create_table('sync_changes',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('xid', sa.BigInteger(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('municipalities', sa.String(length=200), nullable=True),
    sa.Column('changed_by', sa.String(length=63), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_changes'))
    )
    op.create_index('ix_sync_changes_order', 'sync_changes', ['xid', 'seq'])
    op.create_table('sync_accounts',
    sa.Column('role_name', sa.String(length=63), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipalities.code'], name=op.f('fk_sync_accounts_municipality_code_municipalities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_accounts_user_id_users')),
    sa.PrimaryKeyConstraint('role_name', name=op.f('pk_sync_accounts'))
    )
    op.create_table('central_audit_events',
    sa.Column('laptop_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('screen', sa.String(length=60), nullable=True),
    sa.Column('details', sa.String(length=200), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('pushed_by', sa.String(length=63), nullable=False),
    sa.PrimaryKeyConstraint('laptop_id', 'seq', name=op.f('pk_central_audit_events'))
    )
    if op.get_bind().dialect.name == "postgresql":
        _server()


def _server() -> None:
    """Who may see and change what on the server. Every user's login is a member of one
    group role; the table owner (the administrator who ran `matchning server init`) is
    not bound by the policies."""
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AGENT}') "
        f"THEN CREATE ROLE {AGENT} NOLOGIN; END IF; END $$"
    )
    op.execute(FUNCTIONS)
    for name in (*SHARED, *PERSONAL):
        op.execute(
            f"CREATE TRIGGER matchning_change AFTER INSERT OR UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION matchning_record_change()"
        )
    op.execute(
        "CREATE TRIGGER matchning_share_profile AFTER INSERT ON referrals "
        "FOR EACH ROW EXECUTE FUNCTION matchning_share_profile()"
    )
    op.execute(
        "CREATE TRIGGER matchning_append_only BEFORE UPDATE OR DELETE ON central_audit_events "
        "FOR EACH ROW EXECUTE FUNCTION matchning_append_only()"
    )
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {AGENT}")
    op.execute(f"GRANT SELECT ON {', '.join(REFERENCE)}, sync_changes, sync_accounts TO {AGENT}")
    tables = ", ".join(name for name in (*SHARED, *PERSONAL) if name != "users")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {AGENT}")
    # Users are managed centrally: a laptop may add a colleague who is not an
    # administrator, and change names and contact details, never a role or whether the
    # account is active.
    op.execute(f"GRANT SELECT, INSERT ON users TO {AGENT}")
    op.execute(
        f"GRANT UPDATE (username, full_name, phone, email, updated_at, version) ON users TO {AGENT}"
    )
    op.execute(f"GRANT SELECT, INSERT ON central_audit_events TO {AGENT}")
    for name in (*SHARED, *PERSONAL, "sync_changes", "central_audit_events"):
        op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    for name in SHARED:
        if name != "users":
            op.execute(f"CREATE POLICY shared ON {name} USING (true) WITH CHECK (true)")
    op.execute("CREATE POLICY see ON users FOR SELECT USING (true)")
    op.execute("CREATE POLICY edit ON users FOR UPDATE USING (true)")
    op.execute(
        "CREATE POLICY add ON users FOR INSERT WITH CHECK (role <> 'administrator' AND active)"
    )
    for name in PERSONAL:
        op.execute(f"CREATE POLICY see ON {name} FOR SELECT USING (({SEE[name]}) && {MINE})")
        op.execute(
            f"CREATE POLICY change ON {name} USING (({CHANGE[name]}) && {MINE}) "
            f"WITH CHECK (({CHANGE[name]}) && {MINE})"
        )
    op.execute(
        "CREATE POLICY see ON sync_changes FOR SELECT USING (municipalities IS NULL "
        f"OR string_to_array(municipalities, ',') && {MINE})"
    )
    op.execute(
        "CREATE POLICY own ON central_audit_events USING (pushed_by = session_user) "
        "WITH CHECK (pushed_by = session_user)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in (*SHARED, *PERSONAL):
            op.execute(f"DROP TRIGGER IF EXISTS matchning_change ON {name}")
            op.execute(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
            op.execute(f"DROP POLICY IF EXISTS shared ON {name}")
            op.execute(f"DROP POLICY IF EXISTS see ON {name}")
            op.execute(f"DROP POLICY IF EXISTS change ON {name}")
        op.execute("DROP POLICY IF EXISTS edit ON users")
        op.execute("DROP POLICY IF EXISTS add ON users")
        op.execute("DROP TRIGGER IF EXISTS matchning_share_profile ON referrals")
    for name in (
        "central_audit_events", "sync_accounts", "sync_changes", "sync_state",
        "sync_conflicts", "sync_inflight", "sync_base", "sync_pending",
    ):
        op.drop_table(name)
    if op.get_bind().dialect.name == "postgresql":
        for function in (
            "matchning_share_profile()", "matchning_record_change()", "matchning_append_only()",
            "matchning_change_scope(text, jsonb)", "matchning_referral_scope(uuid)",
            "matchning_person_scope(uuid)", "matchning_case_home(uuid)",
            "matchning_vacancy_home(uuid)", "matchning_person_home(uuid)",
            "matchning_my_municipalities()",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
