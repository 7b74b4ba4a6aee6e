"""python -m benchmarks [--scale S|M|L] [--only a,b] [--db PATH] [--repeat N] [--program APP]

Builds (once) or reuses a demo database at the scale, runs the benchmarks and prints one
JSON object per line: name, scale, value, unit, limit (measured in the same run on the
same data) and ratio.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import (
    audit,
    cases,
    document_extract,
    employers,
    encryption,
    first_page,
    letters,
    list_and_search,
    login_window,
    matching,
    memory,
    overview,
    reports,
    retention,
    screens,
    startup,
    sync,
    unlock,
)
from benchmarks.common import DATA_DIR, PYTHON, Run
from desktop.store.keys import key_file_path

BENCHMARKS: dict[str, Callable[[Run], None]] = {
    "startup": startup.run,
    "login_window": login_window.run,
    "list": list_and_search.list_page,
    "search": list_and_search.search,
    "memory": memory.run,
    "unlock": unlock.run,
    "login": audit.login,
    "password_to_first_page": first_page.run,
    "audit_verify": audit.audit_verify,
    "encryption": encryption.run,
    "person_open": cases.person_open,
    "intake_save": cases.intake_save,
    "employer_search": employers.employer_search,
    "employer_suggest": employers.employer_suggest,
    "employer_list": employers.employer_list,
    "employer_open": employers.employer_open,
    "employer_log_contact": employers.employer_log_contact,
    "needs_list": employers.needs_list,
    "contact_dialog": employers.contact_dialog,
    "screens": screens.screens,
    "match_need": matching.match_need,
    "match_person": matching.match_person,
    "matching_screen": matching.matching_screen,
    "referral_status": matching.referral_status,
    "document_extract": document_extract.document_extract,
    "letter_one": letters.letter_one,
    "letter_batch": letters.letter_batch,
    "retention_preview": retention.retention_preview,
    "retention_run": retention.retention_run,
    "overview": overview.overview,
    "report_year": reports.report_year,
    "report_esf": reports.report_esf,
    "sync_day": sync.sync_day,
    "sync_first": sync.sync_first,
    "sync_background": sync.sync_background,
}


def _ensure_database(scale: str, path: Path | None) -> Path:
    if path is not None:
        return path
    target = DATA_DIR / f"scale-{scale}.sqlite"
    if target.exists() and not key_file_path(target).exists():
        # Built before the database was encrypted: the app can no longer open it.
        print(f"replacing unencrypted {target} …", file=sys.stderr)
        for old in DATA_DIR.glob(target.name + "*"):
            old.unlink()
    if not target.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        print(f"building scale {scale} data set in {target} …", file=sys.stderr)
        partial = target.with_suffix(".building.sqlite")
        for leftover in DATA_DIR.glob(partial.name + "*"):
            leftover.unlink()
        subprocess.run(
            [
                PYTHON,
                "-m",
                "desktop",
                "--db",
                str(partial),
                "demo",
                "--scale",
                scale,
                "--seed",
                "1",
            ],
            check=True,
        )
        key_file_path(partial).rename(key_file_path(target))
        partial.rename(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", choices=("S", "M", "L"), default="L")
    parser.add_argument("--only", help="comma-separated: " + ",".join(BENCHMARKS))
    parser.add_argument("--db", type=Path, help="use this database instead of building one")
    parser.add_argument("--repeat", type=int, default=5, help="process runs per figure")
    parser.add_argument(
        "--program",
        type=Path,
        help="the frozen app (dist/matchning/matchning) for startup and login_window",
    )
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    program = args.program.resolve() if args.program else None
    run = Run(args.scale, _ensure_database(args.scale, args.db), args.repeat, program)
    if len(names) == 1:
        BENCHMARKS[names[0]](run)
        return 0
    # Each in a process of its own: windows and event filters one benchmark leaves in
    # the Qt application would slow the screens the next one measures.
    for name in names:
        subprocess.run(
            [PYTHON, "-m", "benchmarks", "--scale", run.scale, "--db", str(run.db),
             "--repeat", str(run.repeat), "--only", name,
             *(["--program", str(program)] if program else [])],
            check=True,
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
