"""Make the database a migration test starts from: `python -m tests.make_migration_fixture REV`.

Run it for a revision while it is the newest one (so the demo generator writes exactly
its columns), and commit tests/data/migrations/<REV>.sqlite: the next revision's test
then upgrades a database really filled by the one before. The file is plain SQLite with
made-up data; the test encrypts nothing because migrations do not depend on it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desktop.services.demo import DemoScale, generate
from desktop.store.database import Database, make_engine
from desktop.store.schema import upgrade

FIXTURES = Path(__file__).parent / "data" / "migrations"
SCALE = DemoScale(persons=60, employers=12, contacts=30, vacancies=20, notes=120)


def make(revision: str) -> Path:
    path = FIXTURES / f"{revision}.sqlite"
    path.unlink(missing_ok=True)
    engine = make_engine(path)
    upgrade(engine, target=revision)
    generate(Database(path, engine, None), SCALE, seed=3, today=dt.date(2026, 11, 24))
    engine.dispose()  # the last connection to close folds the WAL into the file
    return path


if __name__ == "__main__":
    print(make(sys.argv[1]))
