"""Intake and case work: opening a person's screen (the audited read, the case, the
journal, the follow-ups and the profile) and saving a whole intake.

Each is measured on a copy of the data set (opening a person writes an audit row, and an
intake adds a person), beside its limit taken on the same copy in the same run: the raw
SQL that reads the same rows (and writes one row, as the audit does) for opening, and
the same number of rows written raw in one transaction for saving.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import (
    Run,
    emit,
    open_as_admin,
    percentile,
    raw_connection,
    timed,
    unlock,
    writable_copy,
)

SAMPLES = 60

RAW_OPEN = [
    "SELECT * FROM persons WHERE id = :person",
    "SELECT * FROM municipalities WHERE code = (SELECT municipality_code FROM persons "
    "WHERE id = :person)",
    "SELECT id FROM consents WHERE person_id = :person AND kind = 'dela_profil' "
    "AND withdrawn_on IS NULL",
    "SELECT * FROM users ORDER BY full_name",
    "SELECT c.*, u.full_name FROM cases c LEFT JOIN users u ON u.id = c.agent_id "
    "WHERE c.person_id = :person ORDER BY c.opened_on DESC",
    "SELECT n.*, u.full_name FROM case_notes n LEFT JOIN users u ON u.id = n.author_id "
    "WHERE n.case_id = (SELECT current_case_id FROM persons WHERE id = :person) "
    "ORDER BY n.note_date DESC",
    "SELECT * FROM tasks WHERE case_id = (SELECT current_case_id FROM persons "
    "WHERE id = :person) ORDER BY due_date",
    "SELECT * FROM person_languages WHERE person_id = :person",
    "SELECT * FROM educations WHERE person_id = :person",
    "SELECT * FROM work_experiences WHERE person_id = :person",
    "SELECT * FROM qualifications WHERE person_id = :person",
    "SELECT * FROM wished_occupations WHERE person_id = :person",
    "SELECT * FROM wished_municipalities WHERE person_id = :person",
]


def _people_with_cases(path: Path, key: bytes) -> list[uuid.UUID]:
    raw = raw_connection(path, key)
    try:
        rows = raw.execute(
            "SELECT id FROM persons WHERE current_case_id IS NOT NULL ORDER BY random() LIMIT ?",
            (SAMPLES,),
        ).fetchall()
    finally:
        raw.close()
    return [
        uuid.UUID(bytes=row[0]) if isinstance(row[0], bytes) else uuid.UUID(row[0]) for row in rows
    ]


def _raw_open(raw: Any, person: object) -> None:
    for statement in RAW_OPEN:
        raw.execute(statement, {"person": person}).fetchall()
    raw.execute("INSERT INTO bench_scratch (payload) VALUES (?)", (str(person),))
    raw.commit()


def _services_only(services: Any, person_id: uuid.UUID) -> None:
    """What the person screen asks of the services, every tab included."""
    services.persons.open(person_id)
    services.accounts.users()
    cases = services.cases.cases_of(person_id)
    services.cases.notes(cases[0].id)
    services.cases.tasks_of_case(cases[0].id)
    services.intake.profile_of(person_id)


def _screen_times(app: Any, services: Any, person_id: uuid.UUID) -> tuple[float, float]:
    """Milliseconds to open the person's screen (on the case tab), and then to show the
    journal and the follow-ups, which are built and read when first shown."""
    from PySide6.QtCore import QEvent

    from desktop.views.person.view import PersonView

    start = time.perf_counter()
    view = PersonView(
        services.persons,
        services.cases,
        services.intake,
        services.accounts,
        services.reference,
        person_id,
    )
    view.resize(1040, 760)
    view.show()
    app.processEvents()
    opened = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for tab in (view.journal, view.tasks):
        view.show_tab(tab)
        app.processEvents()
    tabs = (time.perf_counter() - start) * 1000
    view.close()
    view.deleteLater()
    # Destroyed now, so that it is not counted in the next opening.
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return opened, tabs


def person_open(run: Run) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.services.registry import Services

    key = unlock(run.db)
    with writable_copy(run) as path:
        people = _people_with_cases(path, key)
        app = QApplication.instance() or QApplication([])
        db, actor = open_as_admin(path, key)
        services = Services.for_user(db, actor)
        try:
            service_ms = [timed(partial(_services_only, services, p)) for p in people]
            screen_ms, tabs_ms = zip(
                *(_screen_times(app, services, p) for p in people), strict=True
            )
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            raw.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT)")
            raw.commit()
            raw_ms = [timed(partial(_raw_open, raw, p.hex)) for p in people]
        finally:
            raw.close()
        bare_ms = [timed(partial(_bare_window, app)) for _ in people]
    # The screen's limit: the same rows by raw SQL, and a bare window of the same size.
    floor_ms = [r + b for r, b in zip(raw_ms, bare_ms, strict=True)]
    for name, figures, limit in (
        ("person_open_services", service_ms, raw_ms),
        ("person_open_screen", list(screen_ms), floor_ms),
        ("person_journal_and_follow_ups_first_shown", list(tabs_ms), raw_ms),
    ):
        emit(
            f"{name}_p95",
            run,
            percentile(figures, 0.95),
            "ms",
            percentile(limit, 0.95),
            target="value <= 50 ms",
            samples=len(figures),
            p50=round(percentile(figures, 0.5), 3),
            limit_p50=round(percentile(limit, 0.5), 3),
        )


def _bare_window(app: Any) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    window.resize(1040, 760)
    window.show()
    app.processEvents()
    window.close()


def _intake(number: int) -> Any:
    """A whole intake of a made-up person, different each time (no duplicates)."""
    from desktop.services.intake import (
        EducationEntry,
        ExperienceEntry,
        IntakeData,
        LanguageEntry,
    )

    today = dt.date.today()
    return IntakeData(
        first_name=f"Benchmark{number:03d}",
        last_name="Testperson",
        has_identity_number=False,
        birth_date=(dt.date(1980, 1, 1) + dt.timedelta(days=number * 37)).isoformat(),
        no_identity_reason="Väntar på samordningsnummer",
        gender="kvinna",
        phone="070-000 00 00",
        email="test@example.se",
        street_address="Provgatan 1",
        postal_code="147 30",
        city="Tumba",
        municipality_code="0127",
        consent_processing=True,
        consent_sharing=True,
        consent_date=today.isoformat(),
        consent_method="skriftligt",
        birth_country="SY",
        citizenship="SY",
        arrival_date="2019-05-01",
        referred_by="Arbetsförmedlingen",
        languages=[LanguageEntry("ar", "", True), LanguageEntry("en", "B1")],
        sfi_path="2",
        sfi_course="SFI_C",
        educations=[EducationEntry("3", "Handel", "SY", "3", True, "")],
        experiences=[ExperienceEntry("5223", "Butikssäljare", "4", "SY")],
        driving_licences=["B"],
        certificates=["Truckkort"],
        wished_occupations=["5223", "9111"],
        wished_municipalities=["0127"],
        work_extent="heltid",
        earliest_start=(today + dt.timedelta(days=14)).isoformat(),
    )


def intake_save(run: Run) -> None:
    from sqlalchemy import func, select

    from desktop.models import AuditEvent
    from desktop.services.intake import IntakeService

    key = unlock(run.db)
    with writable_copy(run) as path:
        db, actor = open_as_admin(path, key)
        try:
            intake = IntakeService(db, actor)
            with db.read() as session:
                events_before = session.scalar(select(func.count()).select_from(AuditEvent))
            app_ms = []
            for number in range(SAMPLES):
                data = _intake(number)
                app_ms.append(timed(partial(intake.complete, data)))
            with db.read() as session:
                events_after = session.scalar(select(func.count()).select_from(AuditEvent))
        finally:
            db.close()
        # Every row an intake writes is one audit event; write as many rows raw (plus
        # their audit rows' worth) in one transaction each.
        rows = round(2 * ((events_after or 0) - (events_before or 0)) / SAMPLES)
        raw = raw_connection(path, key)
        try:
            raw.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT)")
            raw.commit()

            def write() -> None:
                raw.executemany(
                    "INSERT INTO bench_scratch (payload) VALUES (?)",
                    [(uuid.uuid4().hex * 4,) for _ in range(rows)],
                )
                raw.commit()

            raw_ms = [timed(write) for _ in range(SAMPLES)]
        finally:
            raw.close()
    emit(
        "intake_save_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 50 ms",
        samples=len(app_ms),
        rows_per_intake=rows,
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )
