"""document_extract: the register extract (registerutdrag) of one person with 200 journal
notes and 1,000 audit events, end to end through PersonDocumentService.register_extract:
the reads, the layout of every page, the produced-document row, the export audit event
and the file written atomically. Target: ≤ 2 s.

Quick to run: the person is generated in a fresh encrypted database in a temporary
folder (same schema, driver and key handling as the app), not in the scale data set, so
no 1 GB copy is made; the extract's reads are by the person's indexes, which do not grow
with the other persons. Also printed: the reads alone (`gather_ms`), the layout
(`render_ms`) and the number of pages.

Limit (same run, same data, same connection settings and key): the raw SQL reads alone,
the same rows the extract prints, fetched with hand-written SQL (`_RAW_READS`).
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import uuid
from pathlib import Path
from typing import Any

from benchmarks.common import Run, emit, median, raw_connection, timed

NOTES = 200
AUDIT_EVENTS = 1_000
REFERRALS = 12
TARGET_MS = 2_000

_WORDS = [
    "samtal", "om", "praktik", "inom", "hemtjänsten", "och", "vägen", "vidare", "till", "en",
    "anställning", "med", "stöd", "där", "vi", "gick", "igenom", "språkstödet", "schemat",
    "för", "nästa", "månad", "intervju", "arbetsgivaren", "körkort", "sfi",
]  # fmt: skip

# The rows the extract prints, read with plain SQL: the limit.
_RAW_READS = (
    "SELECT * FROM persons WHERE id = :p",
    "SELECT code, name FROM municipalities",
    "SELECT id, full_name FROM users",
    "SELECT code, name_sv FROM language_levels",
    "SELECT language, mother_tongue, level FROM person_languages WHERE person_id = :p",
    "SELECT l.name_sv, e.field, e.country, e.years, e.completed, e.recognition "
    "FROM educations e JOIN education_levels l ON l.code = e.level WHERE e.person_id = :p",
    "SELECT w.job_title, o.name_sv, w.years, w.last_year, w.country FROM work_experiences w "
    "LEFT JOIN occupations o ON o.code = w.occupation_code WHERE w.person_id = :p",
    "SELECT kind, code, valid_until FROM qualifications WHERE person_id = :p",
    "SELECT o.name_sv FROM wished_occupations w JOIN occupations o "
    "ON o.code = w.occupation_code WHERE w.person_id = :p",
    "SELECT municipality_code FROM wished_municipalities WHERE person_id = :p",
    "SELECT * FROM cases WHERE person_id = :p ORDER BY opened_on",
    "SELECT n.case_id, n.note_date, n.kind, n.author_id, n.text FROM case_notes n "
    "JOIN cases c ON c.id = n.case_id WHERE c.person_id = :p ORDER BY n.note_date, n.created_at",
    "SELECT t.* FROM tasks t JOIN cases c ON c.id = t.case_id WHERE c.person_id = :p",
    "SELECT r.id, v.title, e.name, r.status, r.agent_id, r.created_at, r.match_score, "
    "r.match_reasons FROM referrals r JOIN vacancies v ON v.id = r.vacancy_id "
    "JOIN employers e ON e.id = v.employer_id WHERE r.person_id = :p",
    "SELECT h.* FROM referral_status_changes h JOIN referrals r ON r.id = h.referral_id "
    "WHERE r.person_id = :p ORDER BY h.changed_at",
    "SELECT * FROM placements WHERE person_id = :p",
    "SELECT * FROM consents WHERE person_id = :p",
    "SELECT * FROM produced_documents WHERE person_id = :p",
    "SELECT occurred_at, user_id, action, entity_type, details FROM audit_events "
    "WHERE person_id = :p ORDER BY occurred_at, seq",
)


def _note(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(20, 120))).capitalize() + "."


def _generate(db: Any) -> tuple[uuid.UUID, Any]:
    """A person with a case, 200 notes, referrals with history, consents, and 1,000
    audit events about them by a handful of users; returns the person and an actor."""
    from desktop.models import (
        Case,
        CaseNote,
        Consent,
        Employer,
        Person,
        PersonLanguage,
        Referral,
        ReferralStatusChange,
        Task,
        User,
        Vacancy,
        WorkExperience,
    )
    from desktop.models.person import person_sort_key
    from desktop.services import audit
    from desktop.services.accounts import Actor

    rng = random.Random(11)
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    with db.unit_of_work(screen="benchmark") as session:
        users = [
            User(username=f"agent{i}", full_name=f"Agent Provsson {i}", role="handlaggare",
                 municipality_code="0127")
            for i in range(6)
        ]  # fmt: skip
        session.add_all(users)
        person = Person(
            first_name="Amira", last_name="Testsson",
            sort_key=person_sort_key("Testsson", "Amira"), personal_number="199103142361",
            identity_kind="personnummer", birth_date=dt.date(1991, 3, 14),
            municipality_code="0127", sfi_course="SFI_D", swedish_cefr="B1",
        )  # fmt: skip
        session.add(person)
        session.flush()
        case = Case(person_id=person.id, municipality_code="0127", agent_id=users[0].id,
                    status="aktiv", opened_on=today - dt.timedelta(days=400))  # fmt: skip
        session.add(case)
        session.add_all(
            [
                PersonLanguage(person_id=person.id, language="ti", mother_tongue=True),
                PersonLanguage(person_id=person.id, language="en", level="B2"),
                WorkExperience(person_id=person.id, occupation_code="5321", years=3.0),
                Consent(person_id=person.id, kind="dela_profil", given_on=today,
                        method="skriftligt", recorded_by_id=users[0].id),
            ]
        )  # fmt: skip
        session.flush()
        session.add_all(
            CaseNote(case_id=case.id, author_id=rng.choice(users).id,
                     note_date=today - dt.timedelta(days=NOTES - i), kind="samtal",
                     text=_note(rng))
            for i in range(NOTES)
        )  # fmt: skip
        session.add_all(
            Task(case_id=case.id, assignee_id=users[0].id, title=f"Uppföljning {i}",
                 due_date=today + dt.timedelta(days=i))
            for i in range(10)
        )  # fmt: skip
        employer = Employer(name="Lindängens Vård AB", sort_key="lindängens vård ab",
                            sector="privat", municipality_code="0127")  # fmt: skip
        session.add(employer)
        session.flush()
        for i in range(REFERRALS):
            vacancy = Vacancy(employer_id=employer.id, occupation_code="5321",
                              title=f"Undersköterska {i}", positions=1, form_code="extratjanst",
                              municipality_code="0127")  # fmt: skip
            session.add(vacancy)
            session.flush()
            referral = Referral(vacancy_id=vacancy.id, person_id=person.id, case_id=case.id,
                                agent_id=users[0].id, status="presenterad",
                                status_changed_at=now, match_score=80,
                                match_reasons="Erfarenhet av samma yrke")  # fmt: skip
            session.add(referral)
            session.flush()
            session.add_all(
                [
                    ReferralStatusChange(referral_id=referral.id, to_status="foreslagen",
                                         changed_at=now, changed_by_id=users[0].id),
                    ReferralStatusChange(referral_id=referral.id, from_status="foreslagen",
                                         to_status="presenterad", changed_at=now,
                                         changed_by_id=users[0].id),
                ]
            )  # fmt: skip
        actor = Actor(users[0].id, users[0].username, users[0].full_name, users[0].role)
        person_id = person.id
    with db.unit_of_work(screen="benchmark") as session:
        for _ in range(AUDIT_EVENTS):
            user = rng.choice(users)
            session.info[audit.ACTOR] = user.id
            audit.record(session, rng.choice(("read", "read", "read", "update", "print")),
                         rng.choice(("Person", "Case", "CaseNote")), person_id,
                         person_id=person_id)  # fmt: skip
    return person_id, actor


def document_extract(run: Run) -> None:
    from desktop.documents import register_extract
    from desktop.services import audit
    from desktop.services.person_documents import PersonDocumentService
    from desktop.store.keys import new_database_key
    from desktop.store.schema import open_database

    key = new_database_key()
    with tempfile.TemporaryDirectory(prefix="matchning-bench-") as folder:
        path = Path(folder) / "extract.sqlite"
        db = open_database(path, key=key)
        try:
            audit.install(db)
            person_id, actor = _generate(db)
            service = PersonDocumentService(db, actor)
            target = Path(folder) / "utdrag.pdf"
            service.register_extract(person_id, target)  # warm: fonts, statements
            app_ms = [
                timed(lambda: service.register_extract(person_id, target))
                for _ in range(run.repeat)
            ]
            gather_ms = [
                timed(lambda: service.register_extract_content(person_id))
                for _ in range(run.repeat)
            ]
            content = service.register_extract_content(person_id)
            render_ms = [timed(lambda: register_extract.pdf(content)) for _ in range(run.repeat)]
            pages = register_extract.pdf(content).pages
        finally:
            db.close()
        raw = raw_connection(path, key)
        try:
            stored_id = raw.execute("SELECT id FROM persons").fetchone()[0]

            def reads() -> None:
                for statement in _RAW_READS:
                    raw.execute(statement, {"p": stored_id}).fetchall()

            reads()
            raw_ms = [timed(reads) for _ in range(run.repeat)]
        finally:
            raw.close()
    emit(
        "document_extract",
        run,
        median(app_ms),
        "ms",
        median(raw_ms),
        target=f"value <= {TARGET_MS} ms",
        notes=NOTES,
        audit_events=len(content.audit.rows),
        pages=pages,
        gather_ms=round(median(gather_ms), 1),
        render_ms=round(median(render_ms), 1),
        samples=len(app_ms),
    )
