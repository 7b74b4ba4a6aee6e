"""Command line: `matchning [options] [command]`. The GUI is the default command.

Headless commands never import Qt, so they start fast and run on a server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from desktop import __version__
from desktop.store.errors import StoreError
from desktop.store.location import resolve_database_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matchning",
        description="Matchning – matchningsagentens verktyg. Utan kommando startar programmet.",
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
    # --db may also follow the command (`matchning init --db x.sqlite`); SUPPRESS keeps a
    # value given before the command when it is not repeated after it.
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--db", metavar="SÖKVÄG", default=argparse.SUPPRESS, help="databasfil")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    commands.add_parser("gui", parents=[database], help="starta det grafiska programmet (standard)")
    commands.add_parser(
        "init",
        parents=[database],
        help="skapa databasen eller uppgradera den till aktuell version",
    )
    demo = commands.add_parser(
        "demo",
        parents=[database],
        help="fyll en databas med genererade demo- och övningsdata",
        description="Genererar påhittade deltagare, arbetsgivare och ärenden. Utan --db "
        "skrivs de till demodatabasen, aldrig till den riktiga databasen.",
    )
    demo.add_argument("--scale", choices=("S", "M", "L"), default="L", help="storlek (standard L)")
    demo.add_argument("--persons", type=_positive, metavar="N", help="antal deltagare")
    demo.add_argument("--employers", type=_positive, metavar="M", help="antal arbetsgivare")
    demo.add_argument("--contacts", type=_positive, help="antal arbetsgivarkontakter")
    demo.add_argument("--vacancies", type=_positive, help="antal rekryteringsbehov")
    demo.add_argument("--notes", type=_positive, help="antal journalanteckningar")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="slumpfrö (standard 1)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett heltal: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"måste vara minst 1: {value}")
    return value


def database_path(args: argparse.Namespace) -> Path:
    # `demo` writes generated people: without an explicit --db it goes to the demo file.
    demo = bool(args.demo) or args.command == "demo"
    return resolve_database_path(args.db, demo=demo)


def _init(args: argparse.Namespace) -> int:
    from desktop.store.schema import open_database

    path = database_path(args)
    with open_database(path):
        pass
    print(f"Databasen är klar: {path}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desktop.services.demo import SCALES, generate
    from desktop.store.schema import open_database

    scale = SCALES[args.scale]
    overrides = {
        name: getattr(args, name)
        for name in ("persons", "employers", "contacts", "vacancies", "notes")
        if getattr(args, name) is not None
    }
    scale = replace(scale, **overrides)
    path = database_path(args)

    def progress(step: str, fraction: float) -> None:
        print(f"\r{step}: {fraction:4.0%}", end="", file=sys.stderr, flush=True)

    with open_database(path) as db:
        try:
            summary = generate(db, scale, seed=args.seed, progress=progress)
        except ValueError as error:
            print(file=sys.stderr)
            print(f"matchning demo: {error}", file=sys.stderr)
            return 2
    print(file=sys.stderr)
    print(f"Demodata skrivna till {path}: {summary}")
    return 0


HEADLESS: dict[str, Callable[[argparse.Namespace], int]] = {"init": _init, "demo": _demo}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = HEADLESS.get(args.command or "gui")
    if command is None:
        from desktop.app import run_gui

        return run_gui(args)
    try:
        return command(args)
    except StoreError as error:
        print(f"matchning: {error}", file=sys.stderr)
        return 1
