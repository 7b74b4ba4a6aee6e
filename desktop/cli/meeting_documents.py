"""`matchning document profile ID -o FILE.pdf [--anonymous]` and `matchning document
employer ID -o FILE.pdf`: the candidate profile and the employer meeting sheet
(desktop/services/meeting_documents.py), registered by desktop/cli/documents.py with the
same options, log-in, exit codes and Swedish refusals as `referral`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop.cli.common import CliError, parse_id
from desktop.cli.document_common import target_options, with_documents

if TYPE_CHECKING:
    from desktop.services.documents import DocumentService, ProducedRow

SCREEN = "kommandorad"


def add_profile(kinds: Any, common: argparse.ArgumentParser) -> None:
    profile = kinds.add_parser(
        "profile",
        parents=[common],
        help="kandidatprofil för en person (namngiven eller anonymiserad)",
        description="Kandidatprofilen på en eller två sidor inför ett möte med en "
        "arbetsgivare: yrkesbakgrund, önskade yrken, språk, utbildning, körkort, när och "
        "hur mycket personen kan arbeta. Aldrig personnummer eller födelsedatum. Den "
        "namngivna profilen kräver ett gällande samtycke till att profilen delas; "
        "--anonymous skriver profilen utan namn och kontaktuppgifter.",
    )
    target_options(profile, "personen")
    profile.add_argument(
        "--anonymous",
        action="store_true",
        help="anonymiserad profil: inget namn, inga kontaktuppgifter, bara åldersintervall",
    )
    profile.set_defaults(run=_profile)


def add_employer(kinds: Any, common: argparse.ArgumentParser) -> None:
    employer = kinds.add_parser(
        "employer",
        parents=[common],
        help="mötesunderlag för en arbetsgivare",
        description="Mötesunderlaget inför ett besök: arbetsgivaren, kontaktpersoner, de "
        "senaste kontakterna, öppna behov och föreslagna kandidater med status.",
    )
    target_options(employer, "arbetsgivaren")
    employer.set_defaults(run=_employer)


def _written(args: argparse.Namespace, produced: ProducedRow) -> int:
    pages = produced.pages or 1
    print(f"Skrev {args.output} ({pages} {'sida' if pages == 1 else 'sidor'}).")
    return 0


def _profile(args: argparse.Namespace) -> int:
    from desktop.services.meeting_documents import MeetingDocuments

    person_id = parse_id(args.id, "en person")
    if args.output is None:
        raise CliError("Ange filen som profilen ska skrivas till med -o FIL.pdf.", 2)

    def run(documents: DocumentService) -> int:
        meeting = MeetingDocuments(documents._db, documents._actor)
        produced = meeting.candidate_profile(
            person_id, args.output, anonymous=args.anonymous, screen=SCREEN
        )
        return _written(args, produced)

    return with_documents(args, f"Det finns ingen person med id {person_id}.", run)


def _employer(args: argparse.Namespace) -> int:
    from desktop.services.meeting_documents import MeetingDocuments

    employer_id = parse_id(args.id, "en arbetsgivare")
    if args.output is None:
        raise CliError("Ange filen som mötesunderlaget ska skrivas till med -o FIL.pdf.", 2)

    def run(documents: DocumentService) -> int:
        meeting = MeetingDocuments(documents._db, documents._actor)
        return _written(args, meeting.employer_sheet(employer_id, args.output, screen=SCREEN))

    return with_documents(args, f"Det finns ingen arbetsgivare med id {employer_id}.", run)
