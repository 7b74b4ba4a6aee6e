"""`server`: what municipal IT runs against the shared PostgreSQL server (docs/server.md):
create and upgrade its schema, give users their own logins, cut one off, and check the
audit chains the laptops pushed. The administrator's password comes from PGPASSWORD or
~/.pgpass, never from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import CliError

URL_HELP = "postgresql://administratör@värd/databas (lösenord i PGPASSWORD eller ~/.pgpass)"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    server = commands.add_parser(
        "server",
        help="kommunernas gemensamma server (IT): schema, inloggningar, logg",
        description="Kommandon för den som sköter servern. Se docs/server.md.",
    )
    actions = server.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    init = actions.add_parser("init", help="skapa Matchnings schema i en tom databas")
    init.add_argument("--url", required=True, help=URL_HELP)
    init.set_defaults(run=_init)
    upgrade = actions.add_parser("upgrade", help="uppgradera schemat till programmets version")
    upgrade.add_argument("--url", required=True, help=URL_HELP)
    upgrade.set_defaults(run=_upgrade)

    user = actions.add_parser("user", help="användarnas inloggningar på servern")
    user_actions = user.add_subparsers(dest="user_action", metavar="ÅTGÄRD", required=True)
    add = user_actions.add_parser(
        "add", help="ge en användare en egen inloggning (lösenordet skrivs ut en gång)"
    )
    add.add_argument("--url", required=True, help=URL_HELP)
    add.add_argument("--username", required=True, help="användarnamnet (blir inloggningen)")
    add.add_argument("--name", required=True, help="för- och efternamn")
    add.add_argument("--municipality", required=True, help="kommunkod, t.ex. 0126")
    add.add_argument(
        "--role",
        default="handlaggare",
        choices=("handlaggare", "samordnare", "administrator"),
        help="roll (standard: handlaggare)",
    )
    add.set_defaults(run=_user_add)
    deactivate = user_actions.add_parser(
        "deactivate", help="stäng av en användare (t.ex. en förlorad dator) direkt"
    )
    deactivate.add_argument("--url", required=True, help=URL_HELP)
    deactivate.add_argument("--username", required=True)
    deactivate.set_defaults(run=_user_deactivate)

    audit = actions.add_parser("audit-verify", help="kontrollera loggkedjorna från datorerna")
    audit.add_argument("--url", required=True, help=URL_HELP)
    audit.set_defaults(run=_audit_verify)


def _init(args: argparse.Namespace) -> int:
    from desktop.store.server import migrate_server, server_engine, server_revision

    engine = server_engine(args.url)
    try:
        revision = _reach(lambda: server_revision(engine))
    finally:
        engine.dispose()
    if revision is not None:
        raise CliError(
            f"Databasen har redan Matchnings schema (version {revision}). "
            "Använd matchning server upgrade.",
            2,
        )
    _, after = migrate_server(args.url)
    print(f"Schemat är skapat (version {after}), med rollen matchning_agent och reglerna för ")
    print("vem som ser vad. Ge användarna inloggningar med: matchning server user add")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from desktop.store.server import migrate_server, server_engine, server_revision

    engine = server_engine(args.url)
    try:
        revision = _reach(lambda: server_revision(engine))
    finally:
        engine.dispose()
    if revision is None:
        raise CliError("Databasen har inget schema ännu. Använd matchning server init.", 2)
    before, after = migrate_server(args.url)
    if before == after:
        print(f"Schemat är redan aktuellt (version {after}).")
    else:
        print(f"Schemat är uppgraderat från version {before} till {after}.")
    return 0


def _user_add(args: argparse.Namespace) -> int:
    from desktop.services.sync import central

    engine = central.admin_engine(args.url)
    try:
        new = _reach(
            lambda: central.add_user(
                engine,
                username=args.username,
                full_name=args.name,
                municipality=args.municipality,
                role=args.role,
            )
        )
    except central.CentralError as error:
        raise CliError(str(error), 2) from None
    finally:
        engine.dispose()
    print(f"Inloggning: {new.login}")
    print(f"Lösenord:   {new.password}")
    print("Lösenordet visas bara nu. Användaren anger det en gång på sin dator")
    print("(Administration → Server, eller matchning sync connect).")
    return 0


def _user_deactivate(args: argparse.Namespace) -> int:
    from desktop.services.sync import central

    engine = central.admin_engine(args.url)
    try:
        _reach(lambda: central.deactivate_user(engine, args.username))
    except central.CentralError as error:
        raise CliError(str(error), 2) from None
    finally:
        engine.dispose()
    print(f"{args.username} är avstängd: inloggningen fungerar inte längre och öppna")
    print("anslutningar är stängda. Datorerna får veta det vid nästa synkronisering.")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from desktop.services.sync import central

    engine = central.admin_engine(args.url)
    try:
        checks = _reach(lambda: central.verify_audit(engine))
    finally:
        engine.dispose()
    broken = 0
    for check in checks:
        state = "hel" if check.broken_at is None else f"bruten vid händelse {check.broken_at}"
        print(f"Dator {check.laptop_id}: {check.events} händelser, kedjan {state}")
        broken += check.broken_at is not None
    if not checks:
        print("Inga loggposter har skickats till servern ännu.")
    return 1 if broken else 0


def _reach(action: Any) -> Any:
    """Run `action`; a server that cannot be reached is one Swedish line, not a traceback."""
    from sqlalchemy.exc import OperationalError

    try:
        return action()
    except OperationalError as error:
        detail = str(getattr(error, "orig", error)).lower()
        if "password" in detail or "authentication" in detail:
            reason = "inloggningen godtogs inte (användare eller lösenord i PGPASSWORD/~/.pgpass)"
        else:
            reason = "servern kan inte nås (adress, port, nätverk)"
        raise CliError(f"Det gick inte att ansluta till databasservern: {reason}.") from None
