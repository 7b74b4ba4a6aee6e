"""Writing a report as .xlsx, .csv or .pdf: each a function that fills an open binary
file, which the service hands to `write_atomically` (docs/reports.md, "Exports").

- .xlsx (desktop/services/xlsx.py): a first sheet with the title, scope, period and when
  it was made, then a sheet a section (title, note, bold header, rows) with real numbers
  and real dates (yyyy-mm-dd). ESF: "Sammanställning" and "Deltagare".
- .csv: UTF-8 with a byte order mark, semicolons, decimal commas (what Excel with
  Swedish settings opens), one block a section with its title line, a blank line between.
- .pdf: on the municipality's letterhead (desktop/documents/report_pdf.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, BinaryIO

from desktop.clock import STOCKHOLM
from desktop.services import xlsx
from desktop.services.accounts import Actor
from desktop.services.reports.model import (
    ESF_COLUMNS,
    Chart,
    EsfReport,
    Report,
    Table,
    esf_values,
)
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.documents import report_pdf

Writer = Callable[[BinaryIO], object]
SHEET_NAMES = {
    "nya_arenden": "Ärenden",
    "avslut": "Avslut",
    "tid_till_placering": "Tid till placering",
    "placeringar": "Placeringar",
    "anvisningar": "Anvisningar",
    "konvertering": "Konvertering",
    "kontakter": "Kontakter",
    "behov": "Behov",
    "sektorer": "Sektorer",
}
ESF_WIDTHS = (38, 14, 10, 9, 16, 16, 14, 30, 34, 12, 12, 18, 12, 10)


def local_time(moment: dt.datetime) -> dt.datetime:
    """A UTC moment as Swedish local time, naive, to the minute (as the screen shows it)."""
    return moment.astimezone(STOCKHOLM).replace(tzinfo=None, second=0, microsecond=0)


def facts(report: Report | EsfReport) -> list[tuple[str, object]]:
    return [
        ("Omfattning", report.scope),
        ("Från och med", report.query.start),
        ("Till och med", report.query.end),
        ("Framtagen", local_time(report.made_at)),
    ]


def writer(report: Report | EsfReport, suffix: str) -> Writer:
    if suffix == ".xlsx":
        return lambda handle: _xlsx(report, handle)
    return lambda handle: _csv(report, handle)


# Excel ----------------------------------------------------------------------------------------


def _xlsx(report: Report | EsfReport, handle: BinaryIO) -> None:
    with xlsx.Workbook(handle) as book:
        if isinstance(report, EsfReport):
            with book.sheet("Sammanställning", (34, 34, 10, 10, 14, 10)) as sheet:
                _heading(sheet, report)
                _table(sheet, report.summary)
            with book.sheet("Deltagare", ESF_WIDTHS, freeze_header=True) as sheet:
                sheet.append(ESF_COLUMNS, style="bold")
                sheet.extend(esf_values(row) for row in report.rows)
            return
        with book.sheet("Rapport", (24, 60)) as sheet:
            _heading(sheet, report)
            sheet.append(("Avsnitt", "Vad det visar"), style="bold")
            for section in report.sections:
                sheet.append((section.title, section.note))
        for section in report.sections:
            widths = (34, *(16 for _ in section.table.columns[1:]))
            with book.sheet(SHEET_NAMES.get(section.key, section.title), widths) as sheet:
                sheet.append((section.title,), style="title")
                if section.note:
                    sheet.append((section.note,))
                sheet.skip()
                _table(sheet, section.table)


def _heading(sheet: xlsx.Sheet, report: Report | EsfReport) -> None:
    sheet.append((report.title,), style="title")
    for label, value in facts(report):
        sheet.append((label, value))
    sheet.skip()


def _table(sheet: xlsx.Sheet, table: Table) -> None:
    sheet.append(table.columns, style="bold")
    sheet.extend(table.rows)


# CSV ------------------------------------------------------------------------------------------

# Text a spreadsheet would run as a formula (OWASP; as the audit log's export).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",") if abs(value) < 1e15 else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(report: Report | EsfReport, handle: BinaryIO) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    out = csv.writer(text, delimiter=";")

    def block(title: str, rows: Iterable[Sequence[object]]) -> None:
        out.writerow([csv_cell(title)])
        for row in rows:
            out.writerow([csv_cell(cell) for cell in row])
        out.writerow([])

    block(report.title, facts(report))
    if isinstance(report, EsfReport):
        block("Sammanställning", [report.summary.columns, *report.summary.rows])
        block("Deltagare", [ESF_COLUMNS, *(esf_values(row) for row in report.rows)])
    else:
        for section in report.sections:
            lines: list[Sequence[object]] = []
            if section.note:
                lines.append([section.note])
            lines += [section.table.columns, *section.table.rows]
            block(section.title, lines)
    text.flush()
    text.detach()  # the handle is the caller's to close


# PDF ------------------------------------------------------------------------------------------


def _printed(value: object) -> str:
    from desktop.documents.report_pdf import number

    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # a share: always one decimal
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def pdf_writer(db: Database, actor: Actor, report: Report | EsfReport) -> Writer:
    """Lay the report out now (in memory, on the scope's letterhead); the writer only
    copies the bytes, so a layout error leaves no file."""
    from desktop.documents import letterhead as letterheads
    from desktop.documents import report_pdf
    from desktop.models import User
    from desktop.services import settings
    from desktop.services.letterheads import letterhead_of

    with db.read() as session:
        user = session.get(User, actor.user_id)
        code = (
            report.query.municipality_code
            or (user.municipality_code if user else None)
            or settings.read(session).home_municipality
        )
        head = letterhead_of(session, code)
    title = "Samordnare" if actor.role == "samordnare" else "Administratör"
    agent = letterheads.Agent(
        name=actor.full_name,
        title=title,
        phone=(user.phone if user else None) or head.phone,
        email=(user.email if user else None) or head.email,
    )
    printed = [(label, _printed(value)) for label, value in facts(report)]
    printed[3] = ("Framtagen", local_time(report.made_at).strftime("%Y-%m-%d %H:%M"))
    if isinstance(report, EsfReport):
        sections = [_pdf_section(report.summary, "Sammanställning", None, None)]
        intro = (
            f"{len(report.rows)} deltagare. Listan med en rad per deltagare finns i Excel- "
            "och CSV-exporten av rapporten."
        )
        kind = "ESF-deltagarrapport"
    else:
        sections = [_pdf_section(s.table, s.title, s.chart, s.note) for s in report.sections]
        intro = "Rapporten saknar uppgifter för perioden." if report.empty else ""
        kind = "Uppföljning"
    story = report_pdf.story(report.title, printed, sections, intro=intro)
    info = letterheads.DocumentInfo(
        title=report.title, kind=kind, subject=report.scope, keywords=("rapport", kind.lower())
    )
    rendered = letterheads.render(
        story,
        letterhead=head.letterhead,
        agent=agent,
        info=info,
        day=report.made_at.astimezone(STOCKHOLM).date(),
    )
    return lambda handle: handle.write(rendered.data)


def _pdf_section(
    table: Table, title: str, chart: Chart | None, note: str | None
) -> report_pdf.PdfSection:
    from desktop.documents.report_pdf import PdfChart, PdfSection

    numeric = tuple(
        any(isinstance(row[i], int | float) for row in table.rows)
        for i in range(len(table.columns))
    )
    pdf_chart = (
        None if chart is None else PdfChart(chart.title, chart.labels, chart.values, chart.unit)
    )
    return PdfSection(
        title=title,
        columns=table.columns,
        rows=tuple(tuple(_printed(cell) for cell in row) for row in table.rows),
        numeric=numeric,
        chart=pdf_chart,
        note=note,
    )
