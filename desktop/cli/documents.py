"""`matchning document KIND ID -o FILE.pdf`: documents from the command line.

`referral` (the referral letter, presentationsbrev) and `letters` (one letter per current
referral of a need, into a folder) live here; `profile` and `employer` in
meeting_documents.py, `case` and `extract` in person_documents.py. Each adds its parser
(with `target_options`) and sets `run`; running goes through `with_documents`, which logs
in like every command and turns refusals into one Swedish line on stderr (both in
document_common.py, so that those modules need not import this one, which imports them).

Exit codes: 0 written; 2 bad input or a refusal the records must change for (an id that
is not a UUID or not found, no consent to share, missing merge values, characters no
font has, an unreadable --text file); 1 a failure (the database cannot be opened, the
file cannot be written). Producing a document is recorded like in the app: the produced
document on the person and the employer, and an `export` event in the audit log.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import CliError, parse_id
from desktop.cli.document_common import SCREEN, target_options, with_documents

if TYPE_CHECKING:
    from desktop.services.documents import DocumentService


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    document = commands.add_parser(
        "document",
        help="skriv ett dokument som PDF (presentationsbrev)",
        description="Skriver ett dokument på kommunens brevpapper som PDF. Filen skrivs hel "
        "eller inte alls; en fil med samma namn ersätts. Att dokumentet skrevs sparas på "
        "personen och arbetsgivaren och i loggen.",
    )
    kinds = document.add_subparsers(dest="document_kind", metavar="DOKUMENT", required=True)
    _add_referral(kinds, common)
    _add_letters(kinds, common)
    from desktop.cli import meeting_documents  # the candidate profile and the meeting sheet

    meeting_documents.add_profile(kinds, common)
    meeting_documents.add_employer(kinds, common)
    from desktop.cli import person_documents  # the case summary and the register extract

    person_documents.add_case(kinds, common)
    person_documents.add_extract(kinds, common)


def _add_referral(kinds: Any, common: argparse.ArgumentParser) -> None:
    referral = kinds.add_parser(
        "referral",
        parents=[common],
        help="presentationsbrev för en anvisning",
        description="Presentationsbrevet till arbetsgivarens kontaktperson om kandidaten i "
        "en anvisning, från kommunens brevmall. Kräver att personen har ett gällande "
        "samtycke till att profilen delas. Saknas en uppgift som mallen använder skrivs "
        "inget; --show-text visar texten och vad som saknas, --text tar en redigerad "
        "text och --omit-missing hoppar över raderna med uppgifter som saknas.",
    )
    target_options(referral, "anvisningen")
    referral.add_argument(
        "--text",
        metavar="FIL.txt",
        type=Path,
        help="brevtexten från en fil (UTF-8), till exempel redigerad efter --show-text",
    )
    referral.add_argument(
        "--omit-missing",
        action="store_true",
        help="hoppa över raderna i mallen vars uppgifter saknas",
    )
    referral.add_argument(
        "--contact",
        metavar="ID",
        help="kontaktpersonens id (annars arbetsgivarens första aktiva kontaktperson)",
    )
    referral.add_argument(
        "--show-text",
        action="store_true",
        help="skriv ut brevets text och vad som saknas, utan att skapa någon PDF",
    )
    referral.set_defaults(run=_referral)


def _add_letters(kinds: Any, common: argparse.ArgumentParser) -> None:
    letters = kinds.add_parser(
        "letters",
        parents=[common],
        help="presentationsbrev för alla aktuella anvisningar till ett behov",
        description="Ett presentationsbrev per aktuell anvisning till behovet (inte avböjda "
        "eller återkallade), som en PDF var i mappen. En befintlig fil ersätts aldrig: det "
        "nya brevet får ett nummer. Brev som inte kan skrivas (inget samtycke, uppgifter som "
        "saknas) hoppas över och räknas upp; --omit-missing hoppar över raderna med "
        "uppgifter som saknas i stället för brevet.",
    )
    letters.add_argument("id", metavar="ID", help="behovets id")
    letters.add_argument(
        "-o", "--output", metavar="MAPP", type=Path, required=True, help="mappen breven skrivs i"
    )
    letters.add_argument(
        "--omit-missing",
        action="store_true",
        help="hoppa över raderna i mallen vars uppgifter saknas",
    )
    letters.set_defaults(run=_letters)


# Running ------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"Textfilen {path} finns inte.", 2) from None
    except UnicodeDecodeError:
        raise CliError(f"Textfilen {path} är inte sparad som UTF-8.", 2) from None
    except OSError as error:
        raise CliError(f"Textfilen {path} kan inte läsas ({error.strerror}).", 2) from None


def _referral(args: argparse.Namespace) -> int:
    from desktop.services.documents import MissingValuesError

    referral_id = parse_id(args.id, "en anvisning")
    contact_id = parse_id(args.contact, "en kontaktperson") if args.contact else None
    if not args.show_text and args.output is None:
        raise CliError("Ange filen som brevet ska skrivas till med -o FIL.pdf.", 2)
    if args.text is not None and args.omit_missing:
        raise CliError("--text och --omit-missing går inte att använda samtidigt.", 2)
    text = _read_text(args.text) if args.text is not None else None

    def run(documents: DocumentService) -> int:
        if args.show_text:
            draft = documents.referral_letter_text(
                referral_id, contact_person_id=contact_id, screen=SCREEN
            )
            print(draft.text, end="" if draft.text.endswith("\n") else "\n")
            for missing in draft.missing:
                print(f"Saknas: {{{missing.field}}} – {missing.reason}")
            for character in draft.unprintable:
                print(f"Kan inte skrivas ut: {character}")
            return 0
        try:
            produced = documents.referral_letter(
                referral_id,
                args.output,
                text=text,
                omit_missing=args.omit_missing,
                contact_person_id=contact_id,
                screen=SCREEN,
            )
        except MissingValuesError as error:
            raise CliError(
                f"{error} (--show-text visar texten, --text tar en redigerad text och "
                "--omit-missing hoppar över raderna.)",
                2,
            ) from None
        pages = produced.pages or 1
        print(f"Skrev {args.output} ({pages} {'sida' if pages == 1 else 'sidor'}).")
        return 0

    return with_documents(args, f"Det finns ingen anvisning med id {referral_id}.", run)


def _letters(args: argparse.Namespace) -> int:
    """Exit 0 when every letter was written, 2 when some were skipped (listed on
    stderr; the others are written)."""
    import sys

    need_id = parse_id(args.id, "ett behov")

    def run(documents: DocumentService) -> int:
        plan = documents.need_letters(need_id)
        if not plan.letters:
            print(f"{plan.title} har inga aktuella anvisningar, så inga brev skrevs.")
            return 0
        batch = documents.write_need_letters(
            [letter.referral_id for letter in plan.letters],
            args.output,
            omit_missing=args.omit_missing,
            screen=SCREEN,
        )
        count = len(batch.written)
        print(f"Skrev {count} brev i {args.output}.")
        for name, reason in batch.skipped:
            print(f"matchning: inget brev för {name}: {reason}", file=sys.stderr)
        return 2 if batch.skipped else 0

    return with_documents(args, f"Det finns inget behov med id {need_id}.", run)
