"""Process start-up to the first list page shown (`matchning --smoke`, the password from
the environment so no typing hides the imports), against a bare Qt window shown the same
way and the Argon2id derivation alone (issue 18, item 3).

The limit is what start-up may cost: twice the bare window, the KDF, and 300 ms for
reading the first page; the ratio is the app's time over that, so the target is ≤ 1.
"""

from __future__ import annotations

from benchmarks.common import (
    Run,
    emit,
    kdf_alone,
    login_env,
    median,
    offscreen_env,
    run_process,
    timed,
)

ALLOWANCE = 0.300


def run(run: Run) -> None:
    env = login_env()
    derive = kdf_alone(run.db)
    app_args = run.app("--smoke", "--db", str(run.db))
    bare_args = run.bare()
    _, said = run_process(app_args, env)  # warm the file cache once, for both
    if "smoke ok" not in said:
        raise RuntimeError(f"--smoke did not show the first page: {said!r}")
    run_process(bare_args, offscreen_env())
    app: list[float] = []
    bare: list[float] = []
    kdf: list[float] = []
    for _ in range(run.repeat):
        # Interleaved, so that load on the shared machine hits all three alike.
        app.append(run_process(app_args, env)[0])
        bare.append(run_process(bare_args, offscreen_env())[0])
        kdf.append(timed(derive) / 1000)
    limits = [2 * b + k + ALLOWANCE for b, k in zip(bare, kdf, strict=True)]
    pair_ratios = sorted(a / lim for a, lim in zip(app, limits, strict=True))
    emit(
        "startup_to_first_page",
        run,
        median(app),
        "s",
        2 * median(bare) + median(kdf) + ALLOWANCE,
        target="ratio <= 1 (limit: 2 × the bare window + the KDF alone + 300 ms)",
        samples=len(app),
        bare_window=round(median(bare), 4),
        kdf=round(median(kdf), 4),
        median_triple_ratio=round(median(pair_ratios), 3),
        **run.variant,
    )
