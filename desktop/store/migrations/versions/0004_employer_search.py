"""Employer register: full-text search over names and organisationsnummer, and indexes
for the employer list's filters and the open-needs list

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:00:00.000000
"""

from __future__ import annotations

from alembic import op

from desktop.store.dialect import is_sqlite

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The same folding as person_search (migration 0001): letters unicode61 cannot strip to
# a base letter. Copied, not imported: a migration must not change when other code does.
SEARCH_FOLDS = (("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"))


def _folded(expression: str) -> str:
    for letter, plain in SEARCH_FOLDS:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


EMPLOYER_SEARCH_NAMES = _folded("{e}.name")
# Ten digits; a prefix query finds a number from its first digits as typed.
EMPLOYER_SEARCH_NUMBERS = "coalesce({e}.org_number, '')"


def _values(e: str) -> str:
    return f"{EMPLOYER_SEARCH_NAMES.format(e=e)}, {EMPLOYER_SEARCH_NUMBERS.format(e=e)}"


def upgrade() -> None:
    # FTS5 is SQLite's; the shared PostgreSQL server searches its own way.
    if is_sqlite():
        _create_search()
    _list_indexes()


def _create_search() -> None:
    op.execute(
        "CREATE VIEW employer_search_source AS SELECT rowid AS employer_rowid, "
        f"{EMPLOYER_SEARCH_NAMES.format(e='employers')} AS names, "
        f"{EMPLOYER_SEARCH_NUMBERS.format(e='employers')} AS numbers FROM employers"
    )
    op.execute(
        "CREATE VIRTUAL TABLE employer_search USING fts5(names, numbers, "
        "content='employer_search_source', content_rowid='employer_rowid', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER employers_search_insert AFTER INSERT ON employers BEGIN "
        f"INSERT INTO employer_search(rowid, names, numbers) VALUES (new.rowid, {_values('new')}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER employers_search_delete AFTER DELETE ON employers BEGIN "
        "INSERT INTO employer_search(employer_search, rowid, names, numbers) "
        f"VALUES ('delete', old.rowid, {_values('old')}); END"
    )
    op.execute(
        "CREATE TRIGGER employers_search_update AFTER UPDATE OF name, org_number ON employers "
        "BEGIN "
        "INSERT INTO employer_search(employer_search, rowid, names, numbers) "
        f"VALUES ('delete', old.rowid, {_values('old')}); "
        f"INSERT INTO employer_search(rowid, names, numbers) VALUES (new.rowid, {_values('new')}); "
        "END"
    )
    # The employers already there.
    op.execute("INSERT INTO employer_search(employer_search) VALUES ('rebuild')")


def _list_indexes() -> None:
    # Plain CREATE/DROP INDEX rather than batch mode: rebuilding `employers` by copy
    # would renumber its rowids under the search index and drop its triggers.
    op.drop_index("ix_employers_agent", table_name="employers")
    op.drop_index("ix_employers_municipality", table_name="employers")
    for name, column in (
        ("agent", "responsible_agent_id"),
        ("municipality", "municipality_code"),
        ("industry", "industry_code"),
        ("status", "relationship_status"),
        ("sector", "sector"),
    ):
        op.create_index(f"ix_employers_{name}_sort", "employers", [column, "sort_key", "id"])
    op.drop_index("ix_vacancies_status_apply_by", table_name="vacancies")
    op.create_index(
        "ix_vacancies_open_list",
        "vacancies",
        ["status", "apply_by", "id", "occupation_code", "municipality_code", "form_code"],
    )


def downgrade() -> None:
    op.drop_index("ix_vacancies_open_list", table_name="vacancies")
    op.create_index("ix_vacancies_status_apply_by", "vacancies", ["status", "apply_by"])
    for name in ("agent", "municipality", "industry", "status", "sector"):
        op.drop_index(f"ix_employers_{name}_sort", table_name="employers")
    op.create_index("ix_employers_municipality", "employers", ["municipality_code"])
    op.create_index("ix_employers_agent", "employers", ["responsible_agent_id"])
    if not is_sqlite():
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS employers_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS employer_search")
    op.execute("DROP VIEW IF EXISTS employer_search_source")
