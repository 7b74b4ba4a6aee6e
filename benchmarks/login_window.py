"""Process start to the login window shown (`matchning --until-login`), against a bare Qt
window shown the same way (benchmarks/bare_qt.py). Nothing is typed: no Argon2id here,
only the imports and widgets before the first window (docs/decisions/0028)."""

from __future__ import annotations

from benchmarks.common import Run, emit, median, offscreen_env, run_process


def run(run: Run) -> None:
    app_args = run.app("--until-login", "--db", str(run.db))
    bare_args = run.bare()
    env = offscreen_env()
    _, said = run_process(app_args, env)  # warm the file cache once, for both
    if "loginDialog shown" not in said:
        raise RuntimeError(f"--until-login did not stop at the login window: {said!r}")
    run_process(bare_args, env)
    app: list[float] = []
    bare: list[float] = []
    for _ in range(run.repeat):
        # Interleaved, so that load on the shared machine hits both alike.
        app.append(run_process(app_args, env)[0])
        bare.append(run_process(bare_args, env)[0])
    ratios = sorted(a / b for a, b in zip(app, bare, strict=True))
    emit(
        "login_window",
        run,
        median(app),
        "s",
        median(bare),
        target="ratio <= 2",
        samples=len(app),
        median_pair_ratio=round(median(ratios), 3),
        **run.variant,
    )
