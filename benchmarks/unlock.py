"""Unlocking the database: the key file read, the password stretched with the production
Argon2id costs, the key unwrapped and the database opened, against the bare Argon2id
derivation with the same costs (the part that is slow on purpose)."""

from __future__ import annotations

import dataclasses

from benchmarks.common import Run, emit, interleaved, kdf_alone, median
from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD

RUNS = 10
# OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 passes, 1 lane.
OWASP_MINIMUM = {"memory_kib": 19 * 1024, "time_cost": 2, "parallelism": 1}


def run(run: Run) -> None:
    from desktop.store.keys import DEFAULT_KDF, KeyFile, key_file_path
    from desktop.store.schema import open_database

    keys = KeyFile.load(key_file_path(run.db))
    params = keys.users[DEMO_ADMIN].kdf
    if params != DEFAULT_KDF:
        raise RuntimeError(f"the demo key file has {params}, not the production {DEFAULT_KDF}")

    def unlock() -> None:
        key = KeyFile.load(key_file_path(run.db)).unlock(DEMO_ADMIN, DEMO_PASSWORD)
        open_database(run.db, key=key).close()

    app, bare = interleaved(unlock, kdf_alone(run.db), RUNS)
    emit(
        "unlock_p50",
        run,
        median(app) / 1000,
        "s",
        median(bare) / 1000,
        target="value <= 1 s, with Argon2id at or above OWASP's minimum",
        samples=RUNS,
        argon2id=dataclasses.asdict(params),
        owasp_minimum=OWASP_MINIMUM,
        meets_owasp=all(getattr(params, k) >= v for k, v in OWASP_MINIMUM.items()),
        max=round(max(app) / 1000, 4),
    )
