"""The values a referral letter's template is merged with, read from the records, and
who at the employer the letter may be addressed to."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.documents.errors import DocumentError
from desktop.documents.letterhead import swedish_date
from desktop.models import (
    Case,
    ContactPerson,
    Employer,
    LabourMarketForm,
    LanguageLevel,
    Occupation,
    Person,
    Referral,
    Vacancy,
    Workplace,
)
from desktop.models.collation import swedish_sort_key
from desktop.services.reference import country_name, language_name

T = TypeVar("T")
# Match reasons that say what is missing or does not fit: kept on the referral for the
# agent, never put in a letter to the employer (desktop/services/matching/reasons.py).
UNFIT_REASONS = (
    "Saknar ",
    "Ingen erfarenhet",
    "Vill arbeta i andra kommuner",
    "Har inte angett",
    "Söker en annan omfattning",
    "Kan börja först",
)
# Letters a batch reads in one transaction, and records in one (one commit, one flush of
# the folder for them all).
_BATCH = 25


@dataclass(frozen=True)
class Recipient:
    """An active contact person of the employer the letter may be addressed to."""

    id: uuid.UUID
    name: str
    role: str | None


# Merge values ------------------------------------------------------------------------------


def _values(
    session: Session,
    person: Person,
    *,
    referral: Referral,
    form: LabourMarketForm | None,
    name: str,
    today: dt.date,
) -> tuple[dict[str, str | None], dict[str, str]]:
    values: dict[str, str | None] = {
        "kandidat_namn": name,
        "kandidat_fornamn": person.first_name,
        "yrkesbakgrund": _experience(session, person),
        "sprak": _languages(session, person),
        "korkort": ", ".join(sorted(q.code for q in person.qualifications if q.kind == "korkort")),
        "tillganglig_fran": _start(person.earliest_start, today),
        "varfor": _reasons(referral.match_reasons),
        "erbjudande": _offer(form, person.first_name),
    }
    reasons = {
        "yrkesbakgrund": f"Ingen arbetslivserfarenhet är registrerad för {name}.",
        "sprak": f"Inga språkkunskaper är registrerade för {name}.",
        "korkort": f"Inga körkort är registrerade för {name}.",
        "tillganglig_fran": f"Ingen tidigaste startdag är registrerad för {name}.",
        "varfor": "Anvisningen har inga sparade skäl till varför kandidaten passar.",
        "erbjudande": "Behovets anställningsform finns inte längre.",
    }
    return values, reasons


def _preload(session: Session, referral_ids: list[uuid.UUID]) -> None:
    """Read a batch's referrals and their people with everything a letter prints in a
    few queries, into the session, instead of a handful of queries per letter."""
    for start in range(0, len(referral_ids), _BATCH):
        chunk = referral_ids[start : start + _BATCH]
        referrals = session.scalars(select(Referral).where(Referral.id.in_(chunk))).all()
        people = [referral.person_id for referral in referrals]
        session.scalars(
            select(Person)
            .where(Person.id.in_(people))
            .options(
                selectinload(Person.languages),
                selectinload(Person.experiences),
                selectinload(Person.qualifications),
            )
        ).all()
        cases = [referral.case_id for referral in referrals if referral.case_id]
        session.scalars(select(Case).where(Case.id.in_(cases))).all()


def _cached(session: Session, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """What `make` reads, kept for the rest of the session: a batch of letters reads the
    need's employer, contact persons and letterhead once, not once per letter."""
    cache: dict[tuple[object, ...], Any] = session.info.setdefault("document_cache", {})
    if key not in cache:
        cache[key] = make()
    return cast(T, cache[key])


def _years(years: float | None) -> str | None:
    if not years:
        return None
    return f"{years:g} år".replace(".", ",")


def _experience(session: Session, person: Person) -> str | None:
    jobs = []
    for job in person.experiences:
        occupation = session.get(Occupation, job.occupation_code) if job.occupation_code else None
        title = job.job_title or (occupation.name_sv if occupation else None)
        if not title:
            continue
        where = [country_name(job.country)] if job.country else []
        if job.last_year:
            where.append(f"till {job.last_year}")
        text = title
        if years := _years(job.years):
            text += f", {years}"
        if where:
            text += f" ({', '.join(where)})"
        jobs.append(text)
    return "; ".join(jobs) or None


def _level(session: Session, code: str | None) -> str | None:
    if not code:
        return None
    levels = _cached(
        session,
        ("levels",),
        lambda: {level.code: level for level in session.scalars(select(LanguageLevel))},
    )
    level = levels.get(code)
    if level is None:
        return code
    # "B2 – högre mellannivå" reads as "B2" in a letter; SFI and SAS keep their names.
    return level.name_sv.split(" – ")[0] if level.scale == "cefr" else level.name_sv


def _languages(session: Session, person: Person) -> str | None:
    parts = []
    swedish = [
        level
        for level in (
            _level(session, person.sfi_course),
            _level(session, person.sas_level),
            _level(session, person.swedish_cefr),
        )
        if level
    ]
    if swedish:
        parts.append(f"svenska ({', '.join(swedish)})")
    for language in person.languages:
        name = language_name(language.language).lower()
        notes = []
        if language.mother_tongue:
            notes.append("modersmål")
        if level := _level(session, language.level):
            notes.append(level)
        parts.append(f"{name} ({', '.join(notes)})" if notes else name)
    if not parts:
        return None
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def _start(earliest: dt.date | None, today: dt.date) -> str | None:
    if earliest is None:
        return None
    return "omgående" if earliest <= today else swedish_date(earliest)


def _reasons(kept: str | None) -> str | None:
    """The match reasons kept on the referral that speak for the candidate, as bullets."""
    lines = [line.strip() for line in (kept or "").splitlines()]
    good = [line for line in lines if line and not line.startswith(UNFIT_REASONS)]
    return "\n".join(f"- {line}" for line in good) or None


def _offer(form: LabourMarketForm | None, first_name: str) -> str | None:
    """What the municipality offers the employer, by the need's labour-market form."""
    if form is None:
        return None
    follow_up = (
        f"Vi finns med under introduktionen och följer upp med både er och {first_name} "
        "efter start."
    )
    if form.category == "subventionerad":
        return (
            f"Anställningen kan göras som {form.name_sv.lower()}, med ekonomiskt stöd till er "
            "som arbetsgivare under en period. Vi hjälper er med ansökan och kontakten med "
            f"Arbetsförmedlingen. {follow_up}"
        )
    if form.category == "praktik":
        return (
            "Praktiken kostar ingenting för er. Vi kommer överens med er om mål, längd och "
            f"handledning, och följer upp regelbundet med både er och {first_name}."
        )
    if form.category == "studier":
        return (
            f"Vi planerar studierna tillsammans med er och {first_name} och följer upp under tiden."
        )
    return f"Det kostar ingenting för er att ta emot vårt förslag. {follow_up}"


def _recipients(
    session: Session, employer: Employer, chosen: uuid.UUID | None
) -> tuple[tuple[Recipient, ...], ContactPerson | None]:
    people = sorted(
        session.scalars(
            select(ContactPerson).where(
                ContactPerson.employer_id == employer.id, ContactPerson.active.is_(True)
            )
        ),
        key=lambda p: swedish_sort_key(p.name),
    )
    recipients = tuple(Recipient(p.id, p.name, p.role) for p in people)
    if chosen is None:
        return recipients, people[0] if people else None
    contact = session.get(ContactPerson, chosen)
    if contact is None or contact.employer_id != employer.id:
        raise DocumentError(f"Kontaktpersonen finns inte hos {employer.name}.")
    return recipients, contact


def _workplace(session: Session, vacancy: Vacancy, employer: Employer) -> Workplace | None:
    if vacancy.workplace_id is not None:
        return session.get(Workplace, vacancy.workplace_id)
    return session.scalars(
        select(Workplace)
        .where(Workplace.employer_id == employer.id)
        .order_by(Workplace.created_at, Workplace.id)
        .limit(1)
    ).first()
