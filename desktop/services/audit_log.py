"""The administrator's view of the audit log: filtered pages, export, verification.

Pages are keyset-paginated newest first on (occurred_at, rowid): each of the log's
indexes ends in the rowid implicitly, so a filter by user, by person or by period alone
walks an index and stops after a page. Rows carry the user's and the person's names:
this is the administrator's screen of the same database, but names never go to logs.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import os
import uuid
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, Select, bindparam, literal_column, select

from desktop import clock
from desktop.models import AuditEvent, Person, User
from desktop.services import audit, audit_head
from desktop.services.admin_only import AdminOnlyService
from desktop.services.audit_labels import ACTION_LABELS
from desktop.store.keys import normalise_username

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAGE_SIZE = 200
# Rows per sheet in an .xlsx file, the header included (Excel's own limit).
XLSX_MAX_ROWS = 1_048_576
# How often an export reports progress and may be cancelled.
PROGRESS_EVERY = 5_000

ENTITY_LABELS = {
    "Person": "Deltagare",
    "Case": "Ärende",
    "CaseNote": "Journalanteckning",
    "Task": "Uppföljning",
    "Employer": "Arbetsgivare",
    "Workplace": "Arbetsplats",
    "ContactPerson": "Kontaktperson",
    "EmployerContact": "Arbetsgivarkontakt",
    "Vacancy": "Rekryteringsbehov",
    "VacancyRequirement": "Krav i rekryteringsbehov",
    "Referral": "Anvisning",
    "ReferralStatusChange": "Anvisningsstatus",
    "Placement": "Placering",
    "Consent": "Samtycke",
    "PersonLanguage": "Språk",
    "Education": "Utbildning",
    "WorkExperience": "Arbetslivserfarenhet",
    "Qualification": "Behörighet",
    "WishedOccupation": "Önskat yrke",
    "WishedMunicipality": "Önskad kommun",
    "User": "Användare",
    "Setting": "Inställning",
    "Municipality": "Kommun",
    "Occupation": "Yrke",
    "LabourMarketForm": "Anställningsform",
    "LanguageLevel": "Språknivå",
    "EducationLevel": "Utbildningsnivå",
    "Database": "Databas",
    "AuditEvent": "Logg",
    "Document": "Dokument",
    "IntakeDraft": "Inskrivningsutkast",
    "Letterhead": "Brevhuvud",
    "ProducedDocument": "Dokument",
    "Report": "Rapport",
    "Gallring": "Gallring",
    # Synchronisation with the server (desktop/models/sync.py)
    "SyncConflict": "Konflikt vid synkronisering",
    "SyncState": "Serveranslutning",
    "SyncPending": "Ändring som väntar på servern",
    "SyncBase": "Serverns senaste version",
    "SyncInflight": "Skickad ändring som väntar på kvitto",
    "SyncChange": "Ändring på servern",
    "SyncAccount": "Serverinloggning",
    "CentralAuditEvent": "Logghändelse från en dator",
}

NO_USER = "(ingen användare)"
UNKNOWN_USER = "(okänd användare)"
DELETED_PERSON = "(raderad deltagare)"
PLACEHOLDERS = frozenset({NO_USER, UNKNOWN_USER, DELETED_PERSON})

COLUMNS = (
    "Nr",
    "Tid (svensk tid)",
    "Användare",
    "Användarnamn",
    "Händelse",
    "Typ",
    "Post-id",
    "Deltagare",
    "Deltagar-id",
    "Skärm",
    "Detaljer",
)
EXPORT_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters; dates are calendar days in Sweden, both ends included."""

    user_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    occurred_at: dt.datetime  # UTC
    user_id: uuid.UUID | None
    user_name: str
    username: str
    action: str
    action_label: str
    entity_type: str
    entity_label: str
    entity_id: uuid.UUID | None
    person_id: uuid.UUID | None
    person_name: str
    screen: str
    details: str
    # Where this row sits in the order; the next page starts after it.
    cursor: tuple[dt.datetime, int] = field(repr=False)

    @property
    def local_time(self) -> dt.datetime:
        return clock.local(self.occurred_at)


@dataclass(frozen=True)
class Checked:
    verification: audit.Verification
    problems: list[str]  # a noted head that cannot be read
    skipped: list[str]  # backups that cannot be read

    @property
    def intact(self) -> bool:
        return self.verification.intact and not self.problems


class AuditLogError(Exception):
    """An export that could not be made; `str()` is a Swedish message."""


class ExportCancelledError(AuditLogError):
    def __init__(self) -> None:
        super().__init__("Exporten avbröts.")


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def entity_label(entity_type: str) -> str:
    return ENTITY_LABELS.get(entity_type, entity_type)


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """The moment a Swedish calendar day starts (23:00 or 22:00 UTC the day before)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=STOCKHOLM).astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which filters a request uses: one prepared statement for each combination."""

    user: bool
    person: bool
    action: bool
    start: bool
    end: bool
    keyset: bool
    paged: bool


@functools.cache
def _statement(shape: _Shape) -> Select[Any]:
    """The query for one shape of request, built once: only bound values vary."""
    events = AuditEvent.__table__
    users = User.__table__
    persons = Person.__table__
    rowid: ColumnElement[int] = literal_column("audit_events.rowid", Integer())
    statement = (
        select(
            events.c.seq,
            events.c.occurred_at,
            events.c.user_id,
            users.c.full_name,
            users.c.username,
            events.c.action,
            events.c.entity_type,
            events.c.entity_id,
            events.c.person_id,
            persons.c.first_name,
            persons.c.last_name,
            events.c.screen,
            events.c.details,
            rowid,
        )
        .select_from(events)
        .outerjoin(users, users.c.id == events.c.user_id)
        .outerjoin(persons, persons.c.id == events.c.person_id)
    )
    if shape.person:
        statement = statement.where(events.c.person_id == bindparam("person_id"))
    if shape.user:
        # With a person too, the unary + keeps SQLite on the person's index: a person
        # has far fewer events than a user, who reads many persons a day.
        user_id = literal_column("+audit_events.user_id", events.c.user_id.type)
        column = user_id if shape.person else events.c.user_id
        statement = statement.where(column == bindparam("user_id", type_=events.c.user_id.type))
    if shape.action:
        statement = statement.where(events.c.action == bindparam("action"))
    if shape.start:
        statement = statement.where(events.c.occurred_at >= bindparam("start"))
    if shape.end:
        statement = statement.where(events.c.occurred_at < bindparam("end"))
    if shape.keyset:
        after_time = bindparam("after_time", type_=events.c.occurred_at.type)
        after_rowid = bindparam("after_rowid", type_=Integer())
        # Spelled out rather than as a row value, so the range on occurred_at is plain.
        statement = statement.where(
            events.c.occurred_at <= after_time,
            (events.c.occurred_at < after_time) | (rowid < after_rowid),
        )
    statement = statement.order_by(events.c.occurred_at.desc(), rowid.desc())
    return statement.limit(bindparam("limit")) if shape.paged else statement


def _parameters(query: AuditQuery) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if query.user_id is not None:
        params["user_id"] = query.user_id
    if query.person_id is not None:
        params["person_id"] = query.person_id
    if query.action:
        params["action"] = query.action
    if query.date_from is not None:
        params["start"] = local_midnight_utc(query.date_from)
    if query.date_to is not None:
        params["end"] = local_midnight_utc(query.date_to + dt.timedelta(days=1))
    return params


def statement_for(query: AuditQuery, *, keyset: bool, paged: bool) -> Select[Any]:
    """The statement a page (or, unpaged, an export) of `query` runs."""
    shape = _Shape(
        user=query.user_id is not None,
        person=query.person_id is not None,
        action=bool(query.action),
        start=query.date_from is not None,
        end=query.date_to is not None,
        keyset=keyset,
        paged=paged,
    )
    return _statement(shape)


def _row(values: Any) -> AuditRow:
    (seq, occurred_at, user_id, full_name, username, action, entity_type, entity_id) = values[:8]
    (person_id, first_name, last_name, screen, details, rowid) = values[8:]
    user_name = full_name if full_name is not None else UNKNOWN_USER
    if user_id is None:
        user_name = NO_USER
    if person_id is None:
        person_name = ""
    elif last_name is None:
        person_name = DELETED_PERSON
    else:
        person_name = f"{last_name}, {first_name}"
    return AuditRow(
        seq=seq,
        occurred_at=occurred_at,
        user_id=user_id,
        user_name=user_name,
        username=username or "",
        action=action,
        action_label=action_label(action),
        entity_type=entity_type,
        entity_label=entity_label(entity_type),
        entity_id=entity_id,
        person_id=person_id,
        person_name=person_name,
        screen=screen or "",
        details=details or "",
        cursor=(occurred_at, rowid),
    )


def export_values(row: AuditRow) -> tuple[Any, ...]:
    """One row of an export, in COLUMNS' order; the time in Swedish local time."""
    return (
        row.seq,
        row.local_time.replace(tzinfo=None, microsecond=0),
        row.user_name,
        row.username,
        row.action_label,
        row.entity_label,
        str(row.entity_id) if row.entity_id else "",
        row.person_name,
        str(row.person_id) if row.person_id else "",
        row.screen,
        row.details,
    )


Progress = Callable[[int], bool]
"""Called with the number of rows written so far; returning False cancels."""


class AuditLogService(AdminOnlyService):
    """For administrators only: every method refuses anyone else."""

    def page(
        self, query: AuditQuery, after: AuditRow | None = None, limit: int = PAGE_SIZE
    ) -> list[AuditRow]:
        """The next `limit` events, newest first, after `after` (keyset paging)."""
        self._require_admin()
        params = _parameters(query)
        params["limit"] = limit
        if after is not None:
            params["after_time"], params["after_rowid"] = after.cursor
        statement = statement_for(query, keyset=after is not None, paged=True)
        with self._db.connect() as connection:
            return [_row(values) for values in connection.execute(statement, params)]

    def find_user(self, username: str) -> uuid.UUID | None:
        self._require_admin()
        name = normalise_username(username)
        with self._db.connect() as connection:
            found = connection.execute(select(User.id).where(User.username == name)).first()
        return None if found is None else found[0]

    def verify(self, noted: audit.Head | None = None) -> Checked:
        """The chain, the guards, and whether the log continues what was kept outside
        it: the head noted beside the database and every kept backup's newest event."""
        self._require_admin()
        found = audit_head.outside(self._db)
        return Checked(audit.verify(self._db, noted, found.marks), found.problems, found.skipped)

    def export(
        self,
        query: AuditQuery,
        path: Path,
        *,
        screen: str = "logg",
        progress: Progress | None = None,
    ) -> int:
        """Write the events the query selects to `path` (.csv or .xlsx); their number.

        Rows are streamed from one read snapshot into a temporary file beside `path`,
        so memory stays flat however long the log is. The export is then recorded as an
        event, and only when that is committed does the file take its name: no file
        without its event.
        """
        self._require_admin()
        suffix = path.suffix.lower()
        if suffix not in EXPORT_SUFFIXES:
            raise AuditLogError("Välj en fil som slutar på .csv eller .xlsx.")
        partial = path.with_name(f".{path.name}.delvis")
        rows = self._rows(query, progress)
        try:
            write = _write_xlsx if suffix == ".xlsx" else _write_csv
            count = write(partial, rows)
            self._record_export(query, path, count, screen, partial)
        except OSError as error:
            raise AuditLogError(f"Filen kunde inte skrivas: {error.strerror or error}") from None
        finally:
            rows.close()  # ends the read at once, also when writing failed half-way
            partial.unlink(missing_ok=True)
        return count

    def _rows(
        self, query: AuditQuery, progress: Progress | None
    ) -> Generator[AuditRow, None, None]:
        statement = statement_for(query, keyset=False, paged=False)
        with self._db.connect() as connection:
            result = connection.execution_options(yield_per=1_000).execute(
                statement, _parameters(query)
            )
            for count, values in enumerate(result, start=1):
                yield _row(values)
                if progress is not None and count % PROGRESS_EVERY == 0 and not progress(count):
                    raise ExportCancelledError

    def _record_export(
        self, query: AuditQuery, path: Path, count: int, screen: str, partial: Path
    ) -> None:
        moved = False
        try:
            with self._db.unit_of_work(actor=self.actor.user_id, screen=screen) as session:
                details = f"logg, {count} händelser: {path.name}"[:200]
                audit.record(
                    session, "export", "AuditEvent", person_id=query.person_id, details=details
                )
                session.flush()
                os.replace(partial, path)
                moved = True
        except BaseException:
            if moved:
                path.unlink(missing_ok=True)
            raise


# Text that a spreadsheet would run as a formula when it opens a CSV file (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(path: Path, rows: Iterator[AuditRow]) -> int:
    count = 0
    # Semicolons and a byte order mark: what Excel with Swedish settings opens as columns
    # and UTF-8 (docs/decisions/0010-audit-log-export.md).
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_csv_cell(value) for value in export_values(row)])
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterator[AuditRow]) -> int:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    # Write-only mode streams rows to temporary files instead of keeping every cell in
    # memory; `save` zips them into the workbook.
    workbook = Workbook(write_only=True)
    try:
        count = _fill_workbook(workbook, rows, WriteOnlyCell, ILLEGAL_CHARACTERS_RE)
    except BaseException:
        _discard(workbook)
        raise
    workbook.save(path)
    return count


def _fill_workbook(workbook: Any, rows: Iterator[AuditRow], cell_type: Any, illegal: Any) -> int:
    count = 0
    sheet: Any = None
    sheet_rows = XLSX_MAX_ROWS
    for row in rows:
        if sheet_rows >= XLSX_MAX_ROWS:
            title = "Logg" if sheet is None else f"Logg {len(workbook.worksheets) + 1}"
            sheet = workbook.create_sheet(title)
            sheet.column_dimensions["B"].width = 20
            sheet.append(COLUMNS)
            sheet_rows = 1
        sheet.append(
            [_xlsx_value(sheet, value, cell_type, illegal) for value in export_values(row)]
        )
        sheet_rows += 1
        count += 1
    if sheet is None:
        workbook.create_sheet("Logg").append(COLUMNS)
    return count


def _xlsx_value(sheet: Any, value: Any, cell_type: Any, illegal: Any) -> Any:
    """A value as openpyxl should store it; plain values are the fast path."""
    if not isinstance(value, str):
        return value  # numbers, and date-times (which get a date format of their own)
    if not value:
        return None
    # Control characters are not allowed in the file's XML; stored text has none (the
    # forms refuse them), but an export must not fail on one.
    text = illegal.sub("\ufffd", value)
    if not text.startswith("="):
        return text
    # Text stays text: openpyxl would otherwise store "=..." as a formula.
    cell = cell_type(sheet, text)
    cell.data_type = "s"
    return cell


def _discard(workbook: Any) -> None:
    # An export given up half-way: close each sheet's stream and remove its temporary
    # file now (they hold the rows written so far) instead of at interpreter exit.
    for sheet in workbook.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
