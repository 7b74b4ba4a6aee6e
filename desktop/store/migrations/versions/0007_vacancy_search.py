"""Recruitment needs found by typing part of their title or their employer's name: a
full-text index over both, with the need's status, kept by triggers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 15:00:00.000000
"""

from __future__ import annotations

from alembic import op

from desktop.store.dialect import is_sqlite

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The same folding as person_search and employer_search (0001, 0004): letters unicode61
# cannot strip to a base letter. Copied, not imported: a migration must not change when
# other code does.
SEARCH_FOLDS = (("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"))


def _folded(expression: str) -> str:
    for letter, plain in SEARCH_FOLDS:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


# The index keeps its own copy of the text (not external content): a need's row holds
# its employer's name, which changes in another table, and an own-content FTS5 table can
# be updated and deleted from by rowid without knowing the old text.
def _employer(column: str, need: str) -> str:
    return f"(SELECT {column} FROM employers WHERE employers.id = {need}.employer_id)"


def _names(need: str) -> str:
    employer = _employer(_folded("employers.name"), need)
    return f"{_folded(need + '.title')} || ' ' || coalesce({employer}, '')"


def _insert(need: str) -> str:
    numbers = f"coalesce({_employer('employers.org_number', need)}, '')"
    return (
        "INSERT INTO vacancy_search(rowid, names, numbers, state) "
        f"VALUES ({need}.rowid, {_names(need)}, {numbers}, {need}.status);"
    )


def upgrade() -> None:
    # All of this revision is FTS5, which is SQLite's; the shared PostgreSQL server
    # searches its own way.
    if not is_sqlite():
        return
    # names: the title and the employer's name; numbers: the employer's
    # organisationsnummer; state: the need's status, so that "open needs matching this"
    # is one index lookup.
    op.execute(
        "CREATE VIRTUAL TABLE vacancy_search USING fts5(names, numbers, state, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER vacancies_search_insert AFTER INSERT ON vacancies BEGIN {_insert('new')} END"
    )
    op.execute(
        "CREATE TRIGGER vacancies_search_delete AFTER DELETE ON vacancies BEGIN "
        "DELETE FROM vacancy_search WHERE rowid = old.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER vacancies_search_update AFTER UPDATE OF title, employer_id, status "
        "ON vacancies BEGIN "
        "DELETE FROM vacancy_search WHERE rowid = old.rowid; "
        f"{_insert('new')} END"
    )
    title = _folded("vacancies.title")
    op.execute(
        "CREATE TRIGGER employers_vacancy_search_update AFTER UPDATE OF name, org_number "
        "ON employers BEGIN "
        "UPDATE vacancy_search SET "
        f"names = (SELECT {title} FROM vacancies WHERE vacancies.rowid = vacancy_search.rowid)"
        f" || ' ' || {_folded('new.name')}, "
        "numbers = coalesce(new.org_number, '') "
        "WHERE rowid IN (SELECT rowid FROM vacancies WHERE employer_id = new.id); END"
    )
    # The needs already there.
    op.execute(
        "INSERT INTO vacancy_search(rowid, names, numbers, state) "
        f"SELECT vacancies.rowid, {_names('vacancies')}, "
        f"coalesce({_employer('employers.org_number', 'vacancies')}, ''), vacancies.status "
        "FROM vacancies"
    )


def downgrade() -> None:
    if not is_sqlite():
        return
    op.execute("DROP TRIGGER IF EXISTS employers_vacancy_search_update")
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS vacancies_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS vacancy_search")
