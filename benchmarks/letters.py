"""Referral letters (presentationsbrev), end to end through DocumentService.

letter_one: one letter laid out on the letterhead (logo, sender and recipient, footer,
page numbers, the text in the house styles, metadata). Target: ≤ 2× the limit, a bare
one-page ReportLab document with the same text in the same embedded fonts (regular and
bold), both in memory, measured in the same run. letter_one_saved: the whole of producing
one (the reads, the merge, the layout, the produced-document row, the export audit event
and the file written atomically and flushed to disk) against the bare document written
to a file; no target: most of the difference is the three flushes to disk that keep
the letter and its audit event from being lost.

letter_batch: the letters of 500 referrals to one need, as the need window's batch
writes them (DocumentService.write_need_letters), one PDF each. Target: ≤ 20 s on 2
cores. Limit: the bare document 500 times.

Quick to run: the need and its 500 referred persons (generated, with consent) are made in
a fresh encrypted database in a temporary folder (same schema, driver and key handling as
the app), not in the scale data set: a letter's reads are by the referral's and the
person's keys, which do not grow with the other persons.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from benchmarks.common import Run, emit, median, timed

BATCH = 500
ONE_TARGET_RATIO = 2.0
BATCH_TARGET_S = 20.0

_FIRST = ["Amal", "Bilal", "Cecilia", "Dawit", "Elin", "Fatma", "Goran", "Hana", "Idris"]
_LAST = ["Testsson", "Provsson", "Exempelsson", "Fiktiv", "Påhittad", "Demosson"]


def _generate(db: Any, persons: int) -> tuple[uuid.UUID, list[uuid.UUID], Any]:
    """A municipality's letterhead and agent, an employer with a contact person and a
    need, and `persons` made-up job seekers with a profile and a consent, each proposed
    for the need with match reasons; returns the need, the referrals and the agent."""
    from desktop.models import (
        Case,
        Consent,
        ContactPerson,
        Employer,
        Letterhead,
        Person,
        PersonLanguage,
        Qualification,
        Referral,
        User,
        Vacancy,
        WorkExperience,
        Workplace,
    )
    from desktop.models.person import person_sort_key
    from desktop.services.accounts import Actor

    rng = random.Random(5)
    now = dt.datetime.now(dt.UTC)
    today = now.date()
    with db.unit_of_work(screen="benchmark") as session:
        agent = User(username="agnes", full_name="Agnes Agentsson", role="handlaggare",
                     municipality_code="0127", phone="070-000 00 00",
                     email="agnes@example.se")  # fmt: skip
        session.add(agent)
        session.add(Letterhead(municipality_code="0127", unit="Arbetsmarknadsenheten",
                               street_address="Testvägen 1", postal_code="147 85",
                               city="Tumba", phone="08-000 000 00",
                               email="arbetsmarknad@example.se"))  # fmt: skip
        employer = Employer(name="Lindängens Vård AB", sort_key="lindängens vård ab",
                            sector="privat", municipality_code="0127")  # fmt: skip
        session.add(employer)
        session.flush()
        session.add(Workplace(employer_id=employer.id, name="Lindängen",
                              street_address="Vårdvägen 3", postal_code="147 30",
                              city="Tumba", municipality_code="0127"))  # fmt: skip
        session.add(ContactPerson(employer_id=employer.id, name="Berit Exempel",
                                  role="Enhetschef"))  # fmt: skip
        vacancy = Vacancy(employer_id=employer.id, occupation_code="5321",
                          title="Undersköterska, hemtjänst", positions=20,
                          form_code="extratjanst", municipality_code="0127")  # fmt: skip
        session.add(vacancy)
        session.flush()
        referrals = []
        for i in range(persons):
            first, last = rng.choice(_FIRST), f"{rng.choice(_LAST)}{i}"
            person = Person(first_name=first, last_name=last,
                            sort_key=person_sort_key(last, first),
                            identity_kind="saknas", no_identity_reason="Väntar på beslut",
                            birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=i),
                            sfi_course="SFI_D",
                            swedish_cefr="B1", municipality_code="0127",
                            earliest_start=today)  # fmt: skip
            session.add(person)
            session.flush()
            case = Case(person_id=person.id, municipality_code="0127", agent_id=agent.id,
                        status="aktiv", opened_on=today - dt.timedelta(days=90))  # fmt: skip
            session.add(case)
            session.add_all(
                [
                    PersonLanguage(person_id=person.id, language="ti", mother_tongue=True),
                    PersonLanguage(person_id=person.id, language="en", level="B2"),
                    WorkExperience(
                        person_id=person.id,
                        occupation_code="5321",
                        job_title="Undersköterska",
                        years=3.0,
                        country="ER",
                    ),
                    Qualification(person_id=person.id, kind="korkort", code="B"),
                    Consent(
                        person_id=person.id,
                        kind="dela_profil",
                        given_on=today,
                        method="skriftligt",
                        recorded_by_id=agent.id,
                    ),
                ]
            )
            session.flush()
            referral = Referral(vacancy_id=vacancy.id, person_id=person.id, case_id=case.id,
                                agent_id=agent.id, status="foreslagen",
                                status_changed_at=now, match_score=80,
                                match_reasons="Erfarenhet av samma yrke (Undersköterskor)\n"
                                "Merit: Körkort B (har B)")  # fmt: skip
            session.add(referral)
            session.flush()
            referrals.append(referral.id)
        actor = Actor(agent.id, agent.username, agent.full_name, agent.role)
        return vacancy.id, referrals, actor


def _bare(target: Path | io.BytesIO, text: str) -> None:
    """The limit: the letter's text on a plain page in the same fonts (headings in the
    bold face, the rest regular), no letterhead, no records."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop.documents import fonts

    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=10.5, leading=14)
    bold = ParagraphStyle("heading", parent=body, fontName=fonts.BOLD)
    story = [
        Paragraph(escape(block.lstrip("# ")).replace("\n", "<br/>"),
                  bold if block.startswith("#") else body)
        for block in text.split("\n\n")
    ]  # fmt: skip
    SimpleDocTemplate(target if isinstance(target, io.BytesIO) else str(target),
                      pagesize=A4).build(story)  # fmt: skip


def _world(folder: Path, persons: int) -> tuple[Any, uuid.UUID, list[uuid.UUID], Any]:
    from desktop.services import audit
    from desktop.store.keys import new_database_key
    from desktop.store.schema import open_database

    db = open_database(folder / "letters.sqlite", key=new_database_key())
    audit.install(db)
    need, referrals, actor = _generate(db, persons)
    return db, need, referrals, actor


def letter_one(run: Run) -> None:
    """Two figures: `letter_one`, the layout of one letter on the letterhead (what the
    target is about) against the bare document, both in memory; and `letter_one_saved`,
    the whole of producing it (reads, merge, layout, records, audit event and the file
    flushed to disk) against the bare document written to a file."""
    from desktop import clock
    from desktop.documents import referral_letter
    from desktop.services.documents import DocumentService, _content

    with tempfile.TemporaryDirectory(prefix="matchning-bench-") as name:
        folder = Path(name)
        db, _, referrals, actor = _world(folder, run.repeat + 1)
        try:
            documents = DocumentService(db, actor)
            text = documents.referral_letter_text(referrals[0]).text
            target = folder / "brev.pdf"
            documents.referral_letter(referrals[0], target)  # warm: fonts, statements
            with db.read() as session:
                letter = documents._gather(session, referrals[0], None, clock.today())
            _, content = _content(letter, None, omit_missing=False)
            layout_ms = [timed(lambda: referral_letter.pdf(content)) for _ in range(run.repeat)]
            bare_ms = [timed(lambda: _bare(io.BytesIO(), text)) for _ in range(run.repeat)]
            saved_ms = []
            bare_file_ms = []
            for referral in referrals[1:]:
                saved_ms.append(timed(partial(documents.referral_letter, referral, target)))
                bare_file_ms.append(timed(lambda: _bare(folder / "bare.pdf", text)))
            pages = referral_letter.pdf(content).pages
        finally:
            db.close()
    emit(
        "letter_one",
        run,
        median(layout_ms),
        "ms",
        median(bare_ms),
        target=f"ratio <= {ONE_TARGET_RATIO}",
        pages=pages,
        samples=len(layout_ms),
    )
    emit(
        "letter_one_saved",
        run,
        median(saved_ms),
        "ms",
        median(bare_file_ms),
        samples=len(saved_ms),
    )


def letter_batch(run: Run) -> None:
    from desktop.services.documents import DocumentService

    with tempfile.TemporaryDirectory(prefix="matchning-bench-") as name:
        folder = Path(name)
        db, need, _, actor = _world(folder, BATCH)
        try:
            documents = DocumentService(db, actor)
            plan_start = time.perf_counter()
            plan = documents.need_letters(need)
            plan_s = time.perf_counter() - plan_start
            out = folder / "brev"
            out.mkdir()
            start = time.perf_counter()
            batch = documents.write_need_letters(
                [letter.referral_id for letter in plan.letters], out
            )
            batch_s = time.perf_counter() - start
            text = documents.referral_letter_text(plan.letters[0].referral_id).text
        finally:
            db.close()
        start = time.perf_counter()
        for _ in range(BATCH):
            _bare(folder / "bare.pdf", text)
        bare_s = time.perf_counter() - start
    emit(
        "letter_batch",
        run,
        batch_s,
        "s",
        bare_s,
        target=f"value <= {BATCH_TARGET_S} s",
        letters=len(batch.written),
        skipped=len(batch.skipped),
        plan_s=round(plan_s, 2),
    )
