"""Matching as a caseworker relies on it: a krav is never broken in the list, more of
what is asked never lowers a score, a nearer occupation ranks higher, the same data
gives the same order, every unmet requirement is named, and protected grounds (gender,
age, origin, citizenship, mother tongue as such) change nothing. The ranking that starts
from the need's own occupation group gives exactly the order of scoring everyone."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop import clock
from desktop.models import (
    Case,
    Consent,
    Education,
    Person,
    PersonLanguage,
    Qualification,
    WishedMunicipality,
    WishedOccupation,
    WorkExperience,
)
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.cases import sync_current_case
from desktop.services.matching import (
    CandidateFilters,
    MatchingError,
    MatchingService,
    NeedFilters,
)
from desktop.services.matching import candidates as candidate_queries
from desktop.services.matching.rules import licences_meeting
from desktop.services.registry import Services
from desktop.services.vacancies import RequirementData, VacancyData
from desktop.store.database import Database
from tests.factories import make_person, make_user, open_case

TODAY = clock.today()
SWEDISH = ("SFI_B", "SFI_C", "SFI_D", "A2", "B1", "B2", "C1")
LICENCES = ("B", "BE", "C", "CE", "D")


@dataclass
class Profile:
    """A made-up job seeker's profile; only what matching may use, plus protected
    grounds that it must ignore."""

    swedish: str | None = None
    jobs: tuple[tuple[str, float], ...] = ()
    wishes: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()
    education: str | None = None
    places: tuple[str, ...] = ()
    home: str = "0127"
    status: str = "aktiv"
    consent: bool = True
    # Protected grounds.
    gender: str | None = None
    birth: dt.date = dt.date(1990, 5, 17)
    birth_country: str | None = None
    citizenship: str | None = None
    mother_tongue: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class World:
    def __init__(self, db: Database) -> None:
        self.db = db
        audit.install(db)
        with db.unit_of_work(screen="test") as session:
            user = make_user(session, "matchare", "Maja Matchare")
            actor = Actor(user.id, user.username, user.full_name, "handlaggare")
        self.services = Services.for_user(db, actor)
        self.matching: MatchingService = self.services.matching
        self.employer_id = self.services.employers.create(_employer())
        self.count = 0

    def need(self, *requirements: RequirementData, **fields: str) -> uuid.UUID:
        values = {
            "occupation_code": "5321",
            "title": "Undersköterska",
            "positions": "1",
            "form_code": "anstallning",
            "extent": "heltid",
            "municipality_code": "0127",
        }
        values.update(fields)
        return self.services.vacancies.create(
            VacancyData(employer_id=self.employer_id, requirements=requirements, **values)
        )

    def person(self, profile: Profile, first: str = "") -> uuid.UUID:
        self.count += 1
        with self.db.unit_of_work(screen="test") as session:
            person = make_person(
                session, first or f"Testa{self.count}", "Provsson", birth=profile.birth,
                municipality=profile.home,
            )  # fmt: skip
            self._apply(session, person, profile)
            case = open_case(session, person)
            if profile.status != "aktiv":
                case.status = profile.status
                if profile.status == "avslutad":
                    case.closed_on, case.outcome = case.opened_on, "annat"
                sync_current_case(session, person.id)
            return person.id

    def change(self, person_id: uuid.UUID, profile: Profile) -> None:
        """Replace the person's profile with `profile` (the case stays)."""
        with self.db.unit_of_work(screen="test") as session:
            person = session.get_one(Person, person_id)
            for model in (
                WorkExperience, WishedOccupation, Qualification, PersonLanguage, Education,
                WishedMunicipality, Consent,
            ):  # fmt: skip
                for row in session.scalars(select(model).where(model.person_id == person_id)):
                    session.delete(row)
            session.flush()
            person.birth_date = profile.birth
            person.municipality_code = profile.home
            self._apply(session, person, profile)

    @staticmethod
    def _apply(session: Any, person: Person, p: Profile) -> None:
        person.gender = p.gender
        person.birth_country = p.birth_country
        person.citizenship = p.citizenship
        person.swedish_cefr = p.swedish if p.swedish and "_" not in p.swedish else None
        person.sfi_course = p.swedish if p.swedish and p.swedish.startswith("SFI") else None
        for code, years in p.jobs:
            session.add(WorkExperience(person_id=person.id, occupation_code=code, years=years))
        for code in p.wishes:
            session.add(WishedOccupation(person_id=person.id, occupation_code=code))
        for code in p.licences:
            session.add(Qualification(person_id=person.id, kind="korkort", code=code))
        for code, level in p.languages:
            session.add(
                PersonLanguage(
                    person_id=person.id, language=code, level=level, mother_tongue=p.mother_tongue
                )
            )
        if p.education is not None:
            session.add(Education(person_id=person.id, level=p.education, completed=True))
        for code in p.places:
            session.add(WishedMunicipality(person_id=person.id, municipality_code=code))
        if p.consent:
            session.add(
                Consent(
                    person_id=person.id,
                    kind="dela_profil",
                    given_on=TODAY - dt.timedelta(days=1),
                    method="skriftligt",
                )
            )

    def score(self, need_id: uuid.UUID, person_id: uuid.UUID) -> int:
        return self.matching.why_not(need_id, person_id).match.score


def _employer() -> Any:
    from desktop.services.employers import EmployerData

    return EmployerData(name="Omsorgsbolaget Test AB", sector="privat", municipality_code="0127")


@pytest.fixture
def world(db: Database) -> World:
    return World(db)


def krav(kind: str, **fields: Any) -> RequirementData:
    return RequirementData(kind, "krav", **fields)


def merit(kind: str, **fields: Any) -> RequirementData:
    return RequirementData(kind, "merit", **fields)


def names(result: Any) -> list[str]:
    return [c.name for c in result.candidates]


# The hand-made set ----------------------------------------------------------------------


def test_the_expected_top_three_for_an_assistant_nurse(world: World) -> None:
    """Undersköterska (SSYK 5321) in Botkyrka; krav Swedish B1; merits licence B and
    two years as an assistant nurse.

    1. Ada: five years as undersköterska, B2, licence B, wants Botkyrka: everything.
    2. Bea: three years as undersköterska, B1, no licence: the same occupation and
       the years merit, only the licence is missing.
    3. Cem: home-care worker (5322, a sibling unit group) for six years, B1, licence:
       a nearer group and every merit but the years as undersköterska.
    Dan (a bus driver, 8331, with B1) scores lower still; Eva (SFI C, below B1) is
    out: she misses the krav."""
    need = world.need(
        krav("svenska", level="B1"),
        merit("korkort", code="B"),
        merit("erfarenhet", code="5321", years="2"),
    )
    ada = Profile("B2", jobs=(("5321", 5),), licences=("B",), places=("0127",))
    bea = Profile("B1", jobs=(("5321", 3),), places=("0127",))
    cem = Profile("B1", jobs=(("5322", 6),), licences=("B",), places=("0127",))
    dan = Profile("B1", jobs=(("8331", 9),), licences=("D",), places=("0127",))
    eva = Profile("SFI_C", jobs=(("5321", 10),), licences=("B",), places=("0127",))
    for first, profile in (("Ada", ada), ("Bea", bea), ("Cem", cem), ("Dan", dan), ("Eva", eva)):
        world.person(profile, first)

    result = world.matching.candidates(need)

    assert names(result)[:4] == [
        "Ada Provsson", "Bea Provsson", "Cem Provsson", "Dan Provsson",
    ]  # fmt: skip
    assert "Eva Provsson" not in names(result)
    assert result.total == 4
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    ada_match = result.candidates[0]
    assert ada_match.reasons[0].startswith("Erfarenhet av samma yrke")
    assert all(r.met for r in ada_match.requirements)
    bea_match = result.candidates[1]
    assert any(
        "Körkort B" in reason and reason.startswith("Saknar merit") for reason in bea_match.reasons
    )
    met = {r.kind: r.met for r in bea_match.requirements}
    assert met == {"svenska": True, "korkort": False, "erfarenhet": True}


def test_why_not_names_the_krav_a_person_fails(world: World) -> None:
    need = world.need(krav("svenska", level="B1"), krav("korkort", code="C"))
    eva = world.person(Profile("A2", jobs=(("5321", 4),), licences=("B",)), "Eva")

    why = world.matching.why_not(need, eva)

    assert not why.in_list
    assert any("Svenska B1" in reason and "har A2" in reason for reason in why.reasons)
    assert any("Körkort C" in reason for reason in why.reasons)


def test_why_not_says_there_is_no_active_case(world: World) -> None:
    need = world.need()
    gone = world.person(Profile("B1", status="avslutad"), "Gun")

    why = world.matching.why_not(need, gone)

    assert not why.in_list
    assert "inget aktivt ärende" in why.reasons[0]


def test_scoring_named_people_at_once_says_what_why_not_says(world: World) -> None:
    need = world.need(krav("svenska", level="B1"), merit("korkort", code="B"))
    eva = world.person(Profile("A2", jobs=(("5321", 4),), licences=("B",)), "Eva")
    bo = world.person(Profile("C1", wishes=("5321",)), "Bo")
    gone = world.person(Profile("B1", status="avslutad"), "Gun")
    nobody = uuid.uuid4()

    scored = world.matching.score_people(need, [eva, bo, gone, nobody])

    assert set(scored) == {eva, bo, gone}
    for person in (eva, bo, gone):
        assert scored[person] == world.matching.why_not(need, person).match
    assert scored[eva].score != scored[bo].score
    assert world.matching.score_people(need, []) == {}


def test_only_krav_nobody_meets_gives_an_empty_list_that_names_the_krav(world: World) -> None:
    need = world.need(krav("korkort", code="CE"), krav("svenska", level="B1"))
    world.person(Profile("B2", licences=("B",)))
    world.person(Profile("A2", licences=("C",)))

    result = world.matching.candidates(need)

    assert result.candidates == ()
    assert result.empty_reason is not None
    assert "Körkort CE: 0 av 2" in result.empty_reason
    assert "Flest faller bort på kravet Körkort CE" in result.empty_reason


def test_a_need_without_requirements_ranks_by_occupation(world: World) -> None:
    need = world.need()
    near = world.person(Profile(jobs=(("5321", 2),)))
    far = world.person(Profile(jobs=(("9111", 2),)))

    result = world.matching.candidates(need)

    ranked = [c.person_id for c in result.candidates]
    assert ranked.index(near) < ranked.index(far)


def test_a_closed_need_is_refused_with_words(world: World) -> None:
    need = world.need()
    version = world.services.vacancies.get(need).version
    world.services.vacancies.set_status(need, version, "stangt")

    with pytest.raises(MatchingError, match="stängt"):
        world.matching.candidates(need)


def test_the_filters_show_who_misses_a_krav_last_and_hide_the_proposed(world: World) -> None:
    need = world.need(krav("korkort", code="B"))
    has = world.person(Profile(jobs=(("5321", 1),), licences=("CE",)), "Har")
    lacks = world.person(Profile(jobs=(("5321", 9),)), "Saknar")

    strict = world.matching.candidates(need)
    loose = world.matching.candidates(need, CandidateFilters(only_meeting_krav=False))

    assert [c.person_id for c in strict.candidates] == [has]  # CE covers B
    assert [c.person_id for c in loose.candidates] == [has, lacks]
    assert not loose.candidates[1].meets_krav
    assert loose.candidates[1].reasons[0].startswith("Saknar krav: Körkort B")

    world.services.referrals.propose(need, has)
    marked = world.matching.candidates(need)
    assert marked.candidates[0].referral_status == "foreslagen"
    hidden = world.matching.candidates(need, CandidateFilters(not_proposed=True))
    assert hidden.candidates == ()


def test_consent_filter_keeps_only_those_who_may_be_shared(world: World) -> None:
    need = world.need()
    yes = world.person(Profile(jobs=(("5321", 1),)))
    world.person(Profile(jobs=(("5321", 1),), consent=False))

    result = world.matching.candidates(need, CandidateFilters(consent_given=True))

    assert [c.person_id for c in result.candidates] == [yes]
    assert result.candidates[0].may_share


def test_needs_for_a_person_rank_the_nearest_occupation_first(world: World) -> None:
    exact = world.need(occupation_code="5321", title="Undersköterska")
    sibling = world.need(occupation_code="5322", title="Vårdbiträde")
    distant = world.need(occupation_code="9111", title="Städare")
    licence = world.need(krav("korkort", code="C"), occupation_code="5321", title="Med C")
    person = world.person(Profile("B1", jobs=(("5321", 4),), licences=("B",)))

    result = world.matching.needs_for(person)
    ranked = [n.need.id for n in result.needs]

    assert ranked.index(exact) < ranked.index(sibling) < ranked.index(distant)
    assert licence not in ranked
    loose = world.matching.needs_for(person, NeedFilters(only_meeting_krav=False))
    missing = next(n for n in loose.needs if n.need.id == licence)
    assert not missing.meets_krav
    assert missing.reasons[0].startswith("Saknar krav: Körkort C")


def test_needs_for_someone_without_an_active_case_is_refused(world: World) -> None:
    person = world.person(Profile(status="avslutad"))
    with pytest.raises(MatchingError, match="inget aktivt ärende"):
        world.matching.needs_for(person)


# Properties -------------------------------------------------------------------------------


def test_an_exact_occupation_outranks_a_sibling_which_outranks_a_distant_group(
    world: World,
) -> None:
    need = world.need(krav("svenska", level="A2"))
    same = world.person(Profile("B1", jobs=(("5321", 3),)))
    sibling = world.person(Profile("B1", jobs=(("5322", 3),)))
    minor = world.person(Profile("B1", jobs=(("5311", 3),)))
    distant = world.person(Profile("B1", jobs=(("9111", 3),)))

    scores = [world.score(need, p) for p in (same, sibling, minor, distant)]

    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == 4


def test_protected_grounds_change_nothing(world: World) -> None:
    need = world.need(krav("svenska", level="B1"), merit("sprak", code="ar", level="B2"))
    base = Profile("B2", jobs=(("5321", 3),), languages=(("ar", "C1"),), licences=("B",))
    people = [world.person(base) for _ in range(3)]
    before = [(c.person_id, c.score) for c in world.matching.candidates(need).candidates]

    world.change(
        people[1],
        Profile(
            "B2", jobs=(("5321", 3),), languages=(("ar", "C1"),), licences=("B",),
            gender="kvinna", birth=dt.date(1961, 1, 2), birth_country="ER",
            citizenship="ER", mother_tongue=True,
        ),
    )  # fmt: skip
    world.change(
        people[2],
        Profile(
            "B2", jobs=(("5321", 3),), languages=(("ar", "C1"),), licences=("B",),
            gender="man", birth=dt.date(2004, 8, 30), birth_country="SY",
            citizenship="SE",
        ),
    )  # fmt: skip
    after = [(c.person_id, c.score) for c in world.matching.candidates(need).candidates]

    assert after == before


def test_the_same_data_gives_the_same_order(world: World) -> None:
    need = world.need(merit("korkort", code="B"))
    for i in range(8):
        world.person(Profile(jobs=(("5321", float(i % 3)),), licences=("B",) if i % 2 else ()))

    first = [c.person_id for c in world.matching.candidates(need).candidates]
    second = [c.person_id for c in world.matching.candidates(need).candidates]

    assert first == second
    assert len(first) == 8


profiles = st.builds(
    Profile,
    swedish=st.sampled_from((None, *SWEDISH)),
    jobs=st.lists(
        st.tuples(st.sampled_from(("5321", "5322", "5311", "9111", "8331")), st.floats(0, 12)),
        max_size=2,
        unique_by=lambda job: job[0],
    ).map(tuple),
    wishes=st.lists(st.sampled_from(("5321", "5330", "9111")), max_size=2, unique=True).map(tuple),
    licences=st.lists(st.sampled_from(LICENCES), max_size=2, unique=True).map(tuple),
    languages=st.lists(
        st.tuples(st.sampled_from(("ar", "ti", "en")), st.sampled_from(("A2", "B1", "C1"))),
        max_size=2,
        unique_by=lambda language: language[0],
    ).map(tuple),
    education=st.sampled_from((None, "2", "3", "5", "6")),
    places=st.lists(st.sampled_from(("0127", "0126", "0181")), max_size=2, unique=True).map(tuple),
)
needs = st.lists(
    st.sampled_from(
        (
            krav("svenska", level="B1"),
            krav("korkort", code="B"),
            krav("sprak", code="ar", level="B1"),
            krav("utbildning", code="3"),
            krav("erfarenhet", code="53", years="2"),
            merit("korkort", code="C"),
            merit("sprak", code="en", level="B1"),
            merit("erfarenhet", code="5321", years="3"),
        )
    ),
    max_size=3,
    unique_by=lambda r: r.kind,
)

RANKS = {"SFI_B": 10, "SFI_C": 20, "SFI_D": 30, "A2": 20, "B1": 30, "B2": 40, "C1": 50}


def meets(profile: Profile, r: RequirementData) -> bool:
    """The krav, checked here by hand, independent of the SQL."""
    if r.kind == "svenska":
        return RANKS.get(profile.swedish or "", 0) >= RANKS[r.level]
    if r.kind == "korkort":
        return any(held in licences_meeting(r.code) for held in profile.licences)
    if r.kind == "sprak":
        return any(c == r.code and RANKS[lv] >= RANKS[r.level] for c, lv in profile.languages)
    if r.kind == "utbildning":
        return profile.education is not None and int(profile.education) >= int(r.code)
    years = sum(y for code, y in profile.jobs if code.startswith(r.code))
    return years >= float(r.years)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(profiles, min_size=1, max_size=8), requirements=needs)
def test_a_krav_is_never_broken_in_the_list(
    world: World, people: list[Profile], requirements: list[RequirementData]
) -> None:
    need = world.need(*requirements)
    made = {world.person(p): p for p in people}

    result = world.matching.candidates(need, limit=1000)

    listed = {c.person_id for c in result.candidates}
    for person_id, profile in made.items():
        qualifies = all(meets(profile, r) for r in requirements if r.importance == "krav")
        assert (person_id in listed) == qualifies
    for candidate in result.candidates:
        assert candidate.meets_krav
        unmet = [r for r in candidate.requirements if not r.met]
        assert all(any(r.label in reason for reason in candidate.reasons) for r in unmet)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(profile=profiles, requirements=needs, more_years=st.floats(0.5, 10))
def test_more_swedish_or_more_years_never_lowers_a_score(
    world: World, profile: Profile, requirements: list[RequirementData], more_years: float
) -> None:
    need = world.need(*requirements)
    person = world.person(profile)
    before = world.score(need, person)

    levels = [None, *SWEDISH]
    better = SWEDISH[min(levels.index(profile.swedish), len(SWEDISH) - 1)]
    world.change(person, Profile(**{**profile.__dict__, "swedish": better}))
    after_swedish = world.score(need, person)
    jobs = tuple((code, years + more_years) for code, years in profile.jobs) or (
        ("5321", more_years),
    )
    world.change(person, Profile(**{**profile.__dict__, "swedish": better, "jobs": jobs}))
    after_years = world.score(need, person)

    assert before <= after_swedish <= after_years


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people=st.lists(profiles, min_size=5, max_size=15), requirements=needs, limit=st.integers(1, 6)
)
def test_starting_from_the_occupation_group_gives_the_order_of_scoring_everyone(
    world: World, people: list[Profile], requirements: list[RequirementData], limit: int
) -> None:
    need = world.need(*requirements)
    for profile in people:
        world.person(profile)
    ranked = world.matching.candidates(need, limit=limit)
    with world.db.read() as session:
        _, facts = world.matching._need(session, need)
        everyone = session.execute(
            candidate_queries.statement(
                facts, world.services.reference.level_ranks(), TODAY, CandidateFilters()
            ).limit(limit)
        ).all()
    assert [c.person_id for c in ranked.candidates] == [row.id for row in everyone]
    assert [c.score for c in ranked.candidates] == [row.score for row in everyone]


def test_a_case_is_found_through_its_person(world: World) -> None:
    """The ranking reads the person's current case status (kept by the case service)."""
    need = world.need()
    person = world.person(Profile(jobs=(("5321", 1),)))
    with world.db.read() as session:
        status = session.scalar(select(Case.status).where(Case.person_id == person))
    assert status == "aktiv"
    assert person in {c.person_id for c in world.matching.candidates(need).candidates}


def test_when_everyone_who_fits_is_proposed_the_list_says_so(world: World) -> None:
    need = world.need(krav("korkort", code="B"))
    only = world.person(Profile(jobs=(("5321", 1),), licences=("B",)))
    world.person(Profile(jobs=(("5321", 1),)))
    world.services.referrals.propose(need, only)

    result = world.matching.candidates(need, CandidateFilters(not_proposed=True))

    assert result.candidates == ()
    assert result.empty_reason == "Alla som uppfyller kraven är redan föreslagna för behovet."


def test_why_not_on_a_closed_need_says_it_is_closed(world: World) -> None:
    need = world.need()
    person = world.person(Profile(jobs=(("5321", 1),)))
    version = world.services.vacancies.get(need).version
    world.services.vacancies.set_status(need, version, "tillsatt")

    why = world.matching.why_not(need, person)

    assert not why.in_list
    assert why.reasons[0] == "Behovet är tillsatt och har ingen kandidatlista."
