"""What encryption costs: the foundation's measurements (a list page, search as you type,
start-up to the first page, peak memory) on the encrypted demo database, each against the
same on an unencrypted copy of the same data as its limit. Target: within 1.3 times.

The copy is generated once with the same scale and seed (cached in benchmarks/.data/).
Start-up is measured in a fresh process from opening the database to the first page in
the list, with the key already unlocked: the app always unlocks through a login, whose
Argon2id cost is slow on purpose and measured on its own in benchmarks/unlock.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks import list_and_search, memory
from benchmarks.common import (
    DATA_DIR,
    PYTHON,
    UI_SETTINGS,
    Run,
    emit,
    key_env,
    key_from_env,
    median,
    offscreen_env,
    percentile,
    run_process,
    unlock,
)
from desktop.services.demo.database import DEMO_ADMIN

TARGET = "ratio <= 1.3"
# In-process measurements alternate between the two files this many times.
ROUNDS = 2


def plain_copy(run: Run) -> Path:
    """The unencrypted twin of the demo database: same scale, seed and administrator."""
    target = DATA_DIR / f"scale-{run.scale}.plain.sqlite"
    if target.exists():
        return target
    import datetime as dt
    import uuid

    from desktop.models import User
    from desktop.services import audit, settings
    from desktop.services.demo import SCALES, generate
    from desktop.store.schema import open_database

    print(f"building the unencrypted twin {target} …", file=sys.stderr)
    partial = DATA_DIR / f"scale-{run.scale}.plain.building.sqlite"
    for leftover in DATA_DIR.glob(partial.name + "*"):
        leftover.unlink()
    with open_database(partial, key=None) as db:
        audit.install(db)
        # What accounts.set_up writes for the demo database, without the key file.
        with db.unit_of_work(screen="installation") as session:
            admin = User(
                id=uuid.uuid4(),
                username=DEMO_ADMIN,
                full_name="Demo Administratör",
                role="administrator",
                municipality_code="0126",
                last_login_at=dt.datetime.now(dt.UTC),
            )
            session.info[audit.ACTOR] = admin.id
            session.add(admin)
            settings.write(session, home_municipality="0126")
        generate(db, SCALES[run.scale], seed=1)
    partial.rename(target)
    for leftover in DATA_DIR.glob(partial.name + "*"):
        leftover.unlink()
    return target


def _startup_ms(path: Path, key: bytes | None) -> float:
    """In a fresh process: milliseconds from opening the database to the first page."""
    _, out = run_process(
        [PYTHON, "-m", "benchmarks.encryption", "startup", str(path)],
        offscreen_env(**key_env(key)),
    )
    return float(out.split()[-1])


def _child_startup(path: Path, key: bytes | None) -> float:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from benchmarks.common import open_as_admin
    from desktop.services.registry import Services
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    app = QApplication([])
    start = time.perf_counter()
    db, actor = open_as_admin(path, key)
    settings = Settings(QSettings(UI_SETTINGS, QSettings.Format.IniFormat))
    window = MainWindow(Services.for_user(db, actor), settings)
    window.navigation.setCurrentRow(1)
    window.show()
    app.processEvents()
    rows = window.persons_view.model.rowCount()
    elapsed = (time.perf_counter() - start) * 1000
    if rows == 0:
        raise RuntimeError("the list is empty")
    window.close()
    db.close()
    return elapsed


def run(run: Run) -> None:
    encrypted = run.db
    key = unlock(encrypted)
    plain = plain_copy(run)
    files = ((encrypted, key), (plain, None))

    pages: dict[Path, list[float]] = {encrypted: [], plain: []}
    keystrokes: dict[Path, list[float]] = {encrypted: [], plain: []}
    prefixes = list_and_search.typed_prefixes(encrypted, key)
    for path, file_key in files:  # warm both files' pages in the OS cache alike
        list_and_search.page_times(path, file_key)
    for _ in range(ROUNDS):
        for path, file_key in files:
            pages[path] += list_and_search.page_times(path, file_key)[0]
            keystrokes[path] += list_and_search.search_times(path, file_key, prefixes)[0]
    for name, samples in (
        ("encrypted_list_page_fetch_p95", pages),
        ("encrypted_search_as_you_type_p95", keystrokes),
    ):
        emit(
            name,
            run,
            percentile(samples[encrypted], 0.95),
            "ms",
            percentile(samples[plain], 0.95),
            target=TARGET,
            samples=len(samples[encrypted]),
            p50=round(percentile(samples[encrypted], 0.5), 3),
            limit_p50=round(percentile(samples[plain], 0.5), 3),
        )

    starts: dict[Path, list[float]] = {encrypted: [], plain: []}
    for path, file_key in files:
        _startup_ms(path, file_key)
    for _ in range(run.repeat):
        for path, file_key in files:
            starts[path].append(_startup_ms(path, file_key))
    emit(
        "encrypted_open_to_first_page",
        run,
        median(starts[encrypted]),
        "ms",
        median(starts[plain]),
        target=TARGET,
        samples=run.repeat,
    )

    rows, encrypted_kb = memory.peak_kb(encrypted, key)
    _, plain_kb = memory.peak_kb(plain, None)
    emit(
        "encrypted_peak_memory_list_scrolled_to_end",
        run,
        encrypted_kb / 1024,
        "MB",
        plain_kb / 1024,
        target=TARGET,
        rows=rows,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["startup"]:
        print(round(_child_startup(Path(sys.argv[2]), key_from_env()), 3))
    else:
        sys.exit("usage: python -m benchmarks.encryption startup DATABASE")
