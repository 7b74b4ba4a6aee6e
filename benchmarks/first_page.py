"""From Enter on the password to the first list page shown (issue 18, item 2): each login
in a fresh process, `matchning --until-first-page` (the login window, what comes next
imported as while someone types, then the password and Enter), against the Argon2id
derivation alone in the same process. Target: at most the KDF + 150 ms. With `--program`
the frozen app is measured the same way."""

from __future__ import annotations

import json

from benchmarks.common import Run, emit, login_env, median, run_process

RUNS = 5


def run(run: Run) -> None:
    args = run.app("--until-first-page", "--db", str(run.db))
    env = login_env()
    run_process(args, env)  # the file cache warm; the day's backup made once
    samples = [json.loads(run_process(args, env)[1].splitlines()[-1]) for _ in range(RUNS)]
    value = median([s["first_page"] for s in samples])
    kdf = median([s["kdf"] for s in samples])
    emit(
        "password_to_first_page",
        run,
        value,
        "s",
        kdf,
        target="value <= limit + 0.150 s (the KDF alone, same processes)",
        samples=RUNS,
        over_kdf_ms=round((value - kdf) * 1000, 1),
        **run.variant,
    )
