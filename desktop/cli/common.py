"""What the headless commands share: where the database is, and who is running them."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.location import resolve_database_path

if TYPE_CHECKING:
    from desktop.services.accounts import Opened

USER_ENV = "MATCHNING_USER"
PASSWORD_ENV = "MATCHNING_PASSWORD"


class CliError(Exception):
    """A message for stderr and an exit code (2: bad usage or input, 1: failure)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett heltal: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"måste vara minst 1: {value}")
    return value


def database_path(args: argparse.Namespace) -> Path:
    # `demo` writes generated people: without an explicit --db it goes to the demo file.
    demo = bool(getattr(args, "demo", False)) or getattr(args, "command", None) == "demo"
    return resolve_database_path(getattr(args, "db", None), demo=demo)


def ask(prompt: str, *, secret: bool = False, env: str | None = None) -> str:
    """A value from the environment, else from the terminal; never echoes secrets."""
    if env and (value := os.environ.get(env)):
        return value
    if not sys.stdin.isatty():
        hint = f" (eller sätt {env})" if env else ""
        raise CliError(f"{prompt} behövs men ingen terminal finns att fråga i{hint}.", 2)
    value = getpass.getpass(f"{prompt}: ") if secret else input(f"{prompt}: ")
    return value.strip() if not secret else value


def credentials() -> tuple[str, str]:
    username = ask("Användarnamn", env=USER_ENV)
    password = ask("Lösenord", secret=True, env=PASSWORD_ENV)
    return username, password


def log_in(args: argparse.Namespace, *, screen: str) -> Opened:
    """Open the database as the user from MATCHNING_USER/PASSWORD or the terminal."""
    from desktop.services.accounts import log_in as unlock

    path = database_path(args)
    username, password = credentials()
    return unlock(path, username, password, screen=screen)
