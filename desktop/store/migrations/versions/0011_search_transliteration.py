"""Search finds names across transliterations: the person, employer and need indexes
hold each name folded and, where that differs, written out in plain Latin letters
(Đorđević also as Djordjevic, Strauß as Strauss, Lærke as Laerke)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Callable

from alembic import op

from desktop.store.dialect import is_sqlite

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Copied, not imported, from desktop/services/search.py (a migration must not change when
# other code does); tests/store/test_migrations.py checks that the two are the same.
# One plain letter for each letter unicode61 cannot strip to a base letter (0001 had all
# but ð)...
SEARCH_FOLDS = (
    ("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"),
    ("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D"),
)  # fmt: skip
# ... and the same letters and a few more as commonly written in plain Latin letters.
# Both cases: SQLite's replace() is case-sensitive and its lower() knows only ASCII.
SEARCH_TRANSLITERATIONS = (
    ("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "oe"), ("Ø", "Oe"),
    ("đ", "dj"), ("Đ", "Dj"), ("ð", "dh"), ("Ð", "Dh"),
    ("ß", "ss"), ("ẞ", "SS"), ("æ", "ae"), ("Æ", "Ae"), ("œ", "oe"), ("Œ", "Oe"),
    ("þ", "th"), ("Þ", "Th"), ("ĳ", "ij"), ("Ĳ", "IJ"),
)  # fmt: skip
# What 0001, 0004 and 0007 folded, for the downgrade.
OLD_FOLDS = (("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"))

# SQL for a text -> SQL for what an index holds for it.
Text = Callable[[str], str]


def _replaced(expression: str, table: tuple[tuple[str, str], ...]) -> str:
    for letter, plain in table:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def search_text(expression: str) -> str:
    """SQL for what an index holds for a text: folded, then the transliterated form
    when it is different (desktop.services.search.search_text in SQL)."""
    plain = _replaced(expression, SEARCH_FOLDS)
    written_out = _replaced(expression, SEARCH_TRANSLITERATIONS)
    return f"({plain} || coalesce(' ' || nullif({written_out}, {plain}), ''))"


def _old_text(expression: str) -> str:
    return _replaced(expression, OLD_FOLDS)


# Persons: an external-content index over a view (0001, decision 0003).

PERSON_NUMBERS = (
    "coalesce({p}.personal_number || ' ' || substr({p}.personal_number, 3) || ' '"
    " || substr({p}.personal_number, 9) || ' ', '') || replace({p}.birth_date, '-', '')"
)


def _person_search(text: Text) -> None:
    def names(p: str) -> str:
        return text(f"{p}.first_name || ' ' || {p}.last_name")

    def values(p: str) -> str:
        return f"{names(p)}, {PERSON_NUMBERS.format(p=p)}"

    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS persons_search_{trigger}")
    op.execute("DROP VIEW IF EXISTS person_search_source")
    op.execute(
        "CREATE VIEW person_search_source AS SELECT rowid AS person_rowid, "
        f"{names('persons')} AS names, {PERSON_NUMBERS.format(p='persons')} AS numbers "
        "FROM persons"
    )
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
    # 'rebuild' empties the index and reads every row of the new view.
    op.execute("INSERT INTO person_search(person_search) VALUES ('rebuild')")


# Employers: the same shape (0004, decision 0012).


def _employer_search(text: Text) -> None:
    def values(e: str) -> str:
        return f"{text(e + '.name')}, coalesce({e}.org_number, '')"

    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS employers_search_{trigger}")
    op.execute("DROP VIEW IF EXISTS employer_search_source")
    op.execute(
        "CREATE VIEW employer_search_source AS SELECT rowid AS employer_rowid, "
        f"{text('employers.name')} AS names, "
        "coalesce(employers.org_number, '') AS numbers FROM employers"
    )
    op.execute(
        "CREATE TRIGGER employers_search_insert AFTER INSERT ON employers BEGIN "
        f"INSERT INTO employer_search(rowid, names, numbers) VALUES (new.rowid, {values('new')}); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER employers_search_delete AFTER DELETE ON employers BEGIN "
        "INSERT INTO employer_search(employer_search, rowid, names, numbers) "
        f"VALUES ('delete', old.rowid, {values('old')}); END"
    )
    op.execute(
        "CREATE TRIGGER employers_search_update AFTER UPDATE OF name, org_number ON employers "
        "BEGIN "
        "INSERT INTO employer_search(employer_search, rowid, names, numbers) "
        f"VALUES ('delete', old.rowid, {values('old')}); "
        f"INSERT INTO employer_search(rowid, names, numbers) VALUES (new.rowid, {values('new')}); "
        "END"
    )
    op.execute("INSERT INTO employer_search(employer_search) VALUES ('rebuild')")


# Recruitment needs: an index with its own copy of the title and the employer's name
# (0007, decision 0015), refilled here.


def _vacancy_search(text: Text) -> None:
    def employer(column: str, need: str) -> str:
        return f"(SELECT {column} FROM employers WHERE employers.id = {need}.employer_id)"

    def names(need: str) -> str:
        employer_name = employer(text("employers.name"), need)
        return f"{text(need + '.title')} || ' ' || coalesce({employer_name}, '')"

    def insert(need: str) -> str:
        numbers = f"coalesce({employer('employers.org_number', need)}, '')"
        return (
            "INSERT INTO vacancy_search(rowid, names, numbers, state) "
            f"VALUES ({need}.rowid, {names(need)}, {numbers}, {need}.status);"
        )

    op.execute("DROP TRIGGER IF EXISTS employers_vacancy_search_update")
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS vacancies_search_{trigger}")
    op.execute(
        "CREATE TRIGGER vacancies_search_insert AFTER INSERT ON vacancies "
        f"BEGIN {insert('new')} END"
    )
    op.execute(
        "CREATE TRIGGER vacancies_search_delete AFTER DELETE ON vacancies BEGIN "
        "DELETE FROM vacancy_search WHERE rowid = old.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER vacancies_search_update AFTER UPDATE OF title, employer_id, status "
        "ON vacancies BEGIN "
        "DELETE FROM vacancy_search WHERE rowid = old.rowid; "
        f"{insert('new')} END"
    )
    title = text("vacancies.title")
    op.execute(
        "CREATE TRIGGER employers_vacancy_search_update AFTER UPDATE OF name, org_number "
        "ON employers BEGIN "
        "UPDATE vacancy_search SET "
        f"names = (SELECT {title} FROM vacancies WHERE vacancies.rowid = vacancy_search.rowid)"
        f" || ' ' || {text('new.name')}, "
        "numbers = coalesce(new.org_number, '') "
        "WHERE rowid IN (SELECT rowid FROM vacancies WHERE employer_id = new.id); END"
    )
    op.execute("DELETE FROM vacancy_search")
    op.execute(
        "INSERT INTO vacancy_search(rowid, names, numbers, state) "
        f"SELECT vacancies.rowid, {names('vacancies')}, "
        f"coalesce({employer('employers.org_number', 'vacancies')}, ''), vacancies.status "
        "FROM vacancies"
    )


def _rebuild(text: Text) -> None:
    # The indexes are SQLite FTS5, with triggers in SQLite's dialect; another database
    # (the shared PostgreSQL server) has its own search and skips this revision's work.
    if not is_sqlite():
        return
    _person_search(text)
    _employer_search(text)
    _vacancy_search(text)


def upgrade() -> None:
    _rebuild(search_text)


def downgrade() -> None:
    _rebuild(_old_text)
