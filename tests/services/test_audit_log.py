"""The administrator's audit log: filters, keyset pages, export and who may use them."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from desktop.models import AuditEvent
from desktop.services import audit, audit_log
from desktop.services.accounts import AccessDeniedError, Actor
from desktop.services.audit_log import (
    AuditLogError,
    AuditLogService,
    AuditQuery,
    AuditRow,
    ExportCancelledError,
)
from desktop.store.database import Database
from tests.factories import make_person, make_user


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Log:
    db: Database
    admin: Actor
    agent: uuid.UUID
    other: uuid.UUID
    amina: uuid.UUID
    yonas: uuid.UUID
    gone: uuid.UUID  # a person erased since: the log still names the id
    # (seq, time, user, action, entity type, person) of each event, oldest first
    events: list[tuple[int, dt.datetime, uuid.UUID | None, str, str, uuid.UUID | None]]

    def service(self, actor: Actor | None = None) -> AuditLogService:
        return AuditLogService(self.db, actor or self.admin)

    def expected(self, **wanted: Any) -> list[int]:
        """The seqs an exact filter should give, newest first (times only grow here)."""
        keys = ("seq", "time", "user", "action", "entity", "person")
        found = [dict(zip(keys, event, strict=True)) for event in self.events]
        chosen = [e["seq"] for e in found if all(e[k] == v for k, v in wanted.items())]
        return sorted(chosen, reverse=True)


def record_at(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    *,
    moment: dt.datetime,
    user: uuid.UUID | None,
    action: str,
    entity: str,
    person: uuid.UUID | None,
) -> int:
    monkeypatch.setattr(audit, "utcnow", lambda: moment)
    with db.unit_of_work(actor=user, screen="test") as session:
        event = audit.record(session, action, entity, uuid.uuid4(), person_id=person)
        return event.seq


@pytest.fixture
def log(db: Database, monkeypatch: pytest.MonkeyPatch) -> Log:
    # The people exist before the trail is installed, so the log holds only the events
    # below, at the times chosen for them.
    with db.unit_of_work() as session:
        admin = make_user(session, "admin", "Ada Administratör")
        admin.role = "administrator"
        agent = make_user(session, "agent", "Agnes Agent").id
        other = make_user(session, "other", "Omar Handläggare").id
        amina = make_person(session, "Amina", "Abdullahi").id
        yonas = make_person(session, "Yonas", "Tesfamariam").id
        admin_actor = Actor(admin.id, admin.username, admin.full_name, "administrator")
    audit.install(db)
    gone = uuid.uuid4()
    plan = [
        (utc(2025, 1, 1, 10, 0), agent, "read", "Person", amina),
        # 00:30 on 2 January in Sweden (UTC+1)
        (utc(2025, 1, 1, 23, 30), agent, "update", "Person", amina),
        (utc(2025, 1, 2, 8, 0), other, "read", "Person", yonas),
        # the same moment three times: the order must still be total
        (utc(2025, 1, 2, 8, 0), other, "print", "Referral", yonas),
        (utc(2025, 1, 2, 8, 0), agent, "read", "Person", yonas),
        # 00:30 on 1 July in Sweden (UTC+2)
        (utc(2025, 6, 30, 22, 30), other, "export", "Report", None),
        (utc(2025, 7, 1, 12, 0), agent, "login", "User", None),
        (utc(2025, 7, 1, 12, 0), None, "export", "Database", None),
        (utc(2025, 7, 2, 9, 0), agent, "delete", "CaseNote", gone),
    ]
    events = []
    for moment, user, action, entity, person in plan:
        seq = record_at(
            db, monkeypatch, moment=moment, user=user, action=action, entity=entity, person=person
        )
        events.append((seq, moment, user, action, entity, person))
    monkeypatch.undo()
    return Log(db, admin_actor, agent, other, amina, yonas, gone, events)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for exports, apart from the database's files."""
    folder = tmp_path / "export"
    folder.mkdir()
    return folder


def all_pages(service: AuditLogService, query: AuditQuery, limit: int) -> list[AuditRow]:
    rows: list[AuditRow] = []
    while True:
        page = service.page(query, rows[-1] if rows else None, limit)
        rows.extend(page)
        if len(page) < limit:
            return rows


@pytest.mark.parametrize("limit", [1, 2, 4, 100])
def test_pages_are_newest_first_without_gaps_or_repeats(log: Log, limit: int) -> None:
    rows = all_pages(log.service(), AuditQuery(), limit)
    assert [r.seq for r in rows] == log.expected()


def test_rows_carry_names_and_swedish_labels(log: Log) -> None:
    rows = {r.seq: r for r in log.service().page(AuditQuery())}
    first = rows[1]
    assert (first.user_name, first.username) == ("Agnes Agent", "agent")
    assert (first.action_label, first.entity_label) == ("läst", "Deltagare")
    assert first.person_name == "Abdullahi, Amina"
    assert first.local_time == dt.datetime(2025, 1, 1, 11, 0, tzinfo=audit_log.STOCKHOLM)
    assert first.screen == "test"
    labels = {r.action: r.action_label for r in rows.values()}
    assert labels == {
        "read": "läst",
        "update": "ändrat",
        "print": "utskrivet",
        "export": "exporterat",
        "login": "inloggning",
        "delete": "raderat",
    }
    assert rows[9].entity_label == "Journalanteckning"
    assert rows[9].person_name == "(raderad deltagare)"
    assert rows[8].user_name == "(ingen användare)"
    assert rows[8].person_name == ""
    assert audit_log.action_label("logout") == "utloggning"
    assert audit_log.entity_label("Task") == "Uppföljning"
    assert audit_log.entity_label("Setting") == "Inställning"


def test_filters_by_user_person_and_action(log: Log) -> None:
    service = log.service()

    def seqs(query: AuditQuery) -> list[int]:
        return [r.seq for r in all_pages(service, query, 2)]

    assert seqs(AuditQuery(user_id=log.agent)) == log.expected(user=log.agent)
    assert seqs(AuditQuery(user_id=log.other)) == log.expected(user=log.other)
    assert seqs(AuditQuery(person_id=log.yonas)) == log.expected(person=log.yonas)
    assert seqs(AuditQuery(person_id=log.gone)) == [9]
    assert seqs(AuditQuery(action="read")) == log.expected(action="read")
    both = AuditQuery(user_id=log.agent, person_id=log.yonas)
    assert seqs(both) == log.expected(user=log.agent, person=log.yonas) == [5]
    three = AuditQuery(user_id=log.other, person_id=log.yonas, action="print")
    assert seqs(three) == [4]
    assert seqs(AuditQuery(action="logout")) == []


def test_a_period_is_whole_days_in_swedish_time(log: Log) -> None:
    service = log.service()

    def seqs(start: dt.date | None, end: dt.date | None, **more: Any) -> list[int]:
        return [
            r.seq for r in all_pages(service, AuditQuery(date_from=start, date_to=end, **more), 2)
        ]

    # 23:30 UTC on 1 January is 00:30 on the 2nd in Sweden.
    assert seqs(dt.date(2025, 1, 1), dt.date(2025, 1, 1)) == [1]
    assert seqs(dt.date(2025, 1, 2), dt.date(2025, 1, 2)) == [5, 4, 3, 2]
    # Summer time: 22:30 UTC on 30 June is 00:30 on 1 July.
    assert seqs(dt.date(2025, 6, 30), dt.date(2025, 6, 30)) == []
    assert seqs(dt.date(2025, 7, 1), None) == [9, 8, 7, 6]
    assert seqs(None, dt.date(2025, 7, 1)) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert seqs(dt.date(2025, 1, 2), dt.date(2025, 7, 1), user_id=log.agent) == [7, 5, 2]


def test_only_administrators_may_read_verify_or_export(log: Log, out: Path) -> None:
    for role in ("handlaggare", "samordnare"):
        actor = Actor(log.agent, "agent", "Agnes Agent", role)
        service = log.service(actor)
        with pytest.raises(AccessDeniedError):
            service.page(AuditQuery())
        with pytest.raises(AccessDeniedError):
            service.verify()
        with pytest.raises(AccessDeniedError):
            service.find_user("agent")
        with pytest.raises(AccessDeniedError):
            service.export(AuditQuery(), out / "logg.csv")
    assert list(out.iterdir()) == []


def test_find_user_by_username(log: Log) -> None:
    assert log.service().find_user(" AGENT ") == log.agent
    assert log.service().find_user("ingen") is None


def expected_cells(row: AuditRow) -> list[Any]:
    local = row.occurred_at.astimezone(audit_log.STOCKHOLM).replace(tzinfo=None)
    return [
        row.seq,
        local,
        row.user_name,
        row.username,
        row.action_label,
        row.entity_label,
        str(row.entity_id) if row.entity_id else "",
        row.person_name,
        str(row.person_id) if row.person_id else "",
        row.screen,
        row.details,
    ]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def export_events(db: Database) -> list[AuditEvent]:
    with db.read() as session:
        query = select(AuditEvent).where(AuditEvent.action == "export")
        return [e for e in session.scalars(query) if e.entity_type == "AuditEvent"]


def test_csv_export_matches_the_list_and_is_itself_logged(log: Log, out: Path) -> None:
    service = log.service()
    query = AuditQuery(person_id=log.yonas)
    shown = service.page(query)
    path = out / "logg.csv"
    assert service.export(query, path, screen="logg") == 3

    lines = read_csv(path)
    assert lines[0] == list(audit_log.COLUMNS)
    expected = []
    for row in shown:
        cells = expected_cells(row)
        cells[0] = str(cells[0])
        cells[1] = cells[1].strftime("%Y-%m-%d %H:%M:%S")
        expected.append(cells)
    assert lines[1:] == expected
    assert lines[1][1] == "2025-01-02 09:00:00"  # 08:00 UTC in Swedish winter time
    assert "Tesfamariam, Yonas" in lines[1]

    (event,) = export_events(log.db)
    assert (event.user_id, event.screen, event.person_id) == (log.admin.user_id, "logg", log.yonas)
    assert event.details == "logg, 3 händelser: logg.csv"
    assert audit.verify(log.db).intact
    # The export is now in the log it came from, under the person it was about.
    assert service.page(query)[0].action_label == "exporterat"
    assert [p.name for p in out.iterdir()] == ["logg.csv"]


def test_xlsx_export_matches_the_list(log: Log, out: Path) -> None:
    service = log.service()
    shown = service.page(AuditQuery())
    path = out / "logg.xlsx"
    assert service.export(AuditQuery(), path) == len(shown) == 9

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        assert workbook.sheetnames == ["Logg"]
        values = [list(r) for r in workbook["Logg"].iter_rows(values_only=True)]
    finally:
        workbook.close()
    assert values[0] == list(audit_log.COLUMNS)
    # Empty cells are left out of the file; they come back as None, or not at all.
    width = len(audit_log.COLUMNS)
    padded = [[*row, *[None] * (width - len(row))] for row in values[1:]]
    assert [[v if v is not None else "" for v in row] for row in padded] == [
        expected_cells(r) for r in shown
    ]
    assert values[1][1] == dt.datetime(2025, 7, 2, 11, 0)  # 09:00 UTC in Swedish summer time
    assert len(export_events(log.db)) == 1


def test_text_that_looks_like_a_formula_stays_text(log: Log, out: Path) -> None:
    with log.db.unit_of_work(actor=log.agent, screen="test") as session:
        person = make_person(session, '=HYPERLINK("http://x","klicka")', "-Test")
    service = log.service()
    query = AuditQuery(person_id=person.id)
    service.export(query, out / "logg.csv")
    service.export(query, out / "logg.xlsx")

    assert read_csv(out / "logg.csv")[1][7] == '\'-Test, =HYPERLINK("http://x","klicka")'
    workbook = openpyxl.load_workbook(out / "logg.xlsx")
    try:
        cell = workbook["Logg"]["H2"]
        assert cell.data_type == "s"
        assert cell.value == '-Test, =HYPERLINK("http://x","klicka")'
    finally:
        workbook.close()


def test_a_control_character_does_not_break_an_excel_export(log: Log, out: Path) -> None:
    with log.db.unit_of_work(actor=log.agent, screen="test") as session:
        person = make_person(session, "Hawa", "Mohamud\x07")
    log.service().export(AuditQuery(person_id=person.id), out / "logg.xlsx")
    workbook = openpyxl.load_workbook(out / "logg.xlsx", read_only=True)
    try:
        (row,) = workbook["Logg"].iter_rows(min_row=2, values_only=True)
    finally:
        workbook.close()
    assert row[7] == "Mohamud\ufffd, Hawa"


def test_a_long_export_continues_on_a_new_sheet(
    log: Log, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_log, "XLSX_MAX_ROWS", 4)  # a header and three events
    path = out / "logg.xlsx"
    log.service().export(AuditQuery(), path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        assert workbook.sheetnames == ["Logg", "Logg 2", "Logg 3"]
        seqs = [
            row[0]
            for name in workbook.sheetnames
            for row in workbook[name].iter_rows(min_row=2, values_only=True)
        ]
    finally:
        workbook.close()
    assert seqs == log.expected()


def test_an_empty_selection_exports_the_header(log: Log, out: Path) -> None:
    query = AuditQuery(action="logout")
    assert log.service().export(query, out / "tom.csv") == 0
    assert log.service().export(query, out / "tom.xlsx") == 0
    assert read_csv(out / "tom.csv") == [list(audit_log.COLUMNS)]
    workbook = openpyxl.load_workbook(out / "tom.xlsx", read_only=True)
    try:
        assert list(workbook["Logg"].iter_rows(values_only=True)) == [audit_log.COLUMNS]
    finally:
        workbook.close()


@pytest.mark.parametrize("name", ["logg.txt", "logg", "logg.xls"])
def test_an_unknown_file_type_is_refused(log: Log, out: Path, name: str) -> None:
    with pytest.raises(AuditLogError, match=r"\.csv eller \.xlsx"):
        log.service().export(AuditQuery(), out / name)
    assert list(out.iterdir()) == []
    assert export_events(log.db) == []


def test_a_file_that_cannot_be_written_leaves_no_event(log: Log, out: Path) -> None:
    with pytest.raises(AuditLogError, match="kunde inte skrivas"):
        log.service().export(AuditQuery(), out / "saknas" / "logg.csv")
    assert export_events(log.db) == []


def test_a_cancelled_export_leaves_no_file_and_no_event(
    log: Log, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_log, "PROGRESS_EVERY", 2)
    seen: list[int] = []

    def progress(count: int) -> bool:
        seen.append(count)
        return count < 4

    for name in ("logg.csv", "logg.xlsx"):
        seen.clear()
        with pytest.raises(ExportCancelledError, match="avbröts"):
            log.service().export(AuditQuery(), out / name, progress=progress)
        assert seen == [2, 4]
    assert list(out.iterdir()) == []
    assert export_events(log.db) == []


def test_an_export_replaces_an_older_file_only_when_done(
    log: Log, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_log, "PROGRESS_EVERY", 1)
    path = out / "logg.csv"
    path.write_text("förra exporten", encoding="utf-8")

    def cancel(_count: int) -> bool:
        return False

    with pytest.raises(ExportCancelledError):
        log.service().export(AuditQuery(), path, progress=cancel)
    assert path.read_text(encoding="utf-8") == "förra exporten"
    log.service().export(AuditQuery(), path)
    assert len(read_csv(path)) == 10


QUERIES = {
    "all": (AuditQuery(), "ix_audit_events_time"),
    "user": (AuditQuery(user_id=uuid.uuid4()), "ix_audit_events_user_time"),
    "person": (AuditQuery(person_id=uuid.uuid4()), "ix_audit_events_person_time"),
    "user and person": (
        AuditQuery(user_id=uuid.uuid4(), person_id=uuid.uuid4()),
        "ix_audit_events_person_time",
    ),
    "action": (AuditQuery(action="read"), "ix_audit_events_time"),
    "period": (
        AuditQuery(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 2, 1)),
        "ix_audit_events_time",
    ),
    "user in a period": (
        AuditQuery(user_id=uuid.uuid4(), date_from=dt.date(2025, 1, 1)),
        "ix_audit_events_user_time",
    ),
    "person and action in a period": (
        AuditQuery(person_id=uuid.uuid4(), action="read", date_to=dt.date(2025, 2, 1)),
        "ix_audit_events_person_time",
    ),
}


@pytest.mark.parametrize("keyset", [False, True])
@pytest.mark.parametrize("name", list(QUERIES))
def test_every_query_walks_an_index_in_order(log: Log, name: str, keyset: bool) -> None:
    query, index = QUERIES[name]
    statement = audit_log.statement_for(query, keyset=keyset, paged=True)
    with log.db.connect() as connection:
        compiled = statement.compile(connection)
        sql = "EXPLAIN QUERY PLAN " + str(compiled)
        # The plan does not depend on the values; every parameter may be NULL.
        plan = [
            row[3]
            for row in connection.exec_driver_sql(
                sql, (None,) * len(compiled.positiontup or ())
            ).all()
        ]
    events = next(step for step in plan if " audit_events " in f" {step} ")
    assert f"USING INDEX {index}" in events, plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
    if keyset or query.date_from or query.date_to or query.user_id or query.person_id:
        assert events.startswith("SEARCH"), plan
