"""`retention preview` and `retention run`: retention (gallring) by the rules an
administrator has set (docs/retention.md). Both need an administrator's login."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import CliError, log_in

SCREEN = "kommandorad"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    retention = commands.add_parser(
        "retention",
        parents=[common],
        help="gallring: förhandsgranska eller gallra enligt reglerna (administratör)",
        description="Gallrar avslutade ärenden, personer utan ärende kvar, gamla utkast "
        "till inskrivningar och gamla loggposter enligt reglerna i inställningarna "
        "(se docs/retention.md).",
    )
    actions = retention.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    preview = actions.add_parser(
        "preview",
        parents=[common],
        help="visa vad en gallring skulle radera, utan att radera något",
    )
    preview.add_argument(
        "--list", action="store_true", help="lista också posterna (ärenden, personer, utkast)"
    )
    preview.set_defaults(run=_preview)
    run = actions.add_parser(
        "run",
        parents=[common],
        help="gallra nu: raderar på riktigt och packar databasfilen",
        description="Raderar det som förhandsgranskningen visar, i omgångar; avbryts "
        "körningen kan den köras igen. Databasfilen packas sedan så att de raderade "
        "uppgifterna inte finns kvar i filen, och säkerhetskopior äldre än regeln för "
        "ärenden tas bort.",
    )
    run.add_argument(
        "--yes", action="store_true", help="bekräfta att det som förhandsgranskas ska raderas"
    )
    run.set_defaults(run=_run)


def _counts_lines(counts: dict[str, int]) -> list[str]:
    from desktop.services.retention import RULE_NAMES

    return [f"{RULE_NAMES[rule]}: {count}" for rule, count in counts.items()]


def _preview(args: argparse.Namespace) -> int:
    from desktop.services.retention import PART_NAMES, RetentionService

    opened = log_in(args, screen=SCREEN)
    try:
        preview = RetentionService(opened.db, opened.actor).preview()
    finally:
        opened.db.close()
    cut = preview.cutoffs
    print(f"Gallring per {cut.today.isoformat()}:")
    print(f"  ärenden avslutade före {cut.cases.isoformat()} ({cut.case_months} månader)")
    print(f"  utkast sparade senast {cut.drafts.date().isoformat()} ({cut.draft_days} dagar)")
    print(f"  loggposter före {cut.audit.date().isoformat()} ({cut.audit_months} månader)")
    for line in _counts_lines(preview.counts):
        print(line)
    parts = [f"{PART_NAMES[t]} {n}" for t, n in preview.parts.items() if n]
    if parts:
        print("Med dem: " + ", ".join(parts))
    print(f"Säkerhetskopior som tas bort: {len(preview.backups)}")
    if args.list:
        for case in preview.cases:
            print(
                f"ärende {case.id} kommun {case.municipality_code} öppnat "
                f"{case.opened_on.isoformat()} avslutat {case.closed_on.isoformat()} "
                f"utfall {case.outcome or '-'}"
            )
        for person in preview.persons:
            print(
                f"person {person.id} född {person.birth_year} kommun "
                f"{person.municipality_code or '-'} ärenden {person.cases}"
            )
        for draft in preview.drafts:
            print(f"utkast {draft.id} påbörjat {draft.started_on} sparat {draft.saved_on}")
        for backup in preview.backups:
            print(f"säkerhetskopia {backup.path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from desktop.services.retention import RetentionService

    if not args.yes:
        raise CliError(
            "Gallringen raderar på riktigt. Se först vad som raderas med "
            "'matchning retention preview' och kör sedan 'matchning retention run --yes'.",
            2,
        )
    opened = log_in(args, screen=SCREEN)
    try:
        result = RetentionService(opened.db, opened.actor).run()
    finally:
        opened.db.close()
    print("Gallringen är klar." if not result.cancelled else "Gallringen avbröts.")
    for line in _counts_lines(result.counts):
        print(line)
    print(f"Säkerhetskopior borttagna: {len(result.backups_removed)}")
    if not result.wal_truncated:
        print("Loggfilen (WAL) kunde inte tömmas nu; den töms nästa gång databasen stängs.")
    return 0
