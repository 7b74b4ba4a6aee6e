"""`match need ID`, `match person ID` and `needs list`: matching from the command line.

The rankings are MatchingService's (docs/matching.md); this module only checks the input,
logs in like every command and prints a Swedish table or, with --json, one JSON object.
Bad input (an id that is not a UUID, an unknown id, a need that is not open, a person
without an active case) is one line on stderr and exit 2; a database that cannot be
opened is exit 1 (desktop/cli/__init__.py).

Audit: `match person` shows one named person's profile against the needs, so it records
a read of that person as opening the person card does (PersonService.open), once the
list is ready to print; `match need` and `needs list` show names and scores the way the
person list does, which is not logged row by row.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.cli.common import CliError, log_in, parse_id

if TYPE_CHECKING:
    from desktop.services.accounts import Opened
    from desktop.services.matching import (
        CandidateList,
        NeedMatchList,
        NeedSummary,
        RequirementResult,
    )
    from desktop.services.vacancies import NeedRow

SCREEN = "kommandorad"
# The service's MAX_LIMIT, repeated so that building the parser imports no matching code
# (tests/test_cli_matching.py checks that they agree).
MAX_LIMIT = 1000
DEFAULT_LIMIT = 20
# Text columns are cut to this many characters in the tables (--json has them whole).
WIDE = 34
NARROW = 22
CANDIDATE_COLUMNS = (
    "Poäng",
    "Namn",
    "Kommun",
    "Ärende",
    "Samtycke",
    "Anvisning",
    "Id",
    "Viktigast",
)
NEED_MATCH_COLUMNS = (
    "Poäng", "Behov", "Arbetsgivare", "Kommun", "Sista dag", "Anvisning", "Id", "Viktigast",
)  # fmt: skip
NEED_COLUMNS = (
    "Id", "Titel", "Arbetsgivare", "Yrke", "Kommun", "Tillsatta/platser", "Sista dag", "Status",
)  # fmt: skip


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    match = commands.add_parser(
        "match",
        help="matcha: kandidater till ett behov eller behov för en arbetssökande",
        description="Rangordnar arbetssökande med aktivt ärende mot ett öppet "
        "rekryteringsbehov, eller öppna behov mot en arbetssökande. Krav sållar, meriter "
        "och allmän passning (yrke, kommun, start, omfattning) ger poäng 0–100; "
        "reglerna står i docs/matching.md. Id:n visas av `matchning needs list`.",
    )
    actions = match.add_subparsers(dest="match_command", metavar="KOMMANDO", required=True)
    need = actions.add_parser(
        "need",
        parents=[common],
        help="kandidater till ett öppet behov, bäst först",
        description="Arbetssökande med aktivt ärende som uppfyller alla krav i behovet, "
        "bäst först, med poäng, varje krav och merit (uppfyllt eller inte) och vad som "
        "räknades.",
    )
    need.add_argument("id", metavar="ID", help="behovets id")
    _output_options(need)
    need.set_defaults(run=_match_need)
    person = actions.add_parser(
        "person",
        parents=[common],
        help="öppna behov för en arbetssökande, bäst först",
        description="Öppna behov som tar emot förslag och där personen uppfyller alla "
        "krav, bäst först. Personen måste ha ett aktivt ärende. Visningen loggas som "
        "läsning av personens uppgifter, som när personkortet öppnas.",
    )
    person.add_argument("id", metavar="ID", help="personens id")
    _output_options(person)
    person.set_defaults(run=_match_person)

    needs = commands.add_parser(
        "needs",
        help="rekryteringsbehov: lista dem med id",
        description="Rekryteringsbehov och deras id, att använda med `matchning match need`.",
    )
    needs_actions = needs.add_subparsers(dest="needs_command", metavar="KOMMANDO", required=True)
    listing = needs_actions.add_parser(
        "list",
        parents=[common],
        help="lista behoven (alla, eller bara öppna med --open)",
        description="Utan --open listas alla behov: öppna först, sedan tillsatta och "
        "stängda, inom varje status efter sista dag att föreslå kandidater (behov utan "
        "sista dag sist). Med --open bara öppna behov, de som går att matcha.",
    )
    listing.add_argument("--open", action="store_true", help="bara öppna behov")
    listing.add_argument("--json", action="store_true", help="skriv en JSON-lista i stället")
    listing.set_defaults(run=_needs_list)


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit",
        type=_limit,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"visa högst N (standard {DEFAULT_LIMIT}, högst {MAX_LIMIT})",
    )
    parser.add_argument("--json", action="store_true", help="skriv ett JSON-objekt i stället")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inte ett heltal: {text!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"måste vara 1–{MAX_LIMIT}: {value}")
    return value


# Running ------------------------------------------------------------------------------


def _with_services(args: argparse.Namespace, action: Callable[[Opened], int]) -> int:
    opened = log_in(args, screen=SCREEN)
    try:
        return action(opened)
    finally:
        opened.db.close()


def _match_need(args: argparse.Namespace) -> int:
    from desktop.services.matching import MatchingError
    from desktop.services.registry import Services
    from desktop.store.errors import RecordMissingError

    need_id = parse_id(args.id, "ett behov")

    def run(opened: Opened) -> int:
        services = Services.for_user(opened.db, opened.actor)
        try:
            result = services.matching.candidates(need_id, limit=args.limit)
        except RecordMissingError:
            raise CliError(
                f"Det finns inget behov med id {need_id}. `matchning needs list` visar behoven.",
                2,
            ) from None
        except MatchingError as error:
            raise CliError(str(error), 2) from None
        if args.json:
            _print_json(_candidates_json(result))
        else:
            _print_candidates(result)
        return 0

    return _with_services(args, run)


def _match_person(args: argparse.Namespace) -> int:
    from desktop.services.matching import MatchingError
    from desktop.services.registry import Services
    from desktop.store.errors import RecordMissingError

    person_id = parse_id(args.id, "en person")

    def run(opened: Opened) -> int:
        services = Services.for_user(opened.db, opened.actor)
        try:
            result = services.matching.needs_for(person_id, limit=args.limit)
            services.persons.open(person_id, screen=SCREEN)
        except RecordMissingError:
            raise CliError(f"Det finns ingen person med id {person_id}.", 2) from None
        except MatchingError as error:
            raise CliError(str(error), 2) from None
        if args.json:
            _print_json(_needs_json(result))
        else:
            _print_needs(result)
        return 0

    return _with_services(args, run)


def _needs_list(args: argparse.Namespace) -> int:
    from desktop.models import Vacancy
    from desktop.services.vacancies import need_rows

    def run(opened: Opened) -> int:
        conditions = [Vacancy.status == "oppet"] if args.open else []
        with opened.db.read() as session:
            rows = need_rows(session, *conditions)
        if args.json:
            _print_json([_need_row_json(row) for row in rows])
        else:
            _print_need_rows(rows, only_open=args.open)
        return 0

    return _with_services(args, run)


# JSON ---------------------------------------------------------------------------------


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _requirements_json(requirements: Sequence[RequirementResult]) -> list[dict[str, object]]:
    return [
        {
            "kind": r.kind,
            "importance": r.importance,
            "label": r.label,
            "met": r.met,
            "detail": r.detail,
        }
        for r in requirements
    ]


def _summary_json(need: NeedSummary) -> dict[str, object]:
    return {
        "id": str(need.id),
        "title": need.title,
        "employer_id": str(need.employer_id),
        "employer": need.employer_name,
        "occupation_code": need.occupation_code,
        "occupation": need.occupation_name,
        "municipality": need.municipality,
        "status": need.status,
        "positions": need.positions,
        "apply_by": need.apply_by.isoformat() if need.apply_by else None,
    }


def _candidates_json(result: CandidateList) -> dict[str, object]:
    return {
        "need": _summary_json(result.need),
        "total": result.total,
        "results": [
            {
                "person_id": str(c.person_id),
                "name": c.name,
                "municipality": c.municipality,
                "case_status": c.case_status,
                "score": c.score,
                "meets_krav": c.meets_krav,
                "referral_status": c.referral_status,
                "may_share": c.may_share,
                "requirements": _requirements_json(c.requirements),
                "reasons": list(c.reasons),
            }
            for c in result.candidates
        ],
        "empty_reason": result.empty_reason,
    }


def _needs_json(result: NeedMatchList) -> dict[str, object]:
    return {
        "person_id": str(result.person_id),
        "name": result.name,
        "total": result.total,
        "results": [
            {
                "need_id": str(n.need.id),
                "title": n.need.title,
                "employer": n.need.employer_name,
                "occupation_code": n.need.occupation_code,
                "occupation": n.need.occupation_name,
                "municipality": n.need.municipality,
                "apply_by": n.need.apply_by.isoformat() if n.need.apply_by else None,
                "score": n.score,
                "meets_krav": n.meets_krav,
                "referral_status": n.referral_status,
                "requirements": _requirements_json(n.requirements),
                "reasons": list(n.reasons),
            }
            for n in result.needs
        ],
        "empty_reason": result.empty_reason,
    }


def _need_row_json(row: NeedRow) -> dict[str, object]:
    return {
        "id": str(row.id),
        "title": row.title,
        "employer_id": str(row.employer_id),
        "employer": row.employer_name,
        "occupation_code": row.occupation_code,
        "occupation": row.occupation_name,
        "municipality": row.municipality,
        "positions": row.positions,
        "filled": row.filled,
        "start_date": row.start_date.isoformat() if row.start_date else None,
        "apply_by": row.apply_by.isoformat() if row.apply_by else None,
        "status": row.status,
    }


# Text ---------------------------------------------------------------------------------


def _cut(text: str | None, width: int) -> str:
    text = text or "–"
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> None:
    """Columns as wide as their widest cell; the last column is not padded."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        padded[-1] = cells[-1]
        return "  ".join(padded).rstrip()

    print(line(headers))
    for row in rows:
        print(line(row))


def _referral_word(status: str | None) -> str:
    from desktop.services.referrals import STATUS_NAMES

    return STATUS_NAMES.get(status, status) if status else "–"


def _print_need_header(need: NeedSummary) -> None:
    from desktop.services.vocabulary import NEED_STATUS

    print(f"Behov: {need.title} – {need.employer_name}")
    print(f"Id: {need.id}")
    deadline = need.apply_by.isoformat() if need.apply_by else "ingen"
    print(
        f"Yrke: {need.occupation_code} {need.occupation_name}; kommun: {need.municipality or '–'}; "
        f"platser: {need.positions}; sista dag: {deadline}; "
        f"status: {NEED_STATUS.get(need.status, need.status).lower()}"
    )


def _print_candidates(result: CandidateList) -> None:
    from desktop.services.vocabulary import CASE_STATUS

    _print_need_header(result.need)
    print()
    if not result.candidates:
        print(result.empty_reason or "Inga kandidater.")
        return
    shown = len(result.candidates)
    print(f"{result.total} kandidater uppfyller alla krav (visar {shown}, bäst först).")
    print()
    rows = [
        [
            str(c.score),
            _cut(c.name, WIDE),
            _cut(c.municipality, NARROW),
            CASE_STATUS.get(c.case_status or "", c.case_status or "–"),
            "ja" if c.may_share else "nej",
            _referral_word(c.referral_status),
            str(c.person_id),
            c.key_reasons,
        ]
        for c in result.candidates
    ]
    _table(
        CANDIDATE_COLUMNS,
        rows,
        right=(0,),
    )
    _print_requirement_tally(result)


def _print_requirement_tally(result: CandidateList) -> None:
    """Under the table: how many of those shown have each merit (every krav is met)."""
    first = result.candidates[0].requirements
    merits = [i for i, r in enumerate(first) if r.importance == "merit"]
    if not merits:
        return
    print()
    shown = len(result.candidates)
    for i in merits:
        have = sum(1 for c in result.candidates if c.requirements[i].met)
        print(f"Merit {first[i].label}: {have} av {shown} visade har den.")


def _print_needs(result: NeedMatchList) -> None:
    print(f"Öppna behov för {result.name}")
    print(f"Id: {result.person_id}")
    print()
    if not result.needs:
        print(result.empty_reason or "Inga behov.")
        return
    shown = len(result.needs)
    print(f"{result.total} öppna behov där alla krav uppfylls (visar {shown}, bäst först).")
    print()
    rows = [
        [
            str(n.score),
            _cut(n.need.title, WIDE),
            _cut(n.need.employer_name, WIDE),
            _cut(n.need.municipality, NARROW),
            n.need.apply_by.isoformat() if n.need.apply_by else "–",
            _referral_word(n.referral_status),
            str(n.need.id),
            n.key_reasons,
        ]
        for n in result.needs
    ]
    _table(
        NEED_MATCH_COLUMNS,
        rows,
        right=(0,),
    )


def _print_need_rows(rows: Sequence[NeedRow], *, only_open: bool) -> None:
    from desktop.services.vocabulary import NEED_STATUS

    if not rows:
        print("Inga öppna behov." if only_open else "Inga behov.")
        return
    table = [
        [
            str(row.id),
            _cut(row.title, WIDE),
            _cut(row.employer_name, WIDE),
            _cut(f"{row.occupation_code} {row.occupation_name}", WIDE),
            _cut(row.municipality, NARROW),
            f"{row.filled}/{row.positions}",
            row.apply_by.isoformat() if row.apply_by else "–",
            NEED_STATUS.get(row.status, row.status),
        ]
        for row in rows
    ]
    _table(
        NEED_COLUMNS,
        table,
        right=(5,),
    )
    print()
    word = "öppna behov" if only_open else "behov"
    print(f"{len(rows)} {word}.")
