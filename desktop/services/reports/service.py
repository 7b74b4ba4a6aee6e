"""Reports for coordinators and administrators: the follow-up figures for a period and a
scope, the ESF participant report, and their exports (.xlsx, .csv, .pdf).

Reading a report is audited (`read` on "Report", the period and scope in the details);
an export is audited as `export` with the counts, never the contents, in the same unit
of work that writes the file (whole or nothing, mode 0600: desktop/documents/files.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import exists, select

from desktop import clock
from desktop.documents.errors import DocumentError
from desktop.models import Case, Municipality, User
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.reports import esf as esf_rows
from desktop.services.reports import figures
from desktop.services.reports.model import (
    EsfReport,
    Report,
    ReportCancelledError,
    ReportError,
    ReportQuery,
    Section,
    query_problems,
)
from desktop.store.database import Database
from desktop.store.keys import normalise_username

ROLES = ("samordnare", "administrator")
REFUSED = "Rapporter kan tas fram av samordnare och administratörer."
SUFFIXES = (".xlsx", ".csv", ".pdf")
ENTITY = "Report"

Progress = Callable[[int, int], object]
Cancelled = Callable[[], bool]


class ReportService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    # Pickers -------------------------------------------------------------------------------

    def municipalities(self) -> list[tuple[str, str]]:
        """(code, name) of the municipalities that have cases, by name."""
        has_cases = exists().where(Case.municipality_code == Municipality.code)
        statement = (
            select(Municipality.code, Municipality.name)
            .where(has_cases)
            .order_by(Municipality.name)
        )
        with self._db.connect() as connection:
            return [(code, name) for code, name in connection.execute(statement)]

    def agents(self) -> list[tuple[uuid.UUID, str]]:
        """(id, full name) of the users who have cases, by name."""
        has_cases = exists().where(Case.agent_id == User.id)
        statement = select(User.id, User.full_name).where(has_cases).order_by(User.full_name)
        with self._db.connect() as connection:
            return [(uid, name) for uid, name in connection.execute(statement)]

    def municipality_name(self, code: str) -> str | None:
        """The municipality's name ("Botkyrka") by its code, also one without cases."""
        statement = select(Municipality.name).where(Municipality.code == code)
        with self._db.connect() as connection:
            return connection.execute(statement).scalar_one_or_none()

    def find_agent(self, username: str) -> uuid.UUID | None:
        """The user with this user name (the command line's --agent), or None."""
        statement = select(User.id).where(User.username == normalise_username(username))
        with self._db.connect() as connection:
            return connection.execute(statement).scalar_one_or_none()

    # Reports -------------------------------------------------------------------------------

    def follow_up(
        self,
        query: ReportQuery,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        screen: str = "rapporter",
    ) -> Report:
        """The follow-up figures for the period and scope (docs/reports.md)."""
        self._check(query)
        made_at = clock.now()
        with self._db.connect() as connection, connection.begin():
            ctx = figures.Context(
                query, figures.municipality_names(connection), figures.user_names(connection)
            )
            scope, place = self._scope(ctx)
            forms = figures.form_names(connection)
            steps: list[Callable[[], Section]] = [
                lambda: figures.cases(connection, ctx),
                lambda: figures.outcomes(connection, ctx),
                lambda: figures.days_to_placement(connection, ctx)[0],
                lambda: figures.placements(connection, ctx, forms),
                lambda: figures.referral_status(connection, ctx),
                lambda: figures.conversion(connection, ctx),
                lambda: figures.contacts(connection, ctx),
                lambda: figures.needs(connection, ctx, forms),
                lambda: figures.sectors(connection, ctx),
            ]
            sections = []
            for done, step in enumerate(steps):
                if cancelled is not None and cancelled():
                    raise ReportCancelledError
                if progress is not None:
                    progress(done, len(steps))
                sections.append(step())
            if progress is not None:
                progress(len(steps), len(steps))
        report = Report(
            title=f"Uppföljning {_period(query)}, {place}",
            query=query,
            scope=scope,
            made_at=made_at,
            sections=tuple(sections),
        )
        self._audit("read", f"uppföljning {_period(query)}, {_scope_code(query)}", screen)
        return report

    def esf(
        self,
        query: ReportQuery,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        screen: str = "rapporter",
    ) -> EsfReport:
        """One row per participant active in the period, and the summary ESF asks for."""
        self._check(query)
        made_at = clock.now()
        if progress is not None:
            progress(0, 2)
        with self._db.connect() as connection, connection.begin():
            ctx = figures.Context(
                query, figures.municipality_names(connection), figures.user_names(connection)
            )
            scope, place = self._scope(ctx)
            rows, persons = esf_rows.rows(connection, query, ctx.municipalities)
        if cancelled is not None and cancelled():
            raise ReportCancelledError
        if progress is not None:
            progress(1, 2)
        summary = esf_rows.summary(rows, query, persons)
        if progress is not None:
            progress(2, 2)
        report = EsfReport(
            rows=tuple(rows),
            summary=summary,
            query=query,
            made_at=made_at,
            scope=scope,
            title=f"ESF-deltagarrapport {_period(query)}, {place}",
        )
        self._audit(
            "read",
            f"ESF-deltagare {_period(query)}, {_scope_code(query)}: {len(rows)} rader",
            screen,
        )
        return report

    # Export --------------------------------------------------------------------------------

    def export(self, report: Report | EsfReport, path: Path, *, screen: str = "rapporter") -> Path:
        """Write the report to `path` (.xlsx, .csv or .pdf by the suffix), whole or not at
        all, and record the export; the path written."""
        self._require_role()
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise ReportError("Välj en fil som slutar på .xlsx, .csv eller .pdf.")
        from desktop.documents import files
        from desktop.services.reports import exports

        try:
            files.check_target(path)
            if suffix == ".pdf":
                write = exports.pdf_writer(self._db, self._actor, report)
            else:
                write = exports.writer(report, suffix)
            if isinstance(report, EsfReport):
                details = f"ESF-deltagare {suffix}, {len(report.rows)} rader: {path.name}"
            else:
                details = f"uppföljning {suffix}, {len(report.sections)} avsnitt: {path.name}"
            with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
                audit.record(session, "export", ENTITY, details=details[:200])
                session.flush()
                files.write_atomically(path, write)
        except DocumentError as error:
            raise ReportError(str(error)) from None
        return path

    # Helpers -------------------------------------------------------------------------------

    def _require_role(self) -> None:
        if self._actor.role not in ROLES:
            raise ReportError(REFUSED)

    def _check(self, query: ReportQuery) -> None:
        self._require_role()
        problems = query_problems(query.start, query.end)
        if problems:
            raise ReportError(problems.get("start") or problems["end"])

    def _scope(self, ctx: figures.Context) -> tuple[str, str]:
        """The scope as printed ("Botkyrka kommun, Agnes Agent") and the place for the
        title ("Botkyrka", "alla kommuner")."""
        query = ctx.query
        if query.municipality_code is None:
            scope, place = "Alla kommuner", "alla kommuner"
        else:
            name = ctx.municipalities.get(query.municipality_code)
            if name is None:
                raise ReportError(f"Det finns ingen kommun med koden {query.municipality_code}.")
            scope, place = f"{name} kommun", name
        if query.agent_id is not None:
            agent = ctx.users.get(query.agent_id)
            if agent is None:
                raise ReportError("Den valda handläggaren finns inte.")
            scope += f", handläggare {agent}"
            place += f", {agent}"
        return scope, place

    def _audit(self, action: str, details: str, screen: str) -> None:
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            audit.record(session, action, ENTITY, details=details[:200])


def _period(query: ReportQuery) -> str:
    return f"{query.start.isoformat()} – {query.end.isoformat()}"


def _scope_code(query: ReportQuery) -> str:
    parts = [query.municipality_code or "alla kommuner"]
    if query.agent_id is not None:
        parts.append(f"handläggare {query.agent_id}")
    return ", ".join(parts)
