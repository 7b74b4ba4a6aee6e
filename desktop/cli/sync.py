"""`sync`: connect this laptop to the municipalities' server, synchronise, show the state
and the conflicts (docs/sync.md). The server password is asked for once, at `connect`,
and kept in the encrypted database."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop.cli.common import CliError, ask, log_in

SCREEN = "kommandorad"
SERVER_PASSWORD_ENV = "MATCHNING_SERVER_PASSWORD"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser(
        "sync",
        parents=[common],
        help="synkronisera med kommunernas server (utan åtgärd: synkronisera nu)",
        description="Skickar det som ändrats på datorn till servern och hämtar det som "
        "ändrats där. Utan åtgärd synkroniseras nu. Se docs/sync.md.",
    )
    sync.set_defaults(run=_run)
    actions = sync.add_subparsers(dest="action", metavar="ÅTGÄRD")
    connect = actions.add_parser(
        "connect",
        parents=[common],
        help="anslut datorn till servern med din egen serverinloggning",
        description="Serverlösenordet tas från MATCHNING_SERVER_PASSWORD eller frågas "
        "efter, och sparas bara i den krypterade databasen.",
    )
    connect.add_argument(
        "--url",
        required=True,
        help="postgresql://värd/databas?sslmode=verify-full&sslrootcert=ca.pem",
    )
    connect.add_argument("--login", required=True, help="din inloggning på servern")
    connect.set_defaults(run=_connect)
    actions.add_parser("now", parents=[common], help="synkronisera nu").set_defaults(run=_run)
    status = actions.add_parser("status", parents=[common], help="visa anslutning och läge")
    status.add_argument("--json", action="store_true", help="skriv ut som JSON")
    status.set_defaults(run=_status)
    conflicts = actions.add_parser(
        "conflicts", parents=[common], help="lista konflikter som väntar på ett val"
    )
    conflicts.add_argument("--json", action="store_true", help="skriv ut som JSON")
    conflicts.set_defaults(run=_conflicts)
    actions.add_parser(
        "disconnect", parents=[common], help="sluta synkronisera (det som finns här stannar)"
    ).set_defaults(run=_disconnect)


def _service(args: argparse.Namespace) -> Any:
    from desktop.services.sync import SyncService

    opened = log_in(args, screen=SCREEN)
    return opened, SyncService(opened.db, opened.actor)


def _connect(args: argparse.Namespace) -> int:
    from desktop.services.sync import SyncError, check_url

    try:
        check_url(args.url)
    except SyncError as error:
        raise CliError(str(error), 2) from None
    password = ask("Serverlösenord", secret=True, env=SERVER_PASSWORD_ENV)
    opened, service = _service(args)
    try:
        service.connect(args.url, args.login, password)
        print("Datorn är ansluten. Första synkroniseringen körs nu.")
        report = service.sync(progress=_progress)
    except SyncError as error:
        raise CliError(str(error)) from None
    finally:
        opened.db.close()
    _print_report(report)
    return 0


def _run(args: argparse.Namespace) -> int:
    from desktop.services.sync import SyncError

    opened, service = _service(args)
    try:
        report = service.sync(progress=_progress)
    except SyncError as error:
        raise CliError(str(error)) from None
    finally:
        opened.db.close()
    _print_report(report)
    return 0


def _progress(phase: str, done: int, total: int | None) -> None:
    if sys.stderr.isatty():
        shown = f"{done}/{total}" if total else str(done)
        print(f"\r{phase}: {shown} rader", end="", file=sys.stderr, flush=True)


def _print_report(report: Any) -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Skickade {report.pushed} rader och {report.audit_events} loggposter, "
        f"hämtade {report.pulled}, raderade {report.deleted}."
    )
    if report.conflicts:
        print(f"{report.conflicts} konflikter väntar på ett val: matchning sync conflicts")
    if report.refused:
        print(f"{report.refused} ändringar godtogs inte av servern och väntar kvar här.")


def _status(args: argparse.Namespace) -> int:
    opened, service = _service(args)
    try:
        status = service.status()
    finally:
        opened.db.close()
    if args.json:
        print(
            json.dumps(
                {
                    "connected": status.connected,
                    "server": status.server,
                    "last_sync_at": status.last_sync_at.isoformat()
                    if status.last_sync_at
                    else None,
                    "waiting": status.waiting,
                    "conflicts": status.conflicts,
                    "last_error": status.last_error,
                },
                ensure_ascii=False,
            )
        )
        return 0
    if not status.connected:
        print("Inte ansluten till någon server.")
        return 0
    from desktop.clock import STOCKHOLM

    when = (
        f"{status.last_sync_at.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}"
        if status.last_sync_at
        else "aldrig"
    )
    print(f"Server: {status.server}")
    print(f"Senast synkroniserad: {when}")
    print(f"Ändringar som väntar: {status.waiting}")
    print(f"Konflikter: {status.conflicts}")
    if status.last_error:
        print(f"Senaste fel: {status.last_error}")
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    opened, service = _service(args)
    try:
        found = service.conflicts()
    finally:
        opened.db.close()
    rows = [
        {
            "id": str(c.id),
            "table": c.table_name,
            "row_id": str(c.row_id),
            "field": c.field,
            "mine": str(c.local_value),
            "server": str(c.server_value),
            "server_by": c.server_by,
        }
        for c in found
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("Inga konflikter.")
    for row in rows:
        print(
            f"{row['table']} {row['row_id']} {row['field']}: här {row['mine']!r}, "
            f"på servern {row['server']!r} ({row['server_by'] or 'okänd'})"
        )
    return 0


def _disconnect(args: argparse.Namespace) -> int:
    opened, service = _service(args)
    try:
        service.disconnect()
    finally:
        opened.db.close()
    print("Datorn synkroniserar inte längre. Det som finns här är kvar.")
    return 0
