"""`matchning report {overview,esf} --from DATE --to DATE [--municipality CODE]
[--agent USERNAME] -o FILE`: the follow-up report or the ESF participant report as .xlsx,
.csv or .pdf (by the suffix), for coordinators and administrators (docs/reports.md).

Exit codes: 0 written (also a report that says the period has no data); 2 bad input (a
date, a period, an unknown municipality or user name, a suffix); 1 a refusal or a failure
(not a coordinator or administrator, the file cannot be written).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from desktop.cli.common import CliError, log_in

SCREEN = "kommandorad"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    report = commands.add_parser(
        "report",
        help="uppföljningsrapport eller ESF-deltagarrapport (samordnare, administratörer)",
        description="Skriver en rapport för en period till en fil: .xlsx (Excel), .csv "
        "(semikolonseparerad, UTF-8) eller .pdf (på kommunens brevpapper). Filen skrivs hel "
        "eller inte alls. Att rapporten togs fram och exporterades loggas.",
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="RAPPORT", required=True)
    for name, help_text, description in (
        (
            "overview",
            "uppföljning: ärenden, utfall, tid till placering, anvisningar, kontakter, behov",
            "Uppföljningen för perioden: nya och aktiva ärenden, avslut efter utfall, tid "
            "från inskrivning till första placering, placeringar, anvisningar och hur långt "
            "de nått, arbetsgivarkontakter, rekryteringsbehov och arbetsgivare efter sektor.",
        ),
        (
            "esf",
            "ESF-deltagarrapport: en rad per deltagare och en sammanställning",
            "En rad per deltagare som var inskriven någon gång under perioden (kön, ålder "
            "och åldersgrupp vid start, utbildningsnivå, status vid start och avslut, datum, "
            "utfall) utan namn eller personnummer, och en sammanställning per kön.",
        ),
    ):
        parser = kinds.add_parser(name, parents=[common], help=help_text, description=description)
        parser.add_argument(
            "--from", dest="start", type=_date, required=True, metavar="DATUM", help="från och med"
        )
        parser.add_argument(
            "--to", dest="end", type=_date, required=True, metavar="DATUM", help="till och med"
        )
        parser.add_argument(
            "--municipality", metavar="KOD", help="bara en kommun, med dess kod (0127 …)"
        )
        parser.add_argument("--agent", metavar="ANVÄNDARNAMN", help="bara en handläggares")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            required=True,
            metavar="FIL",
            help="filen att skriva: .xlsx, .csv eller .pdf",
        )
        parser.set_defaults(run=_run)


def _date(text: str) -> dt.date:
    from desktop.services.validation import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run(args: argparse.Namespace) -> int:
    from desktop.services.reports.model import ReportError, ReportQuery, query_problems
    from desktop.services.reports.service import SUFFIXES, ReportService

    problems = query_problems(args.start, args.end)
    if problems:
        raise CliError(problems.get("start") or problems["end"], 2)
    if args.output.suffix.lower() not in SUFFIXES:
        raise CliError("Välj en fil som slutar på .xlsx, .csv eller .pdf.", 2)
    opened = log_in(args, screen=SCREEN)
    try:
        service = ReportService(opened.db, opened.actor)
        code = args.municipality.strip() if args.municipality else None
        if code is not None and service.municipality_name(code) is None:
            raise CliError(f"Det finns ingen kommun med koden {code}.", 2)
        agent_id = None
        if args.agent:
            agent_id = service.find_agent(args.agent)
            if agent_id is None:
                raise CliError(f"Det finns ingen användare {args.agent!r}.", 2)
        query = ReportQuery(args.start, args.end, code, agent_id)
        try:
            if args.report_kind == "esf":
                esf = service.esf(query, screen=SCREEN)
                service.export(esf, args.output, screen=SCREEN)
                print(f"Skrev {args.output}: {len(esf.rows)} deltagare, {esf.title}.")
                return 0
            report = service.follow_up(query, screen=SCREEN)
            service.export(report, args.output, screen=SCREEN)
        except ReportError as error:
            raise CliError(str(error), 1) from None
    finally:
        opened.db.close()
    if report.empty:
        print(f"Skrev {args.output}: {report.title}. Det finns inga uppgifter för perioden.")
    else:
        print(f"Skrev {args.output}: {report.title}.")
    return 0
