"""Every migration runs on a database filled at the revision before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desktop.services.demo import DemoScale, generate
from desktop.store.database import Database, make_engine
from desktop.store.keys import new_database_key
from desktop.store.schema import HEAD_REVISION, current_revision, migrations_dir, upgrade

STEPS = [
    (script.down_revision, script.revision)
    for script in ScriptDirectory(str(migrations_dir())).walk_revisions()
    if script.down_revision is not None
]
TABLES = ("persons", "cases", "case_notes", "employers", "employer_contacts", "vacancies", "users")


@pytest.mark.parametrize(("previous", "revision"), STEPS)
def test_upgrade_keeps_the_data_of_the_previous_revision(
    tmp_path: Path, previous: str, revision: str
) -> None:
    path = tmp_path / "gammal.sqlite"
    key = new_database_key()
    engine = make_engine(path, key)
    upgrade(engine, target=str(previous))
    generate(Database(path, engine, None, key), DemoScale(60, 12, 30, 20, 120), seed=3)
    with engine.connect() as connection:
        before = {
            t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES
        }

    upgrade(engine, target=str(revision))

    assert current_revision(engine, path, encrypted=True) == revision
    with engine.connect() as connection:
        after = {
            t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES
        }
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        hits = connection.exec_driver_sql(
            "SELECT count(*) FROM person_search WHERE person_search MATCH 'names : a*'"
        ).scalar()
    engine.dispose()
    assert after == before
    assert hits


def test_the_steps_reach_the_head() -> None:
    assert STEPS[0][1] == HEAD_REVISION
