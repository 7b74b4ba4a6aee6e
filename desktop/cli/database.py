"""`init` (create or upgrade a database) and `demo` (create a demo database)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop import swedish
from desktop.cli.common import CliError, ProgressLine, ask, count_up_to, database_path, log_in
from desktop.cli.common import credentials as ask_credentials
from desktop.services.demo.scales import LABELS, MAXIMUM, SCALES, proportional

COUNTS = ("persons", "employers", "contacts", "vacancies", "notes")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    init = commands.add_parser(
        "init",
        parents=[common],
        help="skapa databasen med dess första administratör, eller uppgradera den",
        description="En ny databas krypteras och får en första administratör (användare "
        "och lösenord från MATCHNING_USER och MATCHNING_PASSWORD eller terminalen). En "
        "befintlig databas låses upp och uppgraderas till den här versionen.",
    )
    init.add_argument("--name", help="administratörens namn (ny databas)")
    init.add_argument("--municipality", metavar="KOD", help="kommunkod, t.ex. 0127 (ny databas)")
    init.set_defaults(run=_init)

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="skapa en ny demo- och övningsdatabas med påhittade uppgifter",
        description="Genererar påhittade deltagare, arbetsgivare och ärenden i en ny, "
        "krypterad databas vars lösenord står på inloggningsskärmen. Utan --db skapas "
        "demodatabasen, aldrig den riktiga databasen. Antal som inte anges följer dem "
        "som anges i storlek L:s proportioner: en arbetsgivare per 5 deltagare, 5 "
        "journalanteckningar per deltagare, 10 arbetsgivarkontakter och 2,5 "
        "rekryteringsbehov per arbetsgivare.",
    )
    demo.add_argument(
        "--scale",
        choices=tuple(SCALES),
        default="L",
        help="storlek när varken --persons eller --employers anges (standard L)",
    )
    helps = {
        "persons": ("N", "antal deltagare"),
        "employers": ("M", "antal arbetsgivare"),
        "contacts": ("N", "antal arbetsgivarkontakter"),
        "vacancies": ("N", "antal rekryteringsbehov"),
        "notes": ("N", "antal journalanteckningar"),
    }
    for name in COUNTS:
        metavar, text = helps[name]
        demo.add_argument(
            f"--{name}", type=count_up_to(getattr(MAXIMUM, name)), metavar=metavar, help=text
        )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="slumpfrö (standard 1)")
    demo.set_defaults(run=_demo)


def _init(args: argparse.Namespace) -> int:
    from desktop.services.accounts import AccountError, needs_setup, set_up
    from desktop.store.schema import HEAD_REVISION

    path = database_path(args)
    if not needs_setup(path):
        opened = log_in(args, screen="init")
        opened.db.close()
        print(f"Databasen är klar: {path} (schemaversion {HEAD_REVISION})")
        return 0
    username, password = ask_credentials()
    name = args.name or ask("Ditt namn", env="MATCHNING_NAME")
    municipality = args.municipality or ask("Kommunkod (t.ex. 0127 för Botkyrka)")
    try:
        opened = set_up(
            path,
            municipality_code=municipality,
            full_name=name,
            username=username,
            password=password,
        )
    except AccountError as error:
        raise CliError(str(error), 2) from None
    opened.db.close()
    print(f"Databasen är skapad och krypterad: {path}")
    print(f"Nyckelfilen (behövs för att öppna den): {path}.keys")
    print(f"Administratör: {opened.actor.username}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from desktop.services.accounts import AccountError, needs_setup
    from desktop.services.demo.database import (
        DEMO_PASSWORD,
        create_demo_database,
        demo_logins,
    )

    given = {name: getattr(args, name) for name in COUNTS if getattr(args, name) is not None}
    scale = proportional(**given, base=SCALES[args.scale])
    path = database_path(args)
    if not needs_setup(path):
        raise CliError(
            f"{path} finns redan. Demodata skrivs bara till en ny databas; "
            "ange en ny fil med --db.",
            2,
        )

    planned = ", ".join(f"{swedish.number(getattr(scale, name))} {LABELS[name]}" for name in COUNTS)
    print(f"Skapar {planned} …", file=sys.stderr, flush=True)
    progress = ProgressLine()
    try:
        summary = create_demo_database(path, scale, seed=args.seed, progress=progress)
    except (AccountError, ValueError) as error:
        raise CliError(str(error), 2) from None
    finally:
        progress.close()
    print(f"Demodatabasen är skapad: {path}")
    print(f"{summary}")
    print(f"Logga in som {', '.join(demo_logins(scale.persons))} med lösenordet {DEMO_PASSWORD}")
    return 0
