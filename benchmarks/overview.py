"""Översikt, the start screen, for the agent with the most cases: what the screen reads on
the GUI thread (`OverviewService.overview` and the agent's follow-ups due,
`CaseService.my_tasks`), and the year's numbers it counts off the GUI thread
(`OverviewService.key_numbers`), each against its limit: the same queries as raw SQL
through the same driver and key.

The agent first opens 40 persons, 10 employers and 10 needs through the services (audited
reads), so Senast öppnade has something to find; that writes, so it runs on a copy of
the data set, removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from benchmarks.common import (
    Run,
    emit,
    percentile,
    raw_connection,
    timed,
    unlock,
    writable_copy,
)

SAMPLES = 40
OPENED = {"persons": 40, "employers": 10, "needs": 10}

AWAITING = "('foreslagen', 'presenterad', 'intervju', 'erbjuden')"
RAW_OVERVIEW = {
    "settings": "SELECT key, value FROM settings",
    "referrals_count": (
        f"SELECT count(*) FROM referrals WHERE agent_id = :me AND status IN {AWAITING}"
    ),
    "referrals": (
        "SELECT r.id, r.person_id, p.first_name, p.last_name, r.vacancy_id, v.title, e.name, "
        "r.status, r.status_changed_at FROM referrals r "
        "JOIN persons p ON p.id = r.person_id JOIN vacancies v ON v.id = r.vacancy_id "
        "JOIN employers e ON e.id = v.employer_id WHERE r.id IN (SELECT id FROM referrals "
        f"WHERE agent_id = :me AND status IN {AWAITING} "
        "ORDER BY status_changed_at, id LIMIT 50) ORDER BY r.status_changed_at, r.id"
    ),
    "quiet_count": (
        "SELECT count(*) FROM employers WHERE responsible_agent_id = :me "
        "AND (last_contact_on IS NULL OR last_contact_on <= :last_ok)"
    ),
    "quiet": (
        "SELECT id, name, last_contact_on FROM employers WHERE responsible_agent_id = :me "
        "AND (last_contact_on IS NULL OR last_contact_on <= :last_ok) "
        "ORDER BY last_contact_on, sort_key, id LIMIT 50"
    ),
    "recent": (
        "SELECT entity_type, entity_id, occurred_at FROM audit_events WHERE user_id = :me "
        "AND action = 'read' AND entity_type IN ('Person', 'Employer', 'Vacancy') "
        "AND entity_id IS NOT NULL ORDER BY occurred_at DESC, seq DESC LIMIT 400"
    ),
    "first_setup": "SELECT id FROM persons LIMIT 1",
    "tasks": (
        "SELECT t.*, u.full_name, p.id, p.first_name, p.last_name, e.name FROM tasks t "
        "LEFT JOIN users u ON u.id = t.assignee_id LEFT JOIN cases c ON c.id = t.case_id "
        "LEFT JOIN persons p ON p.id = c.person_id LEFT JOIN employers e ON e.id = t.employer_id "
        "WHERE t.assignee_id = :me AND t.done_at IS NULL AND t.due_date <= :today "
        "ORDER BY t.due_date, t.created_at"
    ),
}
# The year's numbers, read off the GUI thread (OverviewService.key_numbers).
RAW_NUMBERS = {
    "settings": "SELECT key, value FROM settings",
    "municipality": "SELECT municipality_code FROM users WHERE id = :me",
    "municipality_name": "SELECT name FROM municipalities WHERE code = :code",
    "new_cases": (
        "SELECT count(*) FROM cases WHERE opened_on BETWEEN :first AND :last "
        "AND municipality_code = :code"
    ),
    "placements": (
        "SELECT count(*) FROM placements p JOIN cases c ON c.id = p.case_id "
        "WHERE p.start_date BETWEEN :first AND :last AND c.municipality_code = :code"
    ),
    "open_needs": (
        "SELECT count(*) FROM vacancies WHERE status = 'oppet' AND municipality_code = :code"
    ),
}
RAW_NAMES = {
    "Person": "SELECT id, first_name, last_name FROM persons WHERE id IN ({})",
    "Employer": "SELECT id, name FROM employers WHERE id IN ({})",
    "Vacancy": (
        "SELECT v.id, v.title, e.name FROM vacancies v JOIN employers e ON e.id = v.employer_id "
        "WHERE v.id IN ({})"
    ),
}


def _params(me: str, today: dt.date, stale_days: int) -> dict[str, object]:
    return {
        "me": me,
        "today": today.isoformat(),
        "last_ok": (today - dt.timedelta(days=stale_days)).isoformat(),
        "first": dt.date(today.year, 1, 1).isoformat(),
        "last": dt.date(today.year, 12, 31).isoformat(),
    }


def _raw_numbers(raw: Any, me: str, today: dt.date) -> int:
    params = _params(me, today, 0)
    params["code"] = raw.execute(RAW_NUMBERS["municipality"], params).fetchone()[0]
    return sum(len(raw.execute(sql, params).fetchall()) for sql in RAW_NUMBERS.values())


def _raw_overview(raw: Any, me: str, today: dt.date, stale_days: int) -> int:
    """The screen's queries as SQL, the rows fetched; returns the rows read."""
    params = _params(me, today, stale_days)
    rows = 0
    for name, sql in RAW_OVERVIEW.items():
        fetched = raw.execute(sql, params).fetchall()
        rows += len(fetched)
        if name == "recent":
            seen: dict[tuple[str, object], None] = {}
            for entity_type, entity_id, _ in fetched:
                seen.setdefault((entity_type, entity_id), None)
            wanted = list(seen)[:16]
            for entity_type, sql_names in RAW_NAMES.items():
                ids = [i for t, i in wanted if t == entity_type]
                if ids:
                    marks = ", ".join("?" * len(ids))
                    rows += len(raw.execute(sql_names.format(marks), ids).fetchall())
    return rows


def overview(run: Run) -> None:
    from desktop import clock
    from desktop.services import audit
    from desktop.services.accounts import Actor
    from desktop.services.registry import Services
    from desktop.store.schema import open_database

    key = unlock(run.db)
    today = clock.today()
    with writable_copy(run) as path:
        raw = raw_connection(path, key)
        try:
            agent, username, full_name, cases = raw.execute(
                "SELECT u.id, u.username, u.full_name, count(*) FROM cases c "
                "JOIN users u ON u.id = c.agent_id WHERE c.status != 'avslutad' "
                "GROUP BY u.id ORDER BY count(*) DESC, u.username LIMIT 1"
            ).fetchone()
            persons = [r[0] for r in raw.execute(
                "SELECT id FROM persons WHERE current_agent_id = ? LIMIT ?",
                (agent, OPENED["persons"]),
            )]  # fmt: skip
            employers = [r[0] for r in raw.execute(
                "SELECT id FROM employers WHERE responsible_agent_id = ? LIMIT ?",
                (agent, OPENED["employers"]),
            )]  # fmt: skip
            needs = [r[0] for r in raw.execute(
                "SELECT id FROM vacancies WHERE status = 'oppet' LIMIT ?", (OPENED["needs"],)
            )]  # fmt: skip
        finally:
            raw.close()
        db = open_database(path, key=key)
        audit.install(db)
        try:
            actor = Actor(uuid.UUID(hex=agent), username, full_name, "handlaggare")
            services = Services.for_user(db, actor)
            for person in persons:
                services.persons.open(uuid.UUID(hex=person))
            for employer in employers:
                services.employers.open(uuid.UUID(hex=employer))
            for need in needs:
                services.vacancies.opened(uuid.UUID(hex=need))

            def screen() -> None:
                services.overview.overview(today=today)
                services.cases.my_tasks(today=today)

            screen()  # warm: the first read pays for opening the pages
            data = services.overview.overview(today=today)
            tasks = len(services.cases.my_tasks(today=today))
            app_ms = [timed(screen) for _ in range(SAMPLES)]
            service_only = [
                timed(lambda: services.overview.overview(today=today)) for _ in range(SAMPLES)
            ]
            numbers = services.overview.key_numbers(today=today)
            numbers_ms = [
                timed(lambda: services.overview.key_numbers(today=today)) for _ in range(SAMPLES)
            ]
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            _raw_overview(raw, agent, today, data.stale_days)
            raw_ms = [
                timed(lambda: _raw_overview(raw, agent, today, data.stale_days))
                for _ in range(SAMPLES)
            ]
            raw_numbers_ms = [
                timed(lambda: _raw_numbers(raw, agent, today)) for _ in range(SAMPLES)
            ]
        finally:
            raw.close()
    emit(
        "overview_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 100 ms",
        samples=len(app_ms),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
        overview_service_p95=round(percentile(service_only, 0.95), 3),
        agent_open_cases=cases,
        referrals_awaiting=data.referrals_total,
        quiet_employers=data.quiet_total,
        recent_records=len(data.recent),
        follow_ups_due=tasks,
    )
    emit(
        "overview_numbers_p95",
        run,
        percentile(numbers_ms, 0.95),
        "ms",
        percentile(raw_numbers_ms, 0.95),
        target="off the GUI thread",
        samples=len(numbers_ms),
        p50=round(percentile(numbers_ms, 0.5), 3),
        limit_p50=round(percentile(raw_numbers_ms, 0.5), 3),
        new_cases=numbers.new_cases,
        placements=numbers.placements,
        open_needs=numbers.open_needs,
    )
