"""Filling an empty database with made-up, consistent demo and training data."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from desktop import clock, swedish
from desktop.services.cases import sync_all_current_cases
from desktop.services.demo import vocabulary
from desktop.services.demo.cases import write_cases
from desktop.services.demo.context import Context
from desktop.services.demo.employers import write_employers
from desktop.services.demo.persons import write_persons
from desktop.services.demo.referrals import score_referrals, write_referrals
from desktop.services.demo.scales import LABELS, MAXIMUM, SCALES, DemoScale
from desktop.services.demo.staff import usernames, write_staff
from desktop.services.demo.vacancies import write_vacancies
from desktop.services.demo.writer import BulkWriter, Progress
from desktop.store.database import Database

# SQLite's page cache while generating (KiB). Rows arrive in random key order, so index
# pages are hit all over; at scale L a 64 MiB cache took 49 s against 61 s with SQLite's
# 2 MiB default. The connection's own setting is restored afterwards.
GENERATION_CACHE_KIB = 65_536
EARLIEST_TODAY = dt.date(2000, 1, 1)

__all__ = ["SCALES", "DemoScale", "DemoSummary", "expected_rows", "generate"]


@dataclass(frozen=True)
class DemoSummary:
    """How many rows were written to each table."""

    users: int = 0
    persons: int = 0
    person_languages: int = 0
    educations: int = 0
    work_experiences: int = 0
    qualifications: int = 0
    wished_occupations: int = 0
    wished_municipalities: int = 0
    cases: int = 0
    consents: int = 0
    case_notes: int = 0
    tasks: int = 0
    employers: int = 0
    workplaces: int = 0
    contact_persons: int = 0
    employer_contacts: int = 0
    vacancies: int = 0
    vacancy_requirements: int = 0
    referrals: int = 0
    referral_status_changes: int = 0
    placements: int = 0

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> DemoSummary:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{table: n for table, n in counts.items() if table in names})

    @property
    def total(self) -> int:
        return sum(dataclasses.astuple(self))

    def __str__(self) -> str:
        parts = [
            (self.persons, "deltagare"),
            (self.cases, "ärenden"),
            (self.case_notes, "journalanteckningar"),
            (self.employers, "arbetsgivare"),
            (self.employer_contacts, "arbetsgivarkontakter"),
            (self.vacancies, "rekryteringsbehov"),
            (self.referrals, "anvisningar"),
            (self.placements, "placeringar"),
            (self.users, "användare"),
        ]
        listed = ", ".join(f"{swedish.number(n)} {label}" for n, label in parts)
        return f"{listed} ({swedish.number(self.total)} rader i alla tabeller)"


def generate(
    db: Database,
    scale: DemoScale,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Write demo data of the given size into an empty database, in one transaction.

    The same seed and `today` give the same rows, keys and timestamps. Raises ValueError
    (with a Swedish message) for a database that already holds persons, employers or
    the demo users, and for impossible sizes; nothing is written then.
    """
    today = today or clock.today()
    _check_request(scale, today)
    vocab = vocabulary.load()
    with db.engine.begin() as connection:
        _check_empty(connection, scale)
        names = {
            str(code): str(name)
            for code, name in connection.exec_driver_sql("SELECT code, name FROM municipalities")
        }
        with _large_cache(connection):
            writer = BulkWriter(connection, progress, expected_rows(scale))
            ctx = Context(seed, today.toordinal(), vocab, writer, names)
            staff = write_staff(ctx, scale.persons)
            persons = write_persons(ctx, staff, scale.persons)
            write_cases(ctx, staff, persons, scale.notes)
            employers = write_employers(ctx, staff, scale.employers, scale.contacts)
            vacancies = write_vacancies(ctx, employers, scale.vacancies)
            write_referrals(ctx, persons, employers, vacancies)
            counts = writer.counts()
            sync_all_current_cases(connection)
            writer.step("Beräknar matchningen för anvisningarna")
            score_referrals(db, connection, today, staff.agents[0], step=writer.step)
            writer.step("Sparar")
    writer.finish("Klart")
    return DemoSummary.from_counts(counts)


def expected_rows(scale: DemoScale) -> int:
    """About how many rows a run writes, for the progress fraction (measured averages)."""
    per_person = 13.3
    per_employer = 4.2
    per_vacancy = 6.6
    return int(
        scale.persons * per_person
        + scale.employers * per_employer
        + scale.vacancies * per_vacancy
        + scale.contacts
        + scale.notes
    )


def _check_request(scale: DemoScale, today: dt.date) -> None:
    if min(dataclasses.astuple(scale)) < 0:
        raise ValueError("Antalen för demodata kan inte vara negativa.")
    for name, label in LABELS.items():
        limit = getattr(MAXIMUM, name)
        if getattr(scale, name) > limit:
            raise ValueError(
                f"Högst {swedish.number(limit)} {label} går att skapa (tio gånger storlek L)."
            )
    if scale.employers == 0 and (scale.contacts or scale.vacancies):
        raise ValueError("Arbetsgivarkontakter och rekryteringsbehov kräver minst en arbetsgivare.")
    if scale.persons == 0 and scale.notes:
        raise ValueError("Journalanteckningar kräver minst en deltagare.")
    if today < EARLIEST_TODAY:
        raise ValueError(f"Demodata kan inte skapas med ett datum före {EARLIEST_TODAY}.")


def _check_empty(connection: Connection, scale: DemoScale) -> None:
    """Demo data goes into an empty database only, never next to real records."""
    if connection.exec_driver_sql("SELECT 1 FROM persons LIMIT 1").first() is not None:
        raise ValueError(
            "Databasen innehåller redan deltagare. Demodata skrivs bara till en tom databas."
        )
    if connection.exec_driver_sql("SELECT 1 FROM employers LIMIT 1").first() is not None:
        raise ValueError(
            "Databasen innehåller redan arbetsgivare. Demodata skrivs bara till en tom databas."
        )
    taken = {str(row[0]) for row in connection.exec_driver_sql("SELECT username FROM users")}
    if taken.intersection(usernames(scale.persons)):
        raise ValueError(
            "Databasen har redan användare med demodatans användarnamn. "
            "Demodata skrivs bara till en tom databas."
        )


@contextlib.contextmanager
def _large_cache(connection: Connection) -> Iterator[None]:
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{GENERATION_CACHE_KIB}")
    try:
        yield
    finally:
        # Never let a failing restore hide the error that ended the run; at worst the
        # pooled connection keeps the larger cache until the database is closed.
        with contextlib.suppress(DBAPIError):
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")
