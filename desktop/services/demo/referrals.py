"""Referrals of job seekers to needs, their status history, and placements.

A person is referred only while their case is open and only if they let their profile
be shared. Whoever is in an intervention (status i_insats) has a placement running
today: one that came through a referral to a filled need, or one arranged directly.
Closed cases that ended in a job, a subsidised job, an internship or studies have the
placement they ended in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from random import Random

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desktop.models import Referral
from desktop.services.accounts import Actor
from desktop.services.demo.codes import iso, new_id, stamp
from desktop.services.demo.context import (
    CaseRecord,
    Context,
    EmployerRecord,
    PersonRecord,
    VacancyRecord,
)
from desktop.services.demo.vocabulary import Weighted
from desktop.services.matching import MatchingService
from desktop.services.referrals import AWAITING_ANSWER, reasons_text
from desktop.store.database import Database

REFERRAL_COLUMNS = (
    "id",
    "vacancy_id",
    "person_id",
    "case_id",
    "agent_id",
    "status",
    "status_changed_at",
)
CHANGE_COLUMNS = (
    "id",
    "referral_id",
    "from_status",
    "to_status",
    "changed_at",
    "changed_by_id",
    "comment",
)
PLACEMENT_COLUMNS = (
    "id",
    "person_id",
    "case_id",
    "referral_id",
    "vacancy_id",
    "employer_id",
    "form_code",
    "occupation_code",
    "extent",
    "start_date",
    "end_date",
)

PATH = ("foreslagen", "presenterad", "intervju", "erbjuden", "placerad")
OPEN_COUNTS = Weighted.of({"0": 50, "1": 28, "2": 15, "3": 7})
OPEN_OUTCOMES = Weighted.of(
    {
        "foreslagen": 30,
        "presenterad": 25,
        "intervju": 20,
        "erbjuden": 8,
        "avbojd": 12,
        "aterkallad": 5,
    }
)
# Placements arranged without a referral for people in an intervention.
DIRECT_FORMS = Weighted.of(
    {
        "praktik": 40,
        "extratjanst": 15,
        "nystartsjobb": 15,
        "introduktionsjobb": 10,
        "lonebidrag": 5,
        "studier": 15,
    }
)
# How long a placement of each form usually runs, in days (None: until further notice).
DURATIONS: dict[str, tuple[int, int] | None] = {
    "anstallning": None,
    "nystartsjobb": (365, 365),
    "introduktionsjobb": (365, 365),
    "extratjanst": (365, 365),
    "lonebidrag": (365, 730),
    "praktik": (60, 180),
    "studier": (120, 365),
}
# Case outcomes that are a placement (the rest: moved away, other).
LABOUR_MARKET_FORMS = frozenset(DURATIONS)
PICK_TRIES = 8
# Needs whose referrals get a score and reasons (see score_referrals): every one at S and M.
MAX_SCORED_NEEDS = 2_000
SCORING_REPORT_NEEDS = 20  # about half a second of scoring between progress reports
# The matching service wants someone to act as; scoring only reads, so nobody is recorded.
SCORER = Actor(uuid.UUID(int=0), "demo", "Demodata", "handlaggare")


class ReferralWriter:
    def __init__(self, ctx: Context, employers: list[EmployerRecord]) -> None:
        self.ctx = ctx
        self.today = ctx.today
        self.rng = ctx.rng("referrals")
        self.employers = employers
        writer = ctx.writer
        self.referrals = writer.sink("referrals", REFERRAL_COLUMNS)
        self.changes = writer.sink("referral_status_changes", CHANGE_COLUMNS)
        self.placements = writer.sink("placements", PLACEMENT_COLUMNS)
        self.placed: set[str] = set()

    def write(self, persons: list[PersonRecord], vacancies: list[VacancyRecord]) -> None:
        sharing = [p for p in persons if p.shares_profile]
        seeking = [p for p in sharing if p.current.status in ("inskriven", "aktiv")]
        in_intervention = [p for p in sharing if p.current.status == "i_insats"]
        for vacancy in vacancies:
            taken: set[str] = set()
            for final in self._plan(vacancy):
                pool = in_intervention if final == "placerad" else seeking
                person, first_day = self._candidate(pool, vacancy, taken)
                if person is not None:
                    taken.add(person.id)
                    self._referral(person, vacancy, final, first_day)
        for person in persons:
            for case in person.cases:
                self._direct_placement(person, case)

    def _plan(self, vacancy: VacancyRecord) -> list[str]:
        """The status each referral to this need ends in."""
        rng = self.rng
        if vacancy.status == "oppet":
            return [OPEN_OUTCOMES.pick(rng) for _ in range(int(OPEN_COUNTS.pick(rng)))]
        if vacancy.status == "tillsatt":
            finals = ["placerad" if vacancy.start <= self.today else "erbjuden"]
            return finals + (["avbojd"] if rng.random() < 0.5 else [])
        return [rng.choice(("avbojd", "aterkallad"))] if rng.random() < 0.4 else []

    def _candidate(
        self, pool: list[PersonRecord], vacancy: VacancyRecord, taken: set[str]
    ) -> tuple[PersonRecord | None, int]:
        """Someone not yet referred to this need whose case was open in time."""
        rng = self.rng
        last_day = min(vacancy.apply_by, self.today, vacancy.start - 7)
        for _ in range(PICK_TRIES if pool else 0):
            person = rng.choice(pool)
            first_day = max(vacancy.created, person.current.opened)
            if person.id in taken or person.id in self.placed or first_day > last_day:
                continue
            return person, rng.randint(first_day, last_day)
        return None, 0

    def _referral(
        self, person: PersonRecord, vacancy: VacancyRecord, final: str, first_day: int
    ) -> None:
        rng = self.rng
        steps = _steps(rng, final)
        days = [first_day]
        for _ in steps[1:]:
            days.append(days[-1] + rng.randint(1, 10))
        if final == "placerad":
            # The offer is accepted by the first working day at the latest.
            days[-1] = max(days[-2], min(days[-1], vacancy.start))
        while days[-1] > self.today:
            steps, days = steps[:-1], days[:-1]
        referral_id = new_id(rng)
        case = person.current
        # Days may repeat; sorting keeps the moments of one day in the order of the steps.
        stamps = sorted(stamp(rng, day) for day in days)
        row = (referral_id, vacancy.id, person.id, case.id, case.agent, steps[-1], stamps[-1])
        self.referrals.add(row, stamps[0], stamps[-1])
        comments = self.ctx.vocab.referral_comments
        for before, after, when in zip((None, *steps[:-1]), steps, stamps, strict=True):
            comment = rng.choice(comments[after]) if rng.random() < 0.5 else None
            change = (new_id(rng), referral_id, before, after, when, case.agent, comment)
            self.changes.add(change, when)
        if steps[-1] == "placerad":
            self.placed.add(person.id)
            start = max(days[-1], vacancy.start)
            self._placement(
                person,
                case,
                vacancy.form,
                start,
                ongoing=True,
                vacancy=vacancy,
                referral=referral_id,
            )

    def _direct_placement(self, person: PersonRecord, case: CaseRecord) -> None:
        rng, today = self.rng, self.today
        if case.status == "i_insats" and person.id not in self.placed:
            start = rng.randint(min(today, case.opened + 14), today)
            self._placement(person, case, DIRECT_FORMS.pick(rng), start, ongoing=True)
        elif case.closed is not None and case.outcome in LABOUR_MARKET_FORMS:
            start = max(case.opened, case.closed - rng.randint(0, 10))
            self._placement(person, case, case.outcome, start, ongoing=False)

    def _placement(
        self,
        person: PersonRecord,
        case: CaseRecord,
        form: str,
        start: int,
        *,
        ongoing: bool,
        vacancy: VacancyRecord | None = None,
        referral: str | None = None,
    ) -> None:
        """A placement; one that is `ongoing` for an intervention still runs after today."""
        rng = self.rng
        end = None
        duration = DURATIONS[form]
        if duration is not None:
            end = start + rng.randint(*duration)
            if ongoing:
                end = max(end, self.today + rng.randint(7, 60))
        if vacancy is not None:
            employer: EmployerRecord | None = vacancy.employer
            occupation: str | None = vacancy.occupation
            extent: str | None = vacancy.extent
        else:
            employer = (
                None if form == "studier" or not self.employers else rng.choice(self.employers)
            )
            occupation = None if employer is None else person.wished_occupation
            extent = None if form == "studier" else rng.choice(("heltid", "deltid"))
        row = (
            *(new_id(rng), person.id, case.id, referral),
            *(None if vacancy is None else vacancy.id, None if employer is None else employer.id),
            *(form, occupation, extent, iso(start), None if end is None else iso(end)),
        )
        self.placements.add(row, stamp(rng, min(start, self.today)))


def _steps(rng: Random, final: str) -> list[str]:
    """The statuses a referral passes through to its final one."""
    if final in PATH:
        return list(PATH[: PATH.index(final) + 1])
    # Declined or withdrawn after being proposed, presented or interviewed.
    return [*PATH[: rng.randint(1, 3)], final]


def write_referrals(
    ctx: Context,
    persons: list[PersonRecord],
    employers: list[EmployerRecord],
    vacancies: list[VacancyRecord],
) -> None:
    ctx.writer.step("Skapar anvisningar och placeringar")
    ReferralWriter(ctx, employers).write(persons, vacancies)


def score_referrals(
    db: Database,
    connection: Connection,
    today: dt.date,
    demo_agent: str | None = None,
    step: Callable[[str], None] | None = None,
) -> int:
    """Give referrals still awaiting an answer the score and reasons the matching rules
    give their person for their need today, recorded as `ReferralService.propose` records
    them, so the letter's "why we think … fits" has real reasons. Runs after the rows are
    written and the persons' current cases are set, inside the generation's transaction.
    Returns how many referrals were scored.

    Declined, withdrawn and placed referrals are closed (no letter is written for them
    any more) and are left without. The rules are SQL built for one need at a time, so
    one query a need scores all its referred people: about 20-25 ms a need (half of it
    building the statement, the rest compiling, running and wording the reasons).
    Measured with seed 2: S scores 169 needs in about 3 s, M 1,652 needs in about 30 s;
    L has about 16,500 and would take some 6 minutes more, so at most MAX_SCORED_NEEDS
    are scored (about 47 s): first every need with a referral of `demo_agent` (the
    agent the demo logs in as, whose referrals and letters are the ones shown), then the
    others in id order. The referrals beyond stay without, like a referral made before
    scores were recorded (the letter then says there are no saved reasons).

    `step`, when given, is told (in Swedish) how many needs are scored so far, every
    SCORING_REPORT_NEEDS needs: this is the longest step of a large run."""
    matching = MatchingService(db, SCORER)
    agent = uuid.UUID(demo_agent) if demo_agent else None
    by_need: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID]]] = defaultdict(list)
    demo_needs: set[uuid.UUID] = set()
    updates: list[tuple[int, str, str]] = []
    with Session(bind=connection) as session:
        rows = session.execute(
            select(Referral.vacancy_id, Referral.id, Referral.person_id, Referral.agent_id)
            .where(Referral.status.in_(AWAITING_ANSWER))
            .order_by(Referral.vacancy_id, Referral.id)
        )
        for need_id, referral_id, person_id, agent_id in rows:
            by_need[need_id].append((referral_id, person_id))
            if agent_id == agent:
                demo_needs.add(need_id)
        order = sorted(by_need, key=lambda need_id: (need_id not in demo_needs, need_id))
        scored = order[:MAX_SCORED_NEEDS]
        for done, need_id in enumerate(scored):
            if step is not None and done % SCORING_REPORT_NEEDS == 0:
                step(f"Beräknar matchningen för anvisningarna: {done} av {len(scored)} behov")
            referred = by_need[need_id]
            people = [person_id for _, person_id in referred]
            found = matching.score_people(need_id, people, today=today, session=session)
            for referral_id, person_id in referred:
                match = found[person_id]
                updates.append((match.score, reasons_text(match), referral_id.hex))
    connection.exec_driver_sql(
        "UPDATE referrals SET match_score = ?, match_reasons = ? WHERE id = ?", updates
    )
    return len(updates)
