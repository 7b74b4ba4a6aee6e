"""Search finds names whatever invisible formatting they hold: the person, employer and
need indexes take the characters of Unicode category Cf (a zero-width space, a soft
hyphen, direction marks, the byte order mark, ...) out of each name, as search already
takes them out of what is typed. A name stored before names refused them ("Anders" ZWSP
"son", from an old record or a synchronised row) is found by "Andersson"

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 05:00:00.000000
"""

from __future__ import annotations

from collections.abc import Callable

from alembic import op

from desktop.store.dialect import is_sqlite

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Copied, not imported, from desktop/services/search.py (a migration must not change when
# other code does); tests/store/test_migrations.py checks that they are the same. The
# letters folded and written out, as in 0011 ...
SEARCH_FOLDS = (
    ("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"),
    ("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D"),
)  # fmt: skip
SEARCH_TRANSLITERATIONS = (
    ("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "oe"), ("Ø", "Oe"),
    ("đ", "dj"), ("Đ", "Dj"), ("ð", "dh"), ("Ð", "Dh"),
    ("ß", "ss"), ("ẞ", "SS"), ("æ", "ae"), ("Æ", "Ae"), ("œ", "oe"), ("Œ", "Oe"),
    ("þ", "th"), ("Þ", "Th"), ("ĳ", "ij"), ("Ĳ", "IJ"),
)  # fmt: skip
# ... and, new here, the invisible formatting taken out (first and last of each range).
SEARCH_INVISIBLE = (
    ("\u00ad", "\u00ad"), ("\u0600", "\u0605"), ("\u061c", "\u061c"), ("\u06dd", "\u06dd"),
    ("\u070f", "\u070f"), ("\u0890", "\u0891"), ("\u08e2", "\u08e2"), ("\u180e", "\u180e"),
    ("\u200b", "\u200f"), ("\u202a", "\u202e"), ("\u2060", "\u2064"), ("\u2066", "\u206f"),
    ("\ufeff", "\ufeff"), ("\ufff9", "\ufffb"), ("\U000110bd", "\U000110bd"),
    ("\U000110cd", "\U000110cd"), ("\U00013430", "\U0001343f"), ("\U0001bca0", "\U0001bca3"),
    ("\U0001d173", "\U0001d17a"), ("\U000e0001", "\U000e0001"), ("\U000e0020", "\U000e007f"),
)  # fmt: skip

# SQL for a text -> SQL for what an index holds for it.
Text = Callable[[str], str]


def _replaced(expression: str, table: tuple[tuple[str, str], ...]) -> str:
    for letter, plain in table:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def old_search_text(expression: str) -> str:
    """0011's SQL (still 0013's): folded, then the transliterated form when different."""
    plain = _replaced(expression, SEARCH_FOLDS)
    written_out = _replaced(expression, SEARCH_TRANSLITERATIONS)
    return f"({plain} || coalesce(' ' || nullif({written_out}, {plain}), ''))"


# A GLOB class of them: GLOB compares code points in a [...] class, ranges included.
_INVISIBLE_CLASS = "[{}]".format(
    "".join(first if first == last else f"{first}-{last}" for first, last in SEARCH_INVISIBLE)
)


def _visible(expression: str, *, in_view: bool) -> str:
    """SQL for the text without any character of SEARCH_INVISIBLE. A text without any
    (nearly every one) is looked at once by GLOB and taken as it is; one with some is
    taken apart into its characters and put together again, in order, without them.

    SQLite 3.40 has no series of numbers but a recursive WITH, which a trigger must not
    hold, and json_each, which FTS5 refuses in the view it reads an external-content
    index from (SQLITE_PREPARE_NO_VTAB): a trigger counts with json_each, a view with
    WITH. Both give the same text (tests/services/test_search_invisible.py)."""
    if in_view:
        character = f"substr({expression}, i, 1)"
        kept = f"CASE WHEN {character} GLOB '{_INVISIBLE_CLASS}' THEN '' ELSE {character} END"
        without = (
            "(WITH RECURSIVE kept(i, text) AS (SELECT 1, '' UNION ALL "
            f"SELECT i + 1, text || {kept} FROM kept WHERE i <= length({expression})) "
            "SELECT text FROM kept ORDER BY i DESC LIMIT 1)"
        )
    else:
        character = f"substr({expression}, key + 1, 1)"
        characters = (
            f"json_each('[' || replace(hex(zeroblob(length({expression}))), '00', '0,') || '0]')"
        )
        without = (
            f"(SELECT coalesce(group_concat({character}, ''), '') FROM {characters} "
            f"WHERE key < length({expression}) AND {character} NOT GLOB '{_INVISIBLE_CLASS}')"
        )
    return (
        f"CASE WHEN ({expression}) GLOB '*{_INVISIBLE_CLASS}*' THEN {without} "
        f"ELSE {expression} END"
    )


def search_text(expression: str, *, in_view: bool = False) -> str:
    """SQL for what an index holds for a text: 0011's, of the text without invisible
    formatting (desktop.services.search.search_text in SQL). A subquery names that text
    once: written out three times inside 0011's replace() calls, it would overflow
    SQLite's parser stack (about 30 nested calls on 3.40)."""
    visible = _visible(expression, in_view=in_view)
    return f"(SELECT {old_search_text('s')} FROM (SELECT {visible} AS s))"


def view_search_text(expression: str) -> str:
    return search_text(expression, in_view=True)


# Persons: an external-content index over a view (0001, decision 0003). The triggers and
# views below are 0011's with another text function.

PERSON_NUMBERS = (
    "coalesce({p}.personal_number || ' ' || substr({p}.personal_number, 3) || ' '"
    " || substr({p}.personal_number, 9) || ' ', '') || replace({p}.birth_date, '-', '')"
)


def _person_search(text: Text, view_text: Text) -> None:
    def names(p: str, text: Text = text) -> str:
        return text(f"{p}.first_name || ' ' || {p}.last_name")

    def values(p: str) -> str:
        return f"{names(p)}, {PERSON_NUMBERS.format(p=p)}"

    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS persons_search_{trigger}")
    op.execute("DROP VIEW IF EXISTS person_search_source")
    op.execute(
        "CREATE VIEW person_search_source AS SELECT rowid AS person_rowid, "
        f"{names('persons', view_text)} AS names, {PERSON_NUMBERS.format(p='persons')} AS numbers "
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


def _employer_search(text: Text, view_text: Text) -> None:
    def values(e: str) -> str:
        return f"{text(e + '.name')}, coalesce({e}.org_number, '')"

    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS employers_search_{trigger}")
    op.execute("DROP VIEW IF EXISTS employer_search_source")
    op.execute(
        "CREATE VIEW employer_search_source AS SELECT rowid AS employer_rowid, "
        f"{view_text('employers.name')} AS names, "
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


def _rebuild(text: Text, view_text: Text) -> None:
    # The indexes are SQLite FTS5, with triggers in SQLite's dialect; another database
    # (the shared PostgreSQL server) has its own search and skips this revision's work.
    if not is_sqlite():
        return
    _person_search(text, view_text)
    _employer_search(text, view_text)
    _vacancy_search(text)


def upgrade() -> None:
    _rebuild(search_text, view_search_text)


def downgrade() -> None:
    _rebuild(old_search_text, old_search_text)
