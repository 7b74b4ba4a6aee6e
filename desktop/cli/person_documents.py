"""`matchning document case ID -o FILE.pdf` and `matchning document extract ID -o FILE.pdf`:
the case summary and the register extract (desktop/services/person_documents/),
registered by desktop/cli/documents.py's `register` like `referral`, with the same exit
codes (0 written; 2 an id that is not a UUID or not found; 1 a file that cannot be
written)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop.cli.common import CliError, log_in, parse_id
from desktop.cli.document_common import refusals_as_errors, target_options

if TYPE_CHECKING:
    from collections.abc import Callable

    from desktop.services.accounts import Opened
    from desktop.services.documents import ProducedRow
    from desktop.services.person_documents import PersonDocumentService

SCREEN = "kommandorad"


def add_case(kinds: Any, common: argparse.ArgumentParser) -> None:
    case = kinds.add_parser(
        "case",
        parents=[common],
        help="ärendesammanfattning för interna möten",
        description="En sammanfattning av ett ärende för interna möten: personen (med "
        "personnummer), ärendet, profilen i korthet, de senaste journalanteckningarna, "
        "öppna uppföljningar, anvisningar och placeringar. Ett personid ger personens "
        "aktuella ärende.",
    )
    target_options(case, "ärendet")
    case.set_defaults(run=_case)


def add_extract(kinds: Any, common: argparse.ArgumentParser) -> None:
    extract = kinds.add_parser(
        "extract",
        parents=[common],
        help="registerutdrag (GDPR artikel 15) för en person",
        description="Allt som finns sparat om en person: uppgifter, profil, ärenden, "
        "journal, uppföljningar, anvisningar, placeringar, samtycken, dokument och loggen "
        "över vem som har läst eller ändrat uppgifterna. Sparas i loggen som en export.",
    )
    target_options(extract, "personen")
    extract.set_defaults(run=_extract)


def _run(
    args: argparse.Namespace,
    what: str,
    missing: str,
    action: Callable[[PersonDocumentService], ProducedRow],
) -> int:
    from desktop.services.person_documents import PersonDocumentService

    parse_id(args.id, what)
    if args.output is None:
        raise CliError("Ange filen som dokumentet ska skrivas till med -o FIL.pdf.", 2)
    opened: Opened = log_in(args, screen=SCREEN)
    try:
        with refusals_as_errors(missing):
            produced = action(PersonDocumentService(opened.db, opened.actor))
    finally:
        opened.db.close()
    pages = produced.pages or 1
    print(f"Skrev {args.output} ({pages} {'sida' if pages == 1 else 'sidor'}).")
    return 0


def _case(args: argparse.Namespace) -> int:
    case_id = parse_id(args.id, "ett ärende")
    return _run(
        args,
        "ett ärende",
        f"Det finns inget ärende eller någon person med id {case_id}.",
        lambda documents: documents.case_summary(case_id, args.output, screen=SCREEN),
    )


def _extract(args: argparse.Namespace) -> int:
    person_id = parse_id(args.id, "en person")
    return _run(
        args,
        "en person",
        f"Det finns ingen person med id {person_id}.",
        lambda documents: documents.register_extract(person_id, args.output, screen=SCREEN),
    )
