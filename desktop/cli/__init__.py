"""Command line: `matchning [options] [command]`. The GUI is the default command.

Each command group is a module with `register(commands, common)`, which adds its parsers
and sets `run` to the function that carries it out. Headless commands never import Qt.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import Any, NoReturn, Protocol

from desktop import __version__
from desktop.cli import (
    audit,
    backup,
    database,
    documents,
    matching,
    reports,
    retention,
    server,
    sync,
    users,
)
from desktop.cli.common import CliError, database_path
from desktop.services.account_rules import AccountError
from desktop.store.errors import StoreError
from desktop.store.private import owner_only


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matchning",
        description="Matchning – matchningsagentens verktyg. Utan kommando startar programmet. "
        "Kommandon som öppnar databasen tar användare och lösenord från MATCHNING_USER "
        "och MATCHNING_PASSWORD, annars frågar de i terminalen.",
    )
    parser.add_argument("--version", action="version", version=f"Matchning {__version__}")
    parser.add_argument(
        "--db",
        metavar="SÖKVÄG",
        help="databasfil (annars MATCHNING_DB eller standardplatsen i användarens datamapp)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="öppna den separata demo- och övningsdatabasen (skapas vid första användning)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="starta hela programmet, visa första sidan av listan och avsluta (för tester)",
    )
    parser.add_argument(
        "--until-login",
        action="store_true",
        help="starta programmet, visa inloggningsfönstret och avsluta (för mätningar)",
    )
    parser.add_argument(
        "--until-first-page",
        action="store_true",
        help="logga in i inloggningsfönstret som MATCHNING_USER, visa första sidan av "
        "Deltagare, skriv tiden från Enter dit och avsluta (för mätningar)",
    )
    # --db may also follow the command (`matchning init --db x.sqlite`); SUPPRESS keeps a
    # value given before the command when it is not repeated after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="SÖKVÄG", default=argparse.SUPPRESS, help="databasfil")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    commands.add_parser("gui", parents=[common], help="starta det grafiska programmet (standard)")
    for module in _command_modules():
        module.register(commands, common)
    return parser


class CommandGroup(Protocol):
    def register(self, commands: Any, common: argparse.ArgumentParser) -> None: ...


def _command_modules() -> list[CommandGroup]:
    return [database, users, backup, audit, retention, matching, documents, reports, sync, server]


def run() -> NoReturn:
    """The process's entry point (the `matchning` script, `python -m desktop`, the frozen
    app): `main()` on the command line, then the exit."""
    code = main()
    # The process ends here. Python's last collections would walk every Qt type and enum
    # the app touched, 0.13 s at each exit (issue 18); frozen objects are left to the OS.
    # Exit handlers, thread joins and file flushes still run as usual.
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    """`matchning`: the window app, or a command."""
    owner_only()  # every file this process writes: 0600, folders 0700
    args = build_parser().parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        from desktop.app import run_gui

        return run_gui(args, database_path(args))
    try:
        result: int = run(args)
    except (StoreError, CliError, AccountError) as error:
        print(f"matchning: {error}", file=sys.stderr)
        return error.exit_code if isinstance(error, CliError) else 1
    except KeyboardInterrupt:
        print("\nmatchning: avbrutet", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`matchning needs list | head`): not an error of ours.
        # Point stdout at nothing so that flushing it at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return result
