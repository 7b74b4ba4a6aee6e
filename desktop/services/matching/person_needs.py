"""A person's needs: open needs still taking proposals, ranked for a person with an
active case."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import (
    Education,
    Employer,
    Occupation,
    Person,
    PersonLanguage,
    Qualification,
    Referral,
    Vacancy,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.services.matching import needs, rules
from desktop.services.matching.base import DEFAULT_LIMIT, MAX_LIMIT, MatchingServiceBase
from desktop.services.matching.candidates import Requirement
from desktop.services.matching.needs import Job, NeedFilters, PersonFacts
from desktop.services.matching.reasons import _Fit, _reasons
from desktop.services.matching.results import MatchingError, NeedMatch, NeedMatchList, NeedSummary
from desktop.store.errors import RecordMissingError

if TYPE_CHECKING:
    from desktop.services.matching.results import RequirementResult


class PersonNeeds(MatchingServiceBase):
    """Ranking needs for a person (the Matchande behov window, `matchning match person`)."""

    # A person's needs ---------------------------------------------------------------------

    def needs_for(
        self,
        person_id: uuid.UUID,
        filters: NeedFilters | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        today: dt.date | None = None,
    ) -> NeedMatchList:
        """Open needs still taking proposals, best first, for a person with an active case."""
        filters = filters or NeedFilters()
        today = today or clock.today()
        limit = max(1, min(limit, MAX_LIMIT))
        with self._db.read() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise RecordMissingError("Personen")
            name = f"{person.first_name} {person.last_name}"
            if person.current_case_status not in rules.ACTIVE_CASE_STATUSES:
                raise MatchingError(
                    f"{name} har inget aktivt ärende. Öppna ett ärende för att matcha mot behov."
                )
            facts = self._person_facts(session, person, today)
            query = needs.statement(facts, self._ranks, today, filters).limit(limit)
            rows = session.execute(query).all()
            total = int(rows[0].total) if rows else 0
            matches = self._need_matches(session, person_id, facts, rows)
        empty = None
        if not matches:
            empty = (
                "Inga öppna behov där alla krav uppfylls. Visa också behov med krav som inte "
                "uppfylls för att se vad som saknas."
                if filters.only_meeting_krav
                else "Inga öppna behov tar emot förslag just nu."
            )
        return NeedMatchList(person_id, name, matches, total, empty)

    def _need_matches(
        self, session: Session, person_id: uuid.UUID, person: PersonFacts, rows: Sequence[Any]
    ) -> tuple[NeedMatch, ...]:
        ids = [row.id for row in rows]
        if not ids:
            return ()
        summaries = {s.id: s for s in self._need_summaries(session, ids)}
        requirements: dict[uuid.UUID, list[RequirementResult]] = {i: [] for i in ids}
        requirement_rows = session.execute(needs.requirement_rows(person, self._ranks, ids)).all()
        for r in sorted(requirement_rows, key=lambda r: (r[2] != "krav", r[1], r[3] or "")):
            requirement = Requirement(r[1], r[2], r[3], r[4], r[5])
            requirements[r[0]].append(self._result(requirement, r[6], bool(r[7])))
        referrals = dict(
            session.execute(
                select(Referral.vacancy_id, Referral.status).where(
                    Referral.person_id == person_id, Referral.vacancy_id.in_(ids)
                )
            ).all()
        )
        matches = []
        for row in rows:
            summary = summaries[row.id]
            results = tuple(requirements[row.id])
            parts = {
                name: row._mapping[name]
                for name in ("municipality", "start", "extent")
                if row._mapping[name] is not None
            }
            fit = _Fit(
                row.fit,
                row.best_job,
                row.best_wish,
                summary.occupation_name,
                summary.municipality or "",
                parts,
            )
            reasons = _reasons(fit, results, person.earliest_start)
            matches.append(
                NeedMatch(
                    summary,
                    int(row.score),
                    int(row.failed) == 0,
                    results,
                    reasons,
                    referrals.get(row.id),
                )
            )
        return tuple(matches)

    def _need_summaries(self, session: Session, ids: list[uuid.UUID]) -> list[NeedSummary]:
        # Columns, not ORM objects: a hundred needs are read for every list.
        rows = session.execute(
            select(
                Vacancy.id,
                Vacancy.title,
                Vacancy.employer_id,
                Employer.name,
                Vacancy.occupation_code,
                Occupation.name_sv,
                Vacancy.status,
                Vacancy.positions,
                Vacancy.municipality_code,
                Vacancy.apply_by,
            )
            .join(Employer, Employer.id == Vacancy.employer_id)
            .join(Occupation, Occupation.code == Vacancy.occupation_code)
            .where(Vacancy.id.in_(ids))
        ).all()
        return [
            NeedSummary(*row[:8], self._reference.municipality_name(row[8]) or None, row[9])
            for row in rows
        ]

    def _person_facts(self, session: Session, person: Person, today: dt.date) -> PersonFacts:
        ranks = self._ranks
        pid = person.id
        languages: dict[str, int] = {}
        for code, level in session.execute(
            select(PersonLanguage.language, PersonLanguage.level).where(
                PersonLanguage.person_id == pid
            )
        ):
            languages[code] = max(languages.get(code, 0), ranks.get(level or "", 0))
        qualifications = session.execute(
            select(Qualification.kind, Qualification.code).where(
                Qualification.person_id == pid,
                (Qualification.valid_until.is_(None)) | (Qualification.valid_until >= today),
            )
        ).all()
        education = session.scalars(
            select(Education.level).where(Education.person_id == pid, Education.completed.is_(True))
        ).all()
        jobs = session.execute(
            select(WorkExperience.occupation_code, WorkExperience.years, WorkExperience.last_year)
            .where(WorkExperience.person_id == pid, WorkExperience.occupation_code.is_not(None))
            .order_by(WorkExperience.occupation_code, WorkExperience.id)
        ).all()
        wishes = session.scalars(
            select(WishedOccupation.occupation_code)
            .where(WishedOccupation.person_id == pid)
            .order_by(WishedOccupation.occupation_code)
        ).all()
        places = session.scalars(
            select(WishedMunicipality.municipality_code)
            .where(WishedMunicipality.person_id == pid)
            .order_by(WishedMunicipality.municipality_code)
        ).all()
        swedish = max(
            (
                ranks.get(code or "", 0)
                for code in (person.sfi_course, person.sas_level, person.swedish_cefr)
            ),
        )
        return PersonFacts(
            swedish_rank=swedish,
            languages=languages,
            licences=frozenset(code for kind, code in qualifications if kind == "korkort"),
            certificates=tuple(
                sorted(code for kind, code in qualifications if kind == "certifikat")
            ),
            education=max((int(level) for level in education), default=-1),
            jobs=tuple(Job(code or "", years, last) for code, years, last in jobs),
            wished_occupations=tuple(wishes),
            wished_municipalities=tuple(places),
            home_municipality=person.municipality_code,
            earliest_start=person.earliest_start,
            work_extent=person.work_extent,
        )
