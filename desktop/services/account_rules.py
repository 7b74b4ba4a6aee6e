"""What the login and first-start windows need before the database is opened: the rules
for a new account's fields, whether a place needs setting up, the demo password, and the
error a form shows.

Kept apart from desktop/services/accounts.py so that the login window is shown without
loading SQLAlchemy, the models or Alembic (docs/decisions/0028-login-window-first.md);
accounts re-exports every name here.
"""

from __future__ import annotations

from pathlib import Path

from desktop.services.actor import AccountError as AccountError  # noqa: PLC0414
from desktop.store.errors import StoreError
from desktop.store.keys import KeyFile, key_file_path, normalise_username

PASSWORD_MIN_LENGTH = 10
# Where the command line (and `matchning --smoke`) finds the user and password.
USER_ENV = "MATCHNING_USER"
PASSWORD_ENV = "MATCHNING_PASSWORD"
# Said while the first login after a program update backs up and upgrades the database.
UPGRADING = (
    "Programmet har uppdaterats, så databasen ställs om till den nya versionen. En "
    "säkerhetskopia görs först. Med en stor databas kan det ta en minut eller två: stäng "
    "inte programmet."
)
# Offered when a new installation is set up: the municipalities of the service.
SETUP_MUNICIPALITIES = [
    ("0127", "Botkyrka"),
    ("0126", "Huddinge"),
    ("0128", "Salem"),
    ("0181", "Södertälje"),
    ("0138", "Tyresö"),
    ("0136", "Haninge"),
    ("0140", "Nykvarn"),
    ("0192", "Nynäshamn"),
]


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password cannot be used, or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Lösenordet måste ha minst {PASSWORD_MIN_LENGTH} tecken."
    if username and normalise_username(password) == normalise_username(username):
        return "Lösenordet får inte vara detsamma som användarnamnet."
    if password != password.strip():
        return "Lösenordet får inte börja eller sluta med mellanslag."
    return None


def username_problem(username: str) -> str | None:
    name = normalise_username(username)
    if not 2 <= len(name) <= 64:
        return "Användarnamnet ska ha 2–64 tecken."
    if not all(c.isalnum() or c in "._-" for c in name):
        return "Användarnamnet får bara innehålla bokstäver, siffror och . _ -"
    return None


def setup_problems(
    *, municipality_code: str, full_name: str, username: str, password: str
) -> dict[str, str]:
    """Field → reason, for every field of the first-start form that stops it, at once."""
    checks = {
        "municipality": None if municipality_code.strip() else "Välj kommunen.",
        "full_name": None if full_name.strip() else "Ange ditt namn.",
        "username": username_problem(username),
        "password": password_problem(password, username),
    }
    return {field: problem for field, problem in checks.items() if problem}


def needs_setup(path: Path) -> bool:
    """A new installation: neither a database file (even an empty one: that is a
    database emptied, never a place to start again) nor a key file."""
    return not path.exists() and not key_file_path(path).exists()


def demo_password(path: Path) -> str | None:
    """The password shown on the demo database's login screen."""
    try:
        return KeyFile.load(key_file_path(path)).demo_password
    except StoreError:
        return None
