"""`backup [SÖKVÄG]` and `restore SÖKVÄG`: encrypted copies of the database, and putting
one back. Both need an administrator's login."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import CliError, log_in

SCREEN = "kommandorad"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="gör en krypterad säkerhetskopia av databasen (administratör)",
        description="Kopierar databasen medan den används, krypterad med samma nyckel, "
        "tillsammans med en kopia av nyckelfilen (SÖKVÄG.keys). Utan SÖKVÄG hamnar kopian "
        "i mappen backups bredvid databasen; är SÖKVÄG en mapp hamnar den där. En "
        "befintlig fil skrivs aldrig över.",
    )
    backup.add_argument("path", nargs="?", metavar="SÖKVÄG", help="ny fil eller befintlig mapp")
    backup.set_defaults(run=_backup)

    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="lägg tillbaka en säkerhetskopia (administratör)",
        description="Kontrollerar säkerhetskopian (att den hör till den här databasen och "
        "är hel), sparar databasen som den är nu i mappen backups och ersätter sedan "
        "innehållet med kopians. En kopia som inte klarar kontrollen lämnar allt orört. "
        "Inget annat Matchning-fönster får ha databasen öppen.",
    )
    restore.add_argument("path", metavar="SÖKVÄG", help="säkerhetskopian att lägga tillbaka")
    restore.set_defaults(run=_restore)


def _backup_target(text: str | None) -> Path | None:
    if text is None:
        return None
    path = Path(text).expanduser().resolve()
    if path.is_dir():
        return path  # the name is chosen below, once the database is known
    if path.exists():
        raise CliError(f"{path} finns redan och skrivs inte över. Ange en ny fil eller en mapp.", 2)
    if not path.parent.is_dir():
        raise CliError(f"Mappen {path.parent} finns inte.", 2)
    return path


def _backup(args: argparse.Namespace) -> int:
    from desktop.services.backups import BackupService
    from desktop.store.backup import MANUAL, backup_name

    target = _backup_target(args.path)
    opened = log_in(args, screen=SCREEN)
    try:
        if target is not None and target.is_dir():
            target = target / backup_name(opened.db.path, MANUAL).name
        path = BackupService(opened.db, opened.actor).backup_now(target, screen=SCREEN)
    finally:
        opened.db.close()
    print(f"Säkerhetskopian är sparad: {path}")
    print(f"Nyckelfilen till den: {path}.keys")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from desktop.services.backups import BackupService

    source = Path(args.path).expanduser().resolve()
    if not source.is_file():
        raise CliError(f"Säkerhetskopian {source} finns inte.", 2)
    opened = log_in(args, screen=SCREEN)
    try:
        restored = BackupService(opened.db, opened.actor).restore(source, screen=SCREEN)
    finally:
        opened.db.close()
    print(f"Databasen {opened.db.path} är återställd från {restored.source}.")
    print(f"Databasen som den var före återställningen finns i {restored.safety_backup}")
    return 0
