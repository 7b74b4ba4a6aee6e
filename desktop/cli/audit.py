"""`audit verify` (check the log's hash chain) and `audit export` (the log to CSV or XLSX).

Both are for administrators; both log in like every command, so the login itself is
the newest event that `verify` checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import CliError, log_in

if TYPE_CHECKING:
    from desktop.services.audit import Head

SCREEN = "kommandorad"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    audit = commands.add_parser(
        "audit",
        help="kontrollera eller exportera loggen över vem som läst och ändrat vad "
        "(administratörer)",
        description="Loggen (vem som läst, ändrat, skrivit ut eller exporterat vad) kan "
        "bara kontrolleras och exporteras av en administratör.",
    )
    actions = audit.add_subparsers(dest="audit_command", metavar="KOMMANDO", required=True)

    verify = actions.add_parser(
        "verify",
        parents=[common],
        help="kontrollera att loggen är obruten",
        description="Går igenom loggens hashkedja från första händelsen och visar den "
        "första händelse som har ändrats, tagits bort eller lagts till utanför programmet. "
        "Kontrollerar också att loggen fortsätter den position som antecknas bredvid "
        "databasen (vid utloggning, skärmlås och säkerhetskopiering) och den senaste "
        "händelsen i varje sparad säkerhetskopia: så syns det om händelser i slutet har "
        "tagits bort eller om loggen har skrivits om.",
    )
    verify.add_argument(
        "--head",
        type=_head,
        metavar="NR:HASH",
        help="en händelse du själv har antecknat, som ska finnas kvar med samma hash",
    )
    verify.set_defaults(run=_verify)

    export = actions.add_parser(
        "export",
        parents=[common],
        help="exportera loggen till en CSV- eller Excelfil",
        description="Skriver loggens händelser, nyaste först, till en fil: .csv "
        "(semikolonseparerad, UTF-8) eller .xlsx. Tider anges i svensk tid. Exporten "
        "loggas i sin tur.",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FIL", help="filen att skriva")
    export.add_argument(
        "--from", dest="date_from", type=_date, metavar="DATUM", help="från och med"
    )
    export.add_argument("--to", dest="date_to", type=_date, metavar="DATUM", help="till och med")
    export.add_argument("--user", metavar="ANVÄNDARNAMN", help="bara den här användarens")
    export.add_argument(
        "--action",
        type=_action,
        metavar="HÄNDELSE",
        help="bara en sorts händelse: " + ", ".join(_action_names()),
    )
    export.set_defaults(run=_export)


def _date(text: str) -> dt.date:
    from desktop.services.validation import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _action_names() -> list[str]:
    from desktop.services.audit_labels import ACTION_LABELS

    return [f"{code} ({label})" for code, label in ACTION_LABELS.items()]


def _action(text: str) -> str:
    from desktop.services.audit_labels import ACTION_LABELS

    wanted = text.strip().lower()
    for code, label in ACTION_LABELS.items():
        if wanted in (code, label):
            return code
    raise argparse.ArgumentTypeError(f"okänd händelse {text!r}; välj bland {_action_names()}")


def _head(text: str) -> Head:
    from desktop.services.audit import Head

    seq, _, digest = text.partition(":")
    digest = digest.strip().lower()
    if not seq.strip().isdigit() or int(seq) < 1 or len(digest) != 64:
        raise argparse.ArgumentTypeError("skriv händelsens nummer och hash som NR:HASH")
    return Head(int(seq), digest)


def _verify(args: argparse.Namespace) -> int:
    from desktop.services.audit_log import AuditLogService

    opened = log_in(args, screen=SCREEN)
    try:
        checked = AuditLogService(opened.db, opened.actor).verify(args.head)
    finally:
        opened.db.close()
    result = checked.verification
    print(f"Kontrollerade händelser: {result.checked}")
    if result.start > 1:
        print(f"Loggen börjar vid nr {result.start}: äldre händelser är gallrade.")
    if result.head is not None:
        print(f"Senaste händelse: nr {result.head.seq}, hash {result.head.hash}")
        print(f"Anteckna för senare kontroll: --head {result.head.seq}:{result.head.hash}")
    for name in result.unguarded:
        print(
            f"Skyddet mot ändringar i loggen saknas: {name} är borttagen eller ändrad "
            "(någon har gått förbi programmet). Kontakta IT."
        )
    for mark in result.marks:
        where = f"Nr {mark.mark.head.seq} ({mark.mark.where})"
        if mark.erased:
            print(f"{where}: gallrad, kan inte jämföras.")
        elif mark.problem is None:
            print(f"{where}: finns kvar i loggen.")
        else:
            print(f"{where}: {mark.problem}. Kontakta IT.")
    for line in (*checked.problems, *checked.skipped):
        print(line)
    if not result.marks and not checked.problems:
        print(
            "Ingen position är antecknad utanför databasen än (den antecknas vid "
            "utloggning, skärmlås och säkerhetskopiering)."
        )
    if result.first_break is not None:
        print(
            f"Loggen är bruten vid händelse nr {result.first_break.seq}: "
            f"{result.first_break.reason}"
        )
        return 1
    if not checked.intact:
        print("Loggen är inte obruten: se raderna ovan.")
        return 1
    print("Loggen är obruten.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from desktop.services.audit_log import AuditLogError, AuditLogService, AuditQuery

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError("--from kan inte vara efter --to.", 2)
    opened = log_in(args, screen=SCREEN)
    try:
        service = AuditLogService(opened.db, opened.actor)
        user_id = None
        if args.user:
            user_id = service.find_user(args.user)
            if user_id is None:
                raise CliError(f"Det finns ingen användare {args.user!r}.", 2)
        query = AuditQuery(
            user_id=user_id, action=args.action, date_from=args.date_from, date_to=args.date_to
        )
        try:
            count = service.export(query, args.out, screen=SCREEN)
        except AuditLogError as error:
            raise CliError(str(error)) from None
    finally:
        opened.db.close()
    print(f"Exporterade {count} händelser till {args.out}")
    return 0
