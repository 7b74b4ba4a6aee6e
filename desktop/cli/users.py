"""`user add|list|deactivate|reset-password`: an administrator's user management.

New and reset passwords come from MATCHNING_NEW_PASSWORD, else they are asked for twice
on the terminal; the administrator's own login comes from MATCHNING_USER/PASSWORD.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any
from zoneinfo import ZoneInfo

from desktop.cli.common import CliError, ask, log_in

SCREEN = "kommandorad"
NEW_PASSWORD_ENV = "MATCHNING_NEW_PASSWORD"
LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    user = commands.add_parser(
        "user",
        parents=[common],
        help="hantera användare (administratör)",
        description="Lägg till, lista, inaktivera användare och återställ lösenord. Nya "
        f"lösenord tas från {NEW_PASSWORD_ENV}, annars frågar kommandot två gånger.",
    )
    actions = user.add_subparsers(dest="user_command", metavar="ÅTGÄRD", required=True)
    add = actions.add_parser("add", parents=[common], help="lägg till en användare")
    add.add_argument("username", metavar="ANVÄNDARNAMN")
    add.add_argument("--name", required=True, help="personens namn")
    add.add_argument(
        "--role",
        choices=("handlaggare", "samordnare", "administrator"),
        default="handlaggare",
        help="roll (standard handlaggare)",
    )
    add.add_argument("--municipality", metavar="KOD", help="kommunkod, t.ex. 0127")
    add.set_defaults(run=_add)
    listing = actions.add_parser("list", parents=[common], help="lista användarna")
    listing.set_defaults(run=_list)
    deactivate = actions.add_parser("deactivate", parents=[common], help="inaktivera en användare")
    deactivate.add_argument("username", metavar="ANVÄNDARNAMN")
    deactivate.set_defaults(run=_deactivate)
    reset = actions.add_parser(
        "reset-password",
        parents=[common],
        help="ge en användare ett tillfälligt lösenord (som måste bytas vid inloggning)",
    )
    reset.add_argument("username", metavar="ANVÄNDARNAMN")
    reset.set_defaults(run=_reset)


def _new_password() -> str:
    if value := os.environ.get(NEW_PASSWORD_ENV):
        return value
    first = ask("Nytt lösenord", secret=True)
    if ask("Upprepa lösenordet", secret=True) != first:
        raise CliError("Lösenorden är inte lika.", 2)
    return first


def _service(args: argparse.Namespace) -> tuple[Any, Any]:
    from desktop.services.accounts import AccessDeniedError, AccountService

    opened = log_in(args, screen=SCREEN)
    service = AccountService(opened.db, opened.actor)
    if not opened.actor.is_admin:
        opened.db.close()
        raise CliError(str(AccessDeniedError()), 1)
    return opened, service


def _find(service: Any, username: str) -> Any:
    from desktop.store.keys import normalise_username

    wanted = normalise_username(username)
    for row in service.users():
        if row.username == wanted:
            return row
    raise CliError(f"Det finns ingen användare med användarnamnet {username}.", 2)


def _run(args: argparse.Namespace, action: Any) -> int:
    from desktop.services.accounts import AccountError

    opened, service = _service(args)
    try:
        action(service)
    except AccountError as error:
        raise CliError(str(error), 2) from None
    finally:
        opened.db.close()
    return 0


def _add(args: argparse.Namespace) -> int:
    password = _new_password()

    def add(service: Any) -> None:
        service.add_user(
            username=args.username,
            full_name=args.name,
            role=args.role,
            municipality_code=args.municipality,
            password=password,
            screen=SCREEN,
        )
        print(f"Användaren {args.username} är tillagd och byter lösenord vid första inloggningen.")

    return _run(args, add)


def _list(args: argparse.Namespace) -> int:
    from desktop.services.accounts import ROLE_NAMES

    def show(service: Any) -> None:
        for row in service.users():
            last = (
                row.last_login_at.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")
                if row.last_login_at
                else "aldrig"
            )
            state = "aktiv" if row.active else "inaktiverad"
            flag = ", måste byta lösenord" if row.must_change_password else ""
            print(
                f"{row.username:<20} {row.full_name:<30} {ROLE_NAMES[row.role]:<32} "
                f"{state}{flag}, senast inloggad {last}"
            )
        sys.stdout.flush()

    return _run(args, show)


def _deactivate(args: argparse.Namespace) -> int:
    def deactivate(service: Any) -> None:
        service.set_active(_find(service, args.username).id, False, screen=SCREEN)
        print(f"Användaren {args.username} är inaktiverad och kan inte längre logga in.")

    return _run(args, deactivate)


def _reset(args: argparse.Namespace) -> int:
    password = _new_password()

    def reset(service: Any) -> None:
        service.reset_password(_find(service, args.username).id, password, screen=SCREEN)
        print(
            f"Användaren {args.username} har ett tillfälligt lösenord och byter det vid inloggning."
        )

    return _run(args, reset)
