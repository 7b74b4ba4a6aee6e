"""The employer register and recruitment needs, through their services: search as you
type, the contact dialog's type-ahead, a list page, opening an employer with its
timeline, logging a contact, and a page of the open-needs list.

Each figure is printed beside its limit, measured in the same run on the same data
through the same driver and key: the raw SQL that reads (or writes) the same rows. What
writes (opening is an audited read) runs on a copy of the data set, removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

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

T = TypeVar("T")
SAMPLES = 60
TYPED_NAMES = 40
PAGES = 30

RAW_MATCH = "SELECT rowid FROM employer_search WHERE employer_search MATCH ?"
RAW_SUGGEST = """
SELECT e.id, e.name, e.org_number, m.name FROM employers e
LEFT JOIN municipalities m ON m.code = e.municipality_code
WHERE e.rowid IN (SELECT rowid FROM employer_search WHERE employer_search MATCH ?)
ORDER BY e.sort_key, e.id LIMIT 10
"""
RAW_LIST_PAGE = """
SELECT e.id, e.name, e.org_number, m.name, e.sector, e.industry_name,
       e.relationship_status, u.full_name, e.last_contact_on, e.sort_key
FROM employers e
LEFT JOIN municipalities m ON m.code = e.municipality_code
LEFT JOIN users u ON u.id = e.responsible_agent_id
WHERE (e.sort_key, e.id) > (?, ?)
ORDER BY e.sort_key, e.id LIMIT 100
"""
RAW_OPEN = [
    "SELECT e.*, m.name, u.full_name FROM employers e "
    "LEFT JOIN municipalities m ON m.code = e.municipality_code "
    "LEFT JOIN users u ON u.id = e.responsible_agent_id WHERE e.id = :id",
    "SELECT w.*, m.name FROM workplaces w "
    "LEFT JOIN municipalities m ON m.code = w.municipality_code WHERE w.employer_id = :id",
    "SELECT * FROM contact_persons WHERE employer_id = :id",
    "SELECT c.*, u.full_name FROM employer_contacts c LEFT JOIN users u ON u.id = c.agent_id "
    "WHERE c.employer_id = :id ORDER BY c.contact_date DESC, c.created_at DESC, c.id DESC "
    "LIMIT 51",
    "SELECT v.*, e.name, o.name_sv, f.name_sv, m.name, "
    "(SELECT count(*) FROM placements p WHERE p.vacancy_id = v.id) FROM vacancies v "
    "JOIN employers e ON e.id = v.employer_id JOIN occupations o ON o.code = v.occupation_code "
    "JOIN labour_market_forms f ON f.code = v.form_code "
    "LEFT JOIN municipalities m ON m.code = v.municipality_code WHERE v.employer_id = :id",
    "SELECT t.*, u.full_name FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id "
    "WHERE t.employer_id = :id ORDER BY t.due_date",
]
RAW_NEEDS_PAGE = """
SELECT v.id, v.employer_id, e.name, v.title, v.occupation_code, o.name_sv, v.positions,
       (SELECT count(*) FROM placements p WHERE p.vacancy_id = v.id), v.form_code,
       f.name_sv, v.extent, m.name, v.start_date, v.apply_by, v.status
FROM vacancies v
JOIN employers e ON e.id = v.employer_id
JOIN occupations o ON o.code = v.occupation_code
JOIN labour_market_forms f ON f.code = v.form_code
LEFT JOIN municipalities m ON m.code = v.municipality_code
WHERE v.status = 'oppet' AND v.apply_by IS NOT NULL AND (v.apply_by, v.id) > (?, ?)
ORDER BY v.apply_by, v.id LIMIT 100
"""


def _timed(action: Callable[[], T]) -> tuple[float, T]:
    """Milliseconds one call takes, and what it returned."""
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def _fetch(raw: Any, sql: str, params: tuple[object, ...]) -> None:
    raw.execute(sql, params).fetchall()


def _ids(raw: Any, sql: str, *params: object) -> list[uuid.UUID]:
    return [
        uuid.UUID(bytes=row[0]) if isinstance(row[0], bytes) else uuid.UUID(row[0])
        for row in raw.execute(sql, params).fetchall()
    ]


def typed_prefixes(path: Path, key: bytes | None) -> list[str]:
    """What users type: growing prefixes of employer names in the data, a keystroke at a
    time, and of a few organisationsnummer."""
    raw = raw_connection(path, key)
    try:
        rows = raw.execute(
            "SELECT name, org_number FROM employers WHERE rowid IN "
            "(SELECT rowid FROM employers ORDER BY random() LIMIT ?)",
            (TYPED_NAMES,),
        ).fetchall()
    finally:
        raw.close()
    names = [str(row[0]) for row in rows]
    numbers = [str(row[1]) for row in rows[:8] if row[1]]
    random.Random(1).shuffle(names)
    typed = [name[:length] for name in names for length in range(1, min(len(name), 10) + 1)]
    typed += [number[:length] for number in numbers for length in range(1, 8)]
    return typed


def employer_search(run: Run) -> None:
    """Search as you type in the Arbetsgivare list: a page and the header's count."""
    from desktop.services.employers import EmployerQuery, EmployerService
    from desktop.services.search import fts_query

    key = unlock(run.db)
    prefixes = typed_prefixes(run.db, key)
    db, actor = open_as_admin(run.db, key)
    try:
        service = EmployerService(db, actor)

        def keystroke(text: str) -> None:
            query = EmployerQuery(text=text)
            service.page(query)
            service.count(query)

        app_ms = [timed(partial(keystroke, prefix)) for prefix in prefixes]
    finally:
        db.close()
    raw = raw_connection(run.db, key)
    try:
        queries = [fts_query(prefix) for prefix in prefixes]
        raw_ms = [timed(partial(_fetch, raw, RAW_MATCH, (q,))) for q in queries]
    finally:
        raw.close()
    for name, fraction in (("employer_search_p50", 0.5), ("employer_search_p95", 0.95)):
        emit(
            name,
            run,
            percentile(app_ms, fraction),
            "ms",
            percentile(raw_ms, fraction),
            target="p95 <= 30 ms",
            keystrokes=len(prefixes),
        )


def employer_suggest(run: Run) -> None:
    """The contact dialog's type-ahead: ten employers for what has been typed."""
    from desktop.services.employers import EmployerService
    from desktop.services.search import fts_query

    key = unlock(run.db)
    prefixes = typed_prefixes(run.db, key)
    db, actor = open_as_admin(run.db, key)
    try:
        service = EmployerService(db, actor)
        app_ms = [timed(partial(service.suggest, prefix)) for prefix in prefixes]
    finally:
        db.close()
    raw = raw_connection(run.db, key)
    try:
        queries = [fts_query(prefix) for prefix in prefixes]
        raw_ms = [timed(partial(_fetch, raw, RAW_SUGGEST, (q,))) for q in queries]
    finally:
        raw.close()
    emit(
        "employer_suggest_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 30 ms",
        keystrokes=len(prefixes),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )


def employer_list(run: Run) -> None:
    """Pages of the Arbetsgivare list in name order, as the lazy model fetches them."""
    from desktop.services.employers import EmployerQuery, EmployerService

    key = unlock(run.db)
    db, actor = open_as_admin(run.db, key)
    try:
        service = EmployerService(db, actor)
        query = EmployerQuery()
        app_ms: list[float] = []
        cursors: list[tuple[object, ...]] = []
        after = None
        for _ in range(PAGES * 2):
            ms, page = _timed(partial(service.page, query, after))
            app_ms.append(ms)
            if len(page) < 100:
                break
            after = page[-1]
            cursors.append((after.cursor[0], after.id.hex))
    finally:
        db.close()
    raw = raw_connection(run.db, key)
    try:
        raw_ms = [timed(partial(_fetch, raw, RAW_LIST_PAGE, c)) for c in cursors]
    finally:
        raw.close()
    emit(
        "employer_list_page_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 20 ms",
        pages=len(app_ms),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )


def _raw_open(raw: Any, employer: str) -> None:
    for statement in RAW_OPEN:
        raw.execute(statement, {"id": employer}).fetchall()
    raw.execute("INSERT INTO bench_scratch (payload) VALUES (?)", (employer,))
    raw.commit()


def employer_open(run: Run) -> None:
    """Opening an employer: details, people, the timeline, needs, follow-ups, and the
    audited read, in one call; the busiest employers are among those opened."""
    from desktop.services.employers import EmployerService

    key = unlock(run.db)
    with writable_copy(run) as path:
        raw = raw_connection(path, key)
        try:
            busiest = _ids(
                raw,
                "SELECT employer_id FROM employer_contacts GROUP BY employer_id "
                "ORDER BY count(*) DESC LIMIT ?",
                SAMPLES // 6,
            )
            others = _ids(raw, "SELECT id FROM employers ORDER BY random() LIMIT ?", SAMPLES)
        finally:
            raw.close()
        employers = [*busiest, *others][:SAMPLES]
        db, actor = open_as_admin(path, key)
        try:
            service = EmployerService(db, actor)
            app_ms = [timed(partial(service.open, employer)) for employer in employers]
            timeline = max(len(service.open(e).timeline) for e in busiest)
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            raw.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT)")
            raw.commit()
            raw_ms = [timed(partial(_raw_open, raw, e.hex)) for e in employers]
        finally:
            raw.close()
    emit(
        "employer_open_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 50 ms",
        samples=len(app_ms),
        longest_timeline=timeline,
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )


def employer_log_contact(run: Run) -> None:
    """Logging a contact with a follow-up: the contact, the employer's last-contact date,
    the task and their audit events in one transaction."""
    from desktop.services.employers import ContactData, EmployerService

    key = unlock(run.db)
    today = dt.date.today()
    data = ContactData(
        kind="telefon",
        participants="Matchningsagent, rekryterande chef",
        summary="Samtal om behovet av personal till våren.",
        outcome="Vill träffa två kandidater.",
        next_step="Skicka profiler",
        follow_up_on=(today + dt.timedelta(days=7)).isoformat(),
    )
    with writable_copy(run) as path:
        raw = raw_connection(path, key)
        try:
            employers = _ids(raw, "SELECT id FROM employers ORDER BY random() LIMIT ?", SAMPLES)
            agent = _ids(raw, "SELECT id FROM users WHERE username = 'admin'")[0]
        finally:
            raw.close()
        db, actor = open_as_admin(path, key)
        try:
            service = EmployerService(db, actor)
            app_ms = [
                timed(partial(service.log_contact, employer, data, today=today))
                for employer in employers
            ]
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            raw.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT)")
            raw.commit()
            raw_ms = [
                timed(partial(_raw_log_contact, raw, e.hex, agent.hex, today)) for e in employers
            ]
        finally:
            raw.close()
    emit(
        "employer_log_contact_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 30 ms",
        samples=len(app_ms),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )


def _raw_log_contact(raw: Any, employer: str, agent: str, today: dt.date) -> None:
    """The same rows written raw: the contact, the employer's date, the task, and three
    rows standing in for their audit events."""
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    raw.execute(
        "INSERT INTO employer_contacts (id, employer_id, agent_id, kind, contact_date, "
        "participants, summary, outcome, next_step, created_at, updated_at, version) "
        "VALUES (?, ?, ?, 'telefon', ?, 'Matchningsagent', 'Samtal.', 'Bra.', 'Ring', ?, ?, 1)",
        (uuid.uuid4().hex, employer, agent, today.isoformat(), stamp, stamp),
    )
    raw.execute(
        "UPDATE employers SET last_contact_on = ?, version = version + 1 WHERE id = ?",
        (today.isoformat(), employer),
    )
    raw.execute(
        "INSERT INTO tasks (id, employer_id, assignee_id, title, due_date, created_at, "
        "updated_at, version) VALUES (?, ?, ?, 'Skicka profiler', ?, ?, ?, 1)",
        (uuid.uuid4().hex, employer, agent, today.isoformat(), stamp, stamp),
    )
    raw.executemany("INSERT INTO bench_scratch (payload) VALUES (?)", [(uuid.uuid4().hex * 4,)] * 3)
    raw.commit()


def needs_list(run: Run) -> None:
    """Pages of the open-needs list by deadline; filtered pages reported beside."""
    from desktop.services.vacancies import NeedQuery, VacancyService

    key = unlock(run.db)
    db, actor = open_as_admin(run.db, key)
    try:
        service = VacancyService(db, actor)

        def walk(query: NeedQuery, pages: int) -> tuple[list[float], list[Any]]:
            times: list[float] = []
            lasts: list[Any] = []
            after = None
            for _ in range(pages):
                ms, page = _timed(partial(service.open_needs, query, after))
                times.append(ms)
                if len(page) < 100:
                    break
                after = page[-1]
                lasts.append(after)
            return times, lasts

        app_ms, lasts = walk(NeedQuery(), PAGES)
        filtered_ms: list[float] = []
        for query in (
            NeedQuery(occupation="5"),
            NeedQuery(occupation="9111"),
            NeedQuery(municipality="0127", not_passed=True),
            NeedQuery(form="praktik"),
            NeedQuery(apply_by_until=dt.date.today() + dt.timedelta(days=30)),
        ):
            filtered_ms += walk(query, 5)[0]
            filtered_ms.append(timed(partial(service.count_open_needs, query)))
    finally:
        db.close()
    cursors = [(row.apply_by.isoformat(), row.id.hex) for row in lasts if row.apply_by]
    raw = raw_connection(run.db, key)
    try:
        raw_ms = [timed(partial(_fetch, raw, RAW_NEEDS_PAGE, c)) for c in cursors]
    finally:
        raw.close()
    emit(
        "needs_list_page_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 20 ms",
        pages=len(app_ms),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
        filtered_p95=round(percentile(filtered_ms, 0.95), 3),
    )


def contact_dialog(run: Run) -> None:
    """Logga kontakt from open to saved, the app's own time (the typing excluded): the
    dialog built, the employer looked up from a few letters, the fields filled, the
    checks, the save and the dialog closed."""
    from PySide6.QtWidgets import QApplication

    from desktop.services.employers import EmployerService

    key = unlock(run.db)
    today = dt.date.today()
    follow_up = (today + dt.timedelta(days=7)).isoformat()
    with writable_copy(run) as path:
        raw = raw_connection(path, key)
        try:
            rows = raw.execute(
                "SELECT id, name FROM employers ORDER BY random() LIMIT ?", (SAMPLES,)
            ).fetchall()
            agent = _ids(raw, "SELECT id FROM users WHERE username = 'admin'")[0]
        finally:
            raw.close()
        typed = [(uuid.UUID(str(row[0])), str(row[1]).split()[0][:6]) for row in rows]
        app = QApplication.instance() or QApplication([])
        db, actor = open_as_admin(path, key)
        try:
            service = EmployerService(db, actor)

            app_ms = [
                timed(partial(_through_dialog, app, service, follow_up, employer, letters))
                for employer, letters in typed
            ]
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            raw.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT)")
            raw.commit()
            from desktop.services.search import fts_query

            def raw_path(employer: uuid.UUID, letters: str) -> None:
                raw.execute(RAW_SUGGEST, (fts_query(letters),)).fetchall()
                _raw_log_contact(raw, employer.hex, agent.hex, today)

            raw_ms = [timed(partial(raw_path, employer, letters)) for employer, letters in typed]
        finally:
            raw.close()
    emit(
        "contact_dialog_open_to_saved_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 30 ms",
        samples=len(app_ms),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )


def _through_dialog(
    app: Any, service: Any, follow_up: str, employer: uuid.UUID, letters: str
) -> None:
    """One contact logged the way the agent does it, from opening the dialog to closed."""
    from PySide6.QtCore import QEvent

    from desktop.views.log_contact_dialog import LogContactDialog

    dialog = LogContactDialog(service)
    dialog.show()
    dialog.employer.setText(letters)
    dialog.employer.refresh_suggestions(drop_down=False)
    # A common first word may not bring the employer among the first ten: then the
    # agent types on; here the first one suggested stands in for it.
    suggestions = dialog.employer.suggestions
    dialog.employer.choose(next((s for s in suggestions if s.id == employer), suggestions[0]))
    dialog.participants.setText("Matchningsagent, platschef")
    dialog.summary.setPlainText("Besök om behovet av personal till våren.")
    dialog.next_step.setText("Skicka profiler")
    dialog.follow_up_on.setText(follow_up)
    dialog.save()
    assert not dialog.isVisible()
    dialog.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
