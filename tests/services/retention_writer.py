"""The child process of the killed-retention test (tests/services/test_retention.py).

Run as `python -m tests.services.retention_writer DATABASE ADMIN_ID TODAY` with the raw
key in hex in MATCHNING_TEST_KEY. It runs retention and prints the progress after each
committed batch; inside its third batch, with the deletes made but not committed, it
prints "inside" and waits to be killed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

INSIDE = "inside"


def main() -> int:
    from desktop.services import audit, retention
    from desktop.services.accounts import Actor
    from desktop.services.retention import run as retention_run
    from desktop.store.schema import open_database

    path = Path(sys.argv[1])
    admin = Actor(uuid.UUID(sys.argv[2]), "admin", "Admin", "administrator")
    today = dt.date.fromisoformat(sys.argv[3])
    db = open_database(path, key=bytes.fromhex(os.environ["MATCHNING_TEST_KEY"]))
    audit.install(db)
    # Set where the run looks them up (desktop/services/retention/run.py).
    retention_run.BATCH = 250  # the test counts in batches of this size
    erase = retention_run._erase
    calls = 0

    def erase_then_wait(*args: Any, **kwargs: Any) -> dict[str, int]:
        nonlocal calls
        counts = erase(*args, **kwargs)
        calls += 1
        if calls == 3:
            print(INSIDE, flush=True)
            time.sleep(600)
        return counts

    retention_run._erase = erase_then_wait

    def report(done: int, total: int) -> None:
        if done:
            print(done, flush=True)

    retention.RetentionService(db, admin).run(progress=report, today=today)
    return 0


if __name__ == "__main__":
    sys.exit(main())
