"""Matching as the screens and the CLI use it: ranked candidates for a need, ranked
needs for a person, and why a named person is not among a need's candidates.

The queries score (candidates.py, needs.py); this module reads the few rows shown and
words each result: a score 0-100, every requirement met or missing, and what counted.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    VacancyRequirement,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.services.accounts import Actor
from desktop.services.consents import sharing_clause
from desktop.services.matching import candidates, needs, rules
from desktop.services.matching.candidates import CandidateFilters, NeedFacts, Requirement
from desktop.services.matching.needs import Job, NeedFilters, PersonFacts
from desktop.services.reference import ReferenceService
from desktop.services.vacancies import VacancyService
from desktop.store.database import Database
from desktop.store.errors import RecordMissingError

DEFAULT_LIMIT = 100
# Up to this many meeting every krav, the ranking scores them all in one go rather than
# widening from the need's own occupation group.
FEW_QUALIFY = 3000
MAX_LIMIT = 1000
KEY_REASONS = 3

STATUS_WORDS = {
    "foreslagen": "Föreslagen",
    "presenterad": "Presenterad",
    "intervju": "Intervju",
    "erbjuden": "Erbjuden",
    "placerad": "Placerad",
    "avbojd": "Avböjd",
    "aterkallad": "Återkallad",
}
CASE_WORDS = {
    "inskriven": "Inskriven",
    "aktiv": "Aktiv",
    "i_insats": "I insats",
    "avslutad": "Avslutad",
}
_LEVEL_WORDS = {
    4: "samma yrke",
    3: "närliggande yrke (samma yrkesgrupp)",
    2: "samma yrkesområde",
    1: "samma yrkesområde (huvudgrupp)",
}


class MatchingError(ValueError):
    """A ranking that cannot be made, with the Swedish reason."""


@dataclass(frozen=True)
class RequirementResult:
    kind: str
    importance: str  # krav / merit
    label: str  # "Svenska B1 – mellannivå"
    met: bool
    detail: str  # what the person has: "har B2", "saknas", "3 år"

    @property
    def text(self) -> str:
        mark = "✓" if self.met else "✗"
        word = "Krav" if self.importance == "krav" else "Merit"
        return f"{mark} {word}: {self.label} ({self.detail})"


@dataclass(frozen=True)
class CandidateMatch:
    person_id: uuid.UUID
    name: str
    municipality: str | None
    case_status: str | None
    score: int
    meets_krav: bool
    requirements: tuple[RequirementResult, ...]
    # What counted, most first; unmet krav and merits are always among them.
    reasons: tuple[str, ...]
    referral_status: str | None
    may_share: bool

    @property
    def key_reasons(self) -> str:
        return "; ".join(self.reasons[:KEY_REASONS])


@dataclass(frozen=True)
class NeedSummary:
    id: uuid.UUID
    title: str
    employer_id: uuid.UUID
    employer_name: str
    occupation_code: str
    occupation_name: str
    status: str
    positions: int
    municipality: str | None
    apply_by: dt.date | None


@dataclass(frozen=True)
class KravCount:
    label: str
    met: int  # active job seekers meeting this krav on its own


@dataclass(frozen=True)
class CandidateList:
    need: NeedSummary
    candidates: tuple[CandidateMatch, ...]
    total: int  # all that qualify, beyond the `limit` shown
    # When no one qualifies: how many meet each krav alone, and the sentence to show.
    krav_counts: tuple[KravCount, ...] = ()
    active: int = 0
    empty_reason: str | None = None


@dataclass(frozen=True)
class NeedMatch:
    need: NeedSummary
    score: int
    meets_krav: bool
    requirements: tuple[RequirementResult, ...]
    reasons: tuple[str, ...]
    referral_status: str | None

    @property
    def key_reasons(self) -> str:
        return "; ".join(self.reasons[:KEY_REASONS])


@dataclass(frozen=True)
class NeedMatchList:
    person_id: uuid.UUID
    name: str
    needs: tuple[NeedMatch, ...]
    total: int  # all open needs that qualify, beyond the `limit` shown
    empty_reason: str | None = None


@dataclass(frozen=True)
class WhyNot:
    """A named person against a need's candidate list."""

    person_id: uuid.UUID
    name: str
    in_list: bool
    # The sentences to show: which krav they fail, or that they have no active case.
    reasons: tuple[str, ...]
    match: CandidateMatch = field(repr=False)


class MatchingService:
    def __init__(
        self,
        db: Database,
        actor: Actor,
        reference: ReferenceService | None = None,
        vacancies: VacancyService | None = None,
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)
        self._vacancies = vacancies or VacancyService(db, actor, self._reference)

    @property
    def reference(self) -> ReferenceService:
        return self._reference

    # A need's candidates ------------------------------------------------------------------

    def candidates(
        self,
        need_id: uuid.UUID,
        filters: CandidateFilters | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        today: dt.date | None = None,
    ) -> CandidateList:
        """Job seekers with an active case, best first. Krav filter (unless the filters
        say to show those who miss one, last); merits and the general fit rank."""
        filters = filters or CandidateFilters()
        today = today or clock.today()
        limit = max(1, min(limit, MAX_LIMIT))
        with self._db.read() as session:
            summary, facts = self._need(session, need_id)
            if summary.status != "oppet":
                word = "tillsatt" if summary.status == "tillsatt" else "stängt"
                raise MatchingError(
                    f"Behovet är {word}. Öppna det igen för att söka kandidater till det."
                )
            referrals = self._referrals_of_need(session, need_id)
            proposed = frozenset(referrals)
            total = int(
                session.scalar(
                    candidates.count(facts, self._ranks, today, filters, proposed=proposed)
                )
                or 0
            )
            rows = (
                self._ranked(
                    session,
                    facts,
                    filters,
                    proposed=proposed,
                    limit=limit,
                    total=total,
                    today=today,
                )
                if total or not filters.only_meeting_krav
                else ()
            )
            matches = self._candidate_matches(session, facts, rows, referrals, today)
            if matches:
                return CandidateList(summary, matches, total)
            counts = session.execute(
                candidates.krav_counts(facts, self._ranks, today, filters)
            ).one()
            proposed_only = (
                filters.not_proposed
                and bool(proposed)
                and bool(
                    session.scalar(
                        candidates.count(facts, self._ranks, today, filters, proposed=frozenset())
                    )
                )
            )
        if proposed_only:
            reason = "Alla som uppfyller kraven är redan föreslagna för behovet."
            return CandidateList(summary, (), 0, (), int(counts.active or 0), reason)
        return self._empty_candidates(summary, facts, counts, filters)

    def why_not(
        self, need_id: uuid.UUID, person_id: uuid.UUID, *, today: dt.date | None = None
    ) -> WhyNot:
        """Why a named person is or is not among the need's candidates."""
        today = today or clock.today()
        with self._db.read() as session:
            summary, found = self._named(session, need_id, [person_id], today)
        if person_id not in found:
            raise RecordMissingError("Personen")
        match = found[person_id]
        reasons: list[str] = []
        if summary.status != "oppet":
            word = "tillsatt" if summary.status == "tillsatt" else "stängt"
            reasons.append(f"Behovet är {word} och har ingen kandidatlista.")
        if match.case_status not in rules.ACTIVE_CASE_STATUSES:
            reasons.append(
                f"{match.name} har inget aktivt ärende; bara den som är inskriven matchas."
            )
        reasons += [
            f"Uppfyller inte kravet {r.label} ({r.detail})."
            for r in match.requirements
            if r.importance == "krav" and not r.met
        ]
        if not reasons:
            reasons.append(
                f"{match.name} uppfyller alla krav och finns i listan ({match.score} poäng)."
            )
        in_list = (
            summary.status == "oppet"
            and match.meets_krav
            and match.case_status in rules.ACTIVE_CASE_STATUSES
        )
        return WhyNot(match.person_id, match.name, in_list, tuple(reasons), match)

    def score_people(
        self,
        need_id: uuid.UUID,
        person_ids: Collection[uuid.UUID],
        *,
        today: dt.date | None = None,
        session: Session | None = None,
    ) -> dict[uuid.UUID, CandidateMatch]:
        """Named people scored for a need, whatever their case or the krav: for each, what
        `why_not(...).match` says and so what a proposal records (its score and reasons).
        One query for them all. People who do not exist are left out. `session` is for a
        caller inside a transaction of its own whose rows are not committed yet (the demo
        generator); without it the service reads in a session of its own."""
        today = today or clock.today()
        if session is not None:
            return self._named(session, need_id, person_ids, today)[1]
        with self._db.read() as own:
            return self._named(own, need_id, person_ids, today)[1]

    def _named(
        self,
        session: Session,
        need_id: uuid.UUID,
        person_ids: Collection[uuid.UUID],
        today: dt.date,
    ) -> tuple[NeedSummary, dict[uuid.UUID, CandidateMatch]]:
        summary, facts = self._need(session, need_id)
        if not person_ids:
            return summary, {}
        referrals = self._referrals_of_need(session, need_id)
        query = candidates.statement(
            facts, self._ranks, today, CandidateFilters(), person_ids=person_ids
        )
        rows = session.execute(query).all()
        matches = self._candidate_matches(session, facts, rows, referrals, today)
        return summary, {match.person_id: match for match in matches}

    def _ranked(
        self,
        session: Session,
        need: NeedFacts,
        filters: CandidateFilters,
        *,
        proposed: frozenset[uuid.UUID],
        limit: int,
        total: int,
        today: dt.date,
    ) -> Sequence[Any]:
        """The best `limit` of `total`, exactly, scoring as few job seekers as it can:
        first those with a job or wish in the need's own unit group, then ever wider
        groups, until every one is found or the last of the best beats anyone further
        out could score."""
        rows: Sequence[Any] = ()
        wanted = min(limit, total) if filters.only_meeting_krav else limit
        tiers = candidates.occupation_tiers(need.occupation_code)
        if filters.only_meeting_krav and total <= FEW_QUALIFY:
            tiers = [None]  # the krav already leave few: score them all at once
        for prefix in tiers:
            query = candidates.statement(
                need, self._ranks, today, filters, proposed=proposed, within=prefix
            )
            rows = session.execute(query.limit(limit)).all()
            if prefix is None or (filters.only_meeting_krav and len(rows) == total):
                break
            outside = candidates.best_score_below(need, len(prefix) - 1)
            if len(rows) == wanted and rows[-1].failed == 0 and rows[-1].score > outside:
                break
        return rows

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

    # Reading ------------------------------------------------------------------------------

    @property
    def _ranks(self) -> dict[str, int]:
        return self._reference.level_ranks()

    def _need(self, session: Session, need_id: uuid.UUID) -> tuple[NeedSummary, NeedFacts]:
        vacancy = session.get(Vacancy, need_id)
        if vacancy is None:
            raise RecordMissingError("Behovet")
        row = session.execute(
            select(Employer.name, Occupation.name_sv)
            .where(Employer.id == vacancy.employer_id)
            .join(Occupation, Occupation.code == vacancy.occupation_code)
        ).one()
        requirements = session.scalars(
            select(VacancyRequirement).where(VacancyRequirement.vacancy_id == need_id)
        ).all()
        ordered = sorted(
            requirements,
            key=lambda r: (
                r.importance != "krav",
                r.kind,
                r.code or "",
                r.level or "",
                r.years or 0,
            ),
        )
        summary = NeedSummary(
            vacancy.id,
            vacancy.title,
            vacancy.employer_id,
            row[0],
            vacancy.occupation_code,
            row[1],
            vacancy.status,
            vacancy.positions,
            self._reference.municipality_name(vacancy.municipality_code) or None,
            vacancy.apply_by,
        )
        facts = NeedFacts(
            vacancy.occupation_code,
            vacancy.municipality_code,
            vacancy.start_date,
            vacancy.extent,
            tuple(Requirement(r.kind, r.importance, r.code, r.level, r.years) for r in ordered),
        )
        return summary, facts

    @staticmethod
    def _referrals_of_need(session: Session, need_id: uuid.UUID) -> dict[uuid.UUID, str]:
        rows = session.execute(
            select(Referral.person_id, Referral.status).where(Referral.vacancy_id == need_id)
        )
        return dict(rows.all())

    def _candidate_matches(
        self,
        session: Session,
        need: NeedFacts,
        rows: Sequence[Any],
        referrals: dict[uuid.UUID, str],
        today: dt.date,
    ) -> tuple[CandidateMatch, ...]:
        ids = [row.id for row in rows]
        sharing = (
            set(
                session.scalars(
                    select(Person.id).where(Person.id.in_(ids), sharing_clause(Person.id, today))
                )
            )
            if ids
            else set()
        )
        people = {
            row[0]: row[1:]
            for row in session.execute(
                select(Person.id, Person.first_name, Person.last_name, Person.earliest_start).where(
                    Person.id.in_(ids)
                )
            ).all()
        }
        occupation = self._occupation_name(need.occupation_code)
        place = self._reference.municipality_name(need.municipality_code)
        levels: list[dict[uuid.UUID, int]] = [
            {row[0]: int(row[1]) for row in session.execute(query)} if ids else {}
            for query in candidates.occupation_levels(need.occupation_code, ids)
        ]
        jobs, wishes = levels
        matches = []
        for row in rows:
            results = tuple(
                self._result(r, row._mapping[f"have_{i}"], bool(row._mapping[f"met_{i}"]))
                for i, r in enumerate(need.requirements)
            )
            parts = {
                name: row._mapping[name]
                for name in ("municipality", "start", "extent")
                if name in row._mapping
            }
            fit = _Fit(
                row.fit, jobs.get(row.id, 0), wishes.get(row.id, 0), occupation, place, parts
            )
            first, last, earliest_start = people[row.id]
            positives = _reasons(fit, results, earliest_start)
            matches.append(
                CandidateMatch(
                    person_id=row.id,
                    name=f"{first} {last}",
                    municipality=self._reference.municipality_name(row.municipality_code) or None,
                    case_status=row.current_case_status,
                    score=int(row.score),
                    meets_krav=int(row.failed) == 0,
                    requirements=results,
                    reasons=positives,
                    referral_status=referrals.get(row.id),
                    may_share=row.id in sharing,
                )
            )
        return tuple(matches)

    def _empty_candidates(
        self, summary: NeedSummary, need: NeedFacts, counts: Any, filters: CandidateFilters
    ) -> CandidateList:
        active = int(counts.active or 0)
        krav = tuple(
            KravCount(
                self._vacancies.requirement_label(r.kind, r.code, r.level, r.years),
                int(counts._mapping[f"met_{i}"] or 0),
            )
            for i, r in enumerate(need.requirements)
            if r.importance == "krav"
        )
        if active == 0:
            reason = (
                "Ingen arbetssökande med aktivt ärende"
                + (" i den valda kommunen" if filters.municipality else "")
                + (" med samtycke att dela profilen" if filters.consent_given else "")
                + "."
            )
        elif krav:
            hardest = min(krav, key=lambda k: k.met)
            listed = "; ".join(f"{k.label}: {k.met} av {active}" for k in krav)
            reason = (
                f"Ingen av {active} arbetssökande uppfyller alla krav. "
                f"Flest faller bort på kravet {hardest.label} ({hardest.met} uppfyller det). "
                f"Per krav: {listed}."
            )
        else:
            reason = "Ingen arbetssökande passar med de valda filtren."
        return CandidateList(summary, (), 0, krav, active, reason)

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

    # Words --------------------------------------------------------------------------------

    def _occupation_name(self, code: str) -> str:
        occupation = self._reference.occupation(code)
        return occupation.name if occupation else code

    def _result(self, r: Requirement, have: Any, met: bool) -> RequirementResult:
        label = self._vacancies.requirement_label(r.kind, r.code, r.level, r.years)
        return RequirementResult(r.kind, r.importance, label, met, self._have_text(r.kind, have))

    def _have_text(self, kind: str, have: Any) -> str:
        if kind in ("svenska", "sprak"):
            level = self._reference.cefr_at(int(have or 0))
            return f"har {level}" if level else "ingen nivå angiven"
        if kind == "utbildning":
            value = int(have if have is not None else -1)
            if value < 0:
                return "ingen avslutad utbildning angiven"
            names = {c.code: c.name for c in self._reference.education_levels()}
            return f"har {names.get(str(value), str(value)).lower()}"
        if kind == "erfarenhet":
            years = float(have or 0)
            return f"{years:g} år".replace(".", ",") if years else "ingen erfarenhet"
        return "finns" if have else "saknas"


@dataclass(frozen=True)
class _Fit:
    """A result's general fit as the query scored it, for wording the reasons."""

    fit: float
    best_job: int  # SSYK levels shared with the best job (0-4)
    best_wish: int  # ... and with the best wished occupation
    occupation: str
    place: str
    # Credits 0-1 of the parts that apply to the need: municipality, start, extent.
    parts: dict[str, Any]


def _reasons(
    fit: _Fit, results: tuple[RequirementResult, ...], earliest_start: dt.date | None
) -> tuple[str, ...]:
    """What counted: a missed krav first, then what counted most, then missed merits."""
    missing_krav = [
        f"Saknar krav: {r.label} ({r.detail})"
        for r in results
        if not r.met and r.importance == "krav"
    ]
    missing_merits = [
        f"Saknar merit: {r.label} ({r.detail})"
        for r in results
        if not r.met and r.importance == "merit"
    ]
    weighted: list[tuple[float, str]] = []
    points = rules.OCCUPATION_WEIGHT * float(fit.fit)
    from_wish = rules.OCCUPATION_FACTORS.get(int(fit.best_wish), 0.0) * rules.BASE_SHARE
    if fit.best_job and float(fit.fit) > from_wish:
        text = f"Erfarenhet av {_LEVEL_WORDS[int(fit.best_job)]} ({fit.occupation})"
    elif fit.best_wish:
        text = f"Vill arbeta inom {_LEVEL_WORDS[int(fit.best_wish)]} ({fit.occupation})"
    else:
        text = f"Ingen erfarenhet av eller önskan om yrket ({fit.occupation})"
    weighted.append((points, text))
    weighted += [
        (rules.MERIT_WEIGHT, f"Merit: {r.label} ({r.detail})")
        for r in results
        if r.met and r.importance == "merit"
    ]
    municipality = fit.parts.get("municipality")
    if municipality is not None:
        credit = float(municipality)
        text = (
            f"Kan arbeta i {fit.place}"
            if credit >= 1.0
            else f"Vill arbeta i andra kommuner än {fit.place}"
            if credit <= 0.0
            else f"Har inte angett var hen vill arbeta ({fit.place})"
        )
        weighted.append((rules.MUNICIPALITY_WEIGHT * credit, text))
    start = fit.parts.get("start")
    if start is not None:
        text = (
            "Kan börja i tid"
            if float(start) >= 1.0 or earliest_start is None
            else f"Kan börja först {earliest_start.isoformat()}"
        )
        weighted.append((rules.START_WEIGHT * float(start), text))
    extent = fit.parts.get("extent")
    if extent is not None and float(extent) < 1.0:
        text = (
            "Har inte angett heltid eller deltid"
            if float(extent) == rules.NO_EXTENT
            else "Söker en annan omfattning än behovets"
        )
        weighted.append((rules.EXTENT_WEIGHT * float(extent), text))
    weighted.sort(key=lambda item: -item[0])
    return (*missing_krav, *(text for _, text in weighted), *missing_merits)
