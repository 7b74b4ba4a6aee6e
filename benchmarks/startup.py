"""Process start-up to the first list page shown (`matchning --smoke`), against a bare
Qt window shown the same way."""

from __future__ import annotations

from benchmarks.common import PYTHON, Run, emit, login_env, median, offscreen_env, run_process


def run(run: Run) -> None:
    # The app logs in as the demo administrator: the Argon2id derivation is part of it.
    env = login_env()
    app_args = [PYTHON, "-m", "desktop", "--smoke", "--db", str(run.db)]
    bare_args = [PYTHON, "-m", "benchmarks.bare_qt"]
    run_process(app_args, env)  # warm the file cache once, for both
    run_process(bare_args, offscreen_env())
    app: list[float] = []
    bare: list[float] = []
    for _ in range(run.repeat):
        # Interleaved, so that load on the shared machine hits both alike.
        app.append(run_process(app_args, env)[0])
        bare.append(run_process(bare_args, offscreen_env())[0])
    emit(
        "startup_to_first_page",
        run,
        median(app),
        "s",
        median(bare),
        target="ratio <= 1.5",
        samples=len(app),
    )
