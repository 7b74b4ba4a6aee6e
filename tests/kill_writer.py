"""The child process of the kill test (tests/store/test_crash_safety.py): writes until killed.

Run as `python -m tests.kill_writer DATABASE` from the repository root, with the raw
database key in hex in MATCHNING_TEST_KEY and a seed in MATCHNING_TEST_SEED. It opens the
encrypted database as the app does and commits small transactions in a loop. A line with
a person's id is printed only after the commit has returned, so every printed id is a save
the user would have seen succeed. The parent kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

KEY_ENV = "MATCHNING_TEST_KEY"
SEED_ENV = "MATCHNING_TEST_SEED"
READY = "ready"


def main() -> int:
    from desktop.models import CaseNote
    from desktop.services import audit
    from desktop.store.schema import open_database
    from tests.factories import make_person, open_case

    path = Path(sys.argv[1])
    key = bytes.fromhex(os.environ[KEY_ENV])
    seed = int(os.environ[SEED_ENV])
    rng = random.Random(seed)
    db = open_database(path, key=key)
    audit.install(db)
    print(READY, flush=True)
    count = 0
    while True:
        count += 1
        with db.unit_of_work(screen="kill test") as session:
            person = make_person(session, "Kill", f"Writer{seed}x{count}", municipality="0127")
            # Some transactions span many pages (a long note goes to overflow pages), so
            # that a kill also lands in the middle of writing a multi-page commit.
            if rng.random() < 0.3:
                case = open_case(session, person)
                session.add(
                    CaseNote(
                        case_id=case.id,
                        note_date=dt.date(2026, 1, 11),
                        text="x" * rng.randrange(10, 20_000),
                    )
                )
        print(person.id.hex, flush=True)
        # Now and then a checkpoint, so that kills also hit the copy from WAL to database.
        if rng.random() < 0.03:
            with db.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


if __name__ == "__main__":
    sys.exit(main())
