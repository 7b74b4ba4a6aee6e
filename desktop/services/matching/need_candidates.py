"""A need's candidates: job seekers with an active case ranked for a need, why a named
person is or is not among them, and named people scored for a need."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import Employer, Occupation, Person, Referral, Vacancy, VacancyRequirement
from desktop.services.consents import sharing_clause
from desktop.services.matching import candidates, rules
from desktop.services.matching.base import DEFAULT_LIMIT, MAX_LIMIT, MatchingServiceBase
from desktop.services.matching.candidates import CandidateFilters, NeedFacts, Requirement
from desktop.services.matching.reasons import _Fit, _reasons
from desktop.services.matching.results import (
    CandidateList,
    CandidateMatch,
    KravCount,
    MatchingError,
    NeedSummary,
    WhyNot,
)
from desktop.store.errors import RecordMissingError

# Up to this many meeting every krav, the ranking scores them all in one go rather than
# widening from the need's own occupation group.
FEW_QUALIFY = 3000


class NeedCandidates(MatchingServiceBase):
    """Ranking candidates for a need (the Matchning screen, `matchning match need`)."""

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
