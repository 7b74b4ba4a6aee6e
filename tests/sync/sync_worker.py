"""Run one sync in a process of its own, for the tests that kill it:
`python -m tests.sync.sync_worker DB USER PASSWORD [--separate-process]`. Prints "ready"
once logged in; with --separate-process it syncs as the app does, in a child process,
and prints "child PID" once that has started."""

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
        if "--separate-process" in sys.argv[4:]:
            from desktop.services.sync import child

            def started(pid: int) -> None:
                print(f"child {pid}", flush=True)

            child.run(opened.db.path, opened.db.key, opened.actor.full_name, _quiet, None,
                      started=started)  # fmt: skip
        else:
            SyncService(opened.db, opened.actor).sync()
    finally:
        opened.db.close()
    print("done", flush=True)
    return 0


def _quiet(phase: str, done: int, total: int | None) -> None:
    return None


if __name__ == "__main__":
    sys.exit(main())
