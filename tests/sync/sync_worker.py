"""Run one sync in a process of its own, for the tests that kill it:
`python -m tests.sync.sync_worker DB USER PASSWORD`. Prints "ready" once logged in."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.services.accounts import log_in
from desktop.services.sync import SyncService


def main() -> int:
    path, username, password = sys.argv[1:4]
    opened = log_in(Path(path), username, password)
    try:
        print("ready", flush=True)
        SyncService(opened.db, opened.actor).sync()
    finally:
        opened.db.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
