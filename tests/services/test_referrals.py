"""Referrals from proposal to outcome: only legal steps, a decline with who and why, a
placement that fills the need and moves the case on, undone as a whole, stale versions
refused, every step journalled and audited, and proposals refused for the reasons the
product gives (consent, closed need, no active case, already proposed)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import AuditEvent, Case, CaseNote, Placement, Referral, ReferralStatusChange
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.consents import SHARING
from desktop.services.employers import EmployerData
from desktop.services.referrals import (
    DECLINE_REASONS,
    UNDONE_PLACEMENT,
    ConsentMissingError,
    PlacementData,
    ReferralError,
    ReferralService,
    StaleError,
)
from desktop.services.registry import Services
from desktop.services.vacancies import VacancyData
from desktop.store.database import Database
from tests.factories import make_person, make_user, open_case

TODAY = clock.today()


@dataclass
class World:
    db: Database
    services: Services
    employer_id: uuid.UUID
    need_id: uuid.UUID
    amina: uuid.UUID
    yonas: uuid.UUID

    @property
    def referrals(self) -> ReferralService:
        return self.services.referrals

    def need(self, **fields: str) -> uuid.UUID:
        values = {
            "occupation_code": "5321",
            "title": "Undersköterska",
            "positions": "2",
            "form_code": "anstallning",
            "extent": "heltid",
            "municipality_code": "0127",
        }
        values.update(fields)
        return self.services.vacancies.create(VacancyData(employer_id=self.employer_id, **values))

    def share(self, person_id: uuid.UUID) -> uuid.UUID:
        return self.services.consents.record(
            person_id, SHARING, "skriftligt", (TODAY - dt.timedelta(days=3)).isoformat()
        )

    def version(self, referral_id: uuid.UUID) -> int:
        return self.referrals.get(referral_id).version

    def step(self, referral_id: uuid.UUID, *statuses: str) -> int:
        version = self.version(referral_id)
        for status in statuses:
            version = self.referrals.change_status(referral_id, version, status)
        return version

    def place(self, referral_id: uuid.UUID, start: str = "", end: str = "") -> int:
        version = self.step(referral_id, "intervju", "erbjuden")
        return self.referrals.change_status(
            referral_id,
            version,
            "placerad",
            placement=PlacementData("anstallning", start or TODAY.isoformat(), end, "heltid"),
        )

    def case_status(self, person_id: uuid.UUID) -> str:
        return self.services.cases.cases_of(person_id)[0].status

    def count(self, model: type[object]) -> int:
        with self.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

    def notes(self, person_id: uuid.UUID) -> list[str]:
        with self.db.read() as session:
            return list(
                session.scalars(
                    select(CaseNote.text)
                    .join(Case, Case.id == CaseNote.case_id)
                    .where(Case.person_id == person_id)
                    .order_by(CaseNote.created_at)
                )
            )


def _person(session: Session, first: str, agent_id: uuid.UUID, birth: dt.date) -> uuid.UUID:
    person = make_person(session, first, "Testsson", birth=birth)
    open_case(session, person)
    case = session.scalars(select(Case).where(Case.person_id == person.id)).one()
    case.agent_id = agent_id
    return person.id


@pytest.fixture
def world(db: Database) -> World:
    audit.install(db)
    with db.unit_of_work(screen="test") as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
        amina = _person(session, "Amina", user.id, dt.date(1990, 5, 17))
        yonas = _person(session, "Yonas", user.id, dt.date(1987, 2, 3))
    services = Services.for_user(db, actor)
    employer_id = services.employers.create(
        EmployerData(name="Lindängens Vård AB", sector="privat", municipality_code="0127")
    )
    world = World(db, services, employer_id, uuid.uuid4(), amina, yonas)
    world.need_id = world.need()
    world.share(amina)
    world.share(yonas)
    return world


@pytest.fixture
def proposed(world: World) -> uuid.UUID:
    return world.referrals.propose(world.need_id, world.amina, note="Stark kandidat.")


# Proposing ---------------------------------------------------------------------------------


def test_a_proposal_is_kept_with_its_match_journal_and_history(
    world: World, proposed: uuid.UUID
) -> None:
    [row] = world.referrals.of_need(world.need_id)
    assert (row.id, row.status, row.status_name) == (proposed, "foreslagen", "Föreslagen")
    assert (row.person_name, row.need_title, row.employer_name) == (
        "Amina Testsson",
        "Undersköterska",
        "Lindängens Vård AB",
    )
    assert row.agent_name == "Agnes Agent"
    assert row.match_score is not None
    assert 0 <= row.match_score <= 100
    assert row.match_reasons
    assert row.next_statuses == ("presenterad", "intervju", "avbojd", "aterkallad")
    assert world.referrals.of_person(world.amina) == [row]
    [first] = world.referrals.history(proposed)
    assert (first.from_status, first.to_status, first.changed_by) == (
        None,
        "foreslagen",
        "Agnes Agent",
    )
    assert first.text == "Föreslagen. Stark kandidat."
    [note] = world.notes(world.amina)
    assert note.startswith("Föreslagen till behovet ”Undersköterska” hos Lindängens Vård AB")
    assert note.endswith("\nStark kandidat.")


def test_a_proposal_needs_a_consent_in_force(world: World) -> None:
    with world.db.unit_of_work() as session:
        karin = make_person(session, "Karin", "Testsson", birth=dt.date(1979, 8, 1))
        open_case(session, karin)
        karin_id = karin.id
    with pytest.raises(ConsentMissingError, match="Karin Testsson har inget gällande samtycke"):
        world.referrals.propose(world.need_id, karin_id)

    consent = world.share(karin_id)
    world.services.consents.withdraw(consent, on=TODAY)
    with pytest.raises(ConsentMissingError, match="samtycke"):
        world.referrals.propose(world.need_id, karin_id)
    assert world.count(Referral) == 0


def test_a_closed_or_filled_need_takes_no_proposals(world: World) -> None:
    details = world.services.vacancies.get(world.need_id)
    world.services.vacancies.set_status(world.need_id, details.version, "stangt")
    with pytest.raises(ReferralError, match="Behovet är stängt och tar inte emot fler förslag"):
        world.referrals.propose(world.need_id, world.amina)
    filled = world.need(title="Lokalvårdare", occupation_code="9111")
    details = world.services.vacancies.get(filled)
    world.services.vacancies.set_status(filled, details.version, "tillsatt")
    with pytest.raises(ReferralError, match="Behovet är tillsatt"):
        world.referrals.propose(filled, world.amina)
    assert world.count(Referral) == 0


def test_a_need_past_its_last_day_takes_no_proposals(world: World) -> None:
    last_day = TODAY + dt.timedelta(days=5)
    need = world.need(apply_by=last_day.isoformat())
    later = last_day + dt.timedelta(days=1)
    with pytest.raises(ReferralError, match=f"Sista dag att föreslå kandidater var {last_day}"):
        world.referrals.propose(need, world.amina, today=later)


def test_only_someone_with_an_active_case_is_proposed(world: World) -> None:
    with world.db.unit_of_work() as session:
        hawa = make_person(session, "Hawa", "Testsson", birth=dt.date(1995, 3, 9))
        hawa_id = hawa.id
    world.share(hawa_id)
    with pytest.raises(ReferralError, match="Hawa Testsson har inget aktivt ärende"):
        world.referrals.propose(world.need_id, hawa_id)


def test_the_same_person_is_proposed_once(world: World, proposed: uuid.UUID) -> None:
    with pytest.raises(ReferralError, match=r"redan föreslagen för behovet \(status: föreslagen\)"):
        world.referrals.propose(world.need_id, world.amina)
    assert world.count(Referral) == 1


def test_a_bad_note_is_refused_beside_the_note(world: World) -> None:
    with pytest.raises(ReferralError) as refused:
        world.referrals.propose(world.need_id, world.amina, note="Ringde\x07 arbetsgivaren")
    assert set(refused.value.problems) == {"note"}
    assert world.count(Referral) == 0


def test_two_agents_proposing_the_same_person_at_once(world: World) -> None:
    """Both press "Föreslå" at the same moment: one proposal is kept, the other agent is
    told in words (never an IntegrityError)."""
    other = Services.for_user(world.db, world.services.actor).referrals
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def propose(service: ReferralService) -> None:
        start.wait()
        try:
            outcomes.append(service.propose(world.need_id, world.amina))
        except Exception as error:  # the test looks at what came back
            outcomes.append(error)

    threads = [threading.Thread(target=propose, args=(s,)) for s in (world.referrals, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    ids = [o for o in outcomes if isinstance(o, uuid.UUID)]
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(ids) == 1
    assert len(errors) == 1
    assert type(errors[0]) is ReferralError, repr(errors[0])
    assert "Amina Testsson" in str(errors[0])
    assert world.count(Referral) == 1


def test_a_proposal_that_loses_on_the_unique_key_is_a_referral_error(
    world: World, proposed: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the check was passed before the other proposal was written (another laptop's
    sync, say), the database's unique key decides, and the loser is told in words."""
    monkeypatch.setattr(ReferralService, "_check_proposal", lambda *args: None)
    with pytest.raises(ReferralError, match="har just föreslagits för behovet av någon annan"):
        world.referrals.propose(world.need_id, world.amina)
    assert world.count(Referral) == 1


# Moving on -----------------------------------------------------------------------------------


def test_the_way_to_a_placement_step_by_step(world: World, proposed: uuid.UUID) -> None:
    version = world.version(proposed)
    for status in ("presenterad", "intervju", "erbjuden"):
        newer = world.referrals.change_status(proposed, version, status, note=f"Nu {status}.")
        assert newer > version
        version = newer
        assert world.referrals.get(proposed).status == status
    world.referrals.change_status(
        proposed,
        version,
        "placerad",
        placement=PlacementData("anstallning", TODAY.isoformat(), "", "heltid"),
    )
    row = world.referrals.get(proposed)
    assert row.status == "placerad"
    assert row.next_statuses == ()
    assert row.placement is not None
    assert (row.placement.form_code, row.placement.form_name) == ("anstallning", "Anställning")
    assert (row.placement.start_date, row.placement.end_date) == (TODAY, None)
    texts = [h.text for h in world.referrals.history(proposed)]
    assert texts == [
        "Föreslagen. Stark kandidat.",
        "Presenterad. Nu presenterad.",
        "Intervju. Nu intervju.",
        "Erbjuden. Nu erbjuden.",
        "Placerad.",
    ]
    notes = world.notes(world.amina)
    assert notes[1:] == [
        "Anvisning till ”Undersköterska” hos Lindängens Vård AB: Presenterad.\nNu presenterad.",
        "Anvisning till ”Undersköterska” hos Lindängens Vård AB: Intervju.\nNu intervju.",
        "Anvisning till ”Undersköterska” hos Lindängens Vård AB: Erbjuden.\nNu erbjuden.",
        "Anvisning till ”Undersköterska” hos Lindängens Vård AB: Placerad.",
    ]


def test_a_step_may_be_skipped_forwards(world: World, proposed: uuid.UUID) -> None:
    world.step(proposed, "intervju", "erbjuden")
    assert world.referrals.get(proposed).status == "erbjuden"


@pytest.mark.parametrize(
    ("path", "wanted", "reason"),
    [
        (
            (),
            "erbjuden",
            "En anvisning som är föreslagen kan inte bli erbjuden; den kan bli presenterad, "
            "intervju, avböjd, återkallad.",
        ),
        (
            ("presenterad",),
            "placerad",
            "En anvisning som är presenterad kan inte bli placerad; den kan bli intervju, "
            "erbjuden, avböjd, återkallad.",
        ),
        (
            ("intervju",),
            "presenterad",
            "En anvisning som är intervju kan inte bli presenterad; den kan bli erbjuden, "
            "avböjd, återkallad.",
        ),
        (("aterkallad",), "presenterad", "Anvisningen är återkallad och kan inte ändras mer."),
    ],
)
def test_an_illegal_step_is_refused_with_the_reason(
    world: World, proposed: uuid.UUID, path: tuple[str, ...], wanted: str, reason: str
) -> None:
    version = world.step(proposed, *path)
    changes = world.count(ReferralStatusChange)
    placement = PlacementData("anstallning", TODAY.isoformat(), "", "heltid")
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(proposed, version, wanted, placement=placement)
    assert str(refused.value) == reason
    assert world.version(proposed) == version
    assert world.count(ReferralStatusChange) == changes


def test_a_decline_says_who_and_why(world: World, proposed: uuid.UUID) -> None:
    version = world.version(proposed)
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(proposed, version, "avbojd")
    assert refused.value.problems == {"declined_by": "Välj vem som avböjde."}
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(
            proposed, version, "avbojd", declined_by="arbetsgivare", reason="halsa"
        )
    # The job seeker's reasons are not the employer's.
    assert refused.value.problems == {"reason": "Välj ett skäl."}
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(
            proposed, version, "avbojd", declined_by="arbetssokande", reason="annat", note="  "
        )
    assert refused.value.problems == {"note": "Skriv vilket skäl det var."}
    assert world.referrals.get(proposed).status == "foreslagen"

    world.referrals.change_status(
        proposed, version, "avbojd", declined_by="arbetsgivare", reason="annan_kandidat"
    )
    assert world.referrals.get(proposed).status == "avbojd"
    last = world.referrals.history(proposed)[-1]
    assert (last.declined_by, last.reason) == ("arbetsgivare", "Valde en annan kandidat")
    assert last.text == "Avböjd av arbetsgivaren: Valde en annan kandidat."
    assert world.notes(world.amina)[-1] == (
        "Anvisning till ”Undersköterska” hos Lindängens Vård AB: "
        "Avböjd av arbetsgivaren: Valde en annan kandidat."
    )


def test_another_reason_is_written_out(world: World, proposed: uuid.UUID) -> None:
    world.referrals.change_status(
        proposed,
        world.version(proposed),
        "avbojd",
        declined_by="arbetssokande",
        reason="annat",
        note="Flyttar till Göteborg.",
    )
    last = world.referrals.history(proposed)[-1]
    assert last.text == "Avböjd av den arbetssökande: Annat skäl. Flyttar till Göteborg."


def test_every_decline_reason_has_words_and_annat_for_both() -> None:
    for reasons in DECLINE_REASONS.values():
        assert reasons["annat"] == "Annat skäl"
        assert all(words.strip() for words in reasons.values())


def test_a_withdrawal_needs_no_reason(world: World, proposed: uuid.UUID) -> None:
    world.referrals.change_status(proposed, world.version(proposed), "aterkallad", note="Fel")
    assert world.referrals.get(proposed).status == "aterkallad"
    assert world.referrals.history(proposed)[-1].text == "Återkallad. Fel"


def test_a_placement_needs_its_form_and_dates_right(world: World, proposed: uuid.UUID) -> None:
    version = world.step(proposed, "intervju", "erbjuden")
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(proposed, version, "placerad")
    assert refused.value.problems == {
        "placement.form_code": "Ange placeringens form och startdatum."
    }
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(
            proposed,
            version,
            "placerad",
            placement=PlacementData("anstallning", "2026-03-10", "2026-03-09", "heltid"),
        )
    assert refused.value.problems == {
        "placement.end_date": "Slutdatumet kan inte vara före startdatumet."
    }
    with pytest.raises(ReferralError) as refused:
        world.referrals.change_status(
            proposed, version, "placerad", placement=PlacementData("", "", "31/12", "halvtid")
        )
    assert set(refused.value.problems) == {
        "placement.form_code",
        "placement.start_date",
        "placement.end_date",
        "placement.extent",
    }
    assert refused.value.problems["placement.start_date"] == "Startdatumet måste fyllas i."
    # Nothing was written: no placement, the referral and the need as they were.
    assert world.count(Placement) == 0
    assert world.version(proposed) == version
    assert world.referrals.get(proposed).status == "erbjuden"
    assert world.services.vacancies.get(world.need_id).filled == 0
    assert world.case_status(world.amina) == "aktiv"


def test_placement_problems_as_typed(world: World) -> None:
    problems = world.referrals.placement_problems
    assert problems(PlacementData("nystartsjobb", "2026-02-01", "2026-08-31", "deltid")) == {}
    assert problems(PlacementData("praktik", "2026-02-01", "", "")) == {}
    assert problems(PlacementData("okänd", "2026-02-01")) == {"form_code": "Välj anställningsform."}
    assert set(problems(PlacementData("praktik", "2026-02-30"))) == {"start_date"}


def test_placing_fills_the_need_and_moves_the_case_on(world: World, proposed: uuid.UUID) -> None:
    second = world.referrals.propose(world.need_id, world.yonas)
    world.place(proposed)
    need = world.services.vacancies.get(world.need_id)
    assert (need.filled, need.positions, need.status) == (1, 2, "oppet")
    assert world.case_status(world.amina) == "i_insats"
    assert world.case_status(world.yonas) == "aktiv"

    world.place(second, end=(TODAY + dt.timedelta(days=90)).isoformat())
    need = world.services.vacancies.get(world.need_id)
    assert (need.filled, need.status) == (2, "tillsatt")
    assert world.case_status(world.yonas) == "i_insats"


def test_undoing_a_placement_puts_everything_back(world: World, proposed: uuid.UUID) -> None:
    world.need_id = world.need(title="Vårdbiträde", positions="1")
    referral = world.referrals.propose(world.need_id, world.amina)
    version = world.place(referral)
    assert world.services.vacancies.get(world.need_id).status == "tillsatt"
    assert world.case_status(world.amina) == "i_insats"

    world.referrals.undo_placement(referral, version, note="Registrerad av misstag.")
    row = world.referrals.get(referral)
    assert (row.status, row.placement) == ("erbjuden", None)
    need = world.services.vacancies.get(world.need_id)
    assert (need.filled, need.status) == (0, "oppet")
    assert world.case_status(world.amina) == "aktiv"
    assert world.count(Placement) == 0
    assert world.referrals.history(referral)[-1].text == (
        f"{UNDONE_PLACEMENT} Registrerad av misstag."
    )
    assert world.notes(world.amina)[-1] == (
        "Placeringen på ”Vårdbiträde” är ångrad; anvisningen är åter erbjuden.\n"
        "Registrerad av misstag."
    )
    # It can be placed again.
    world.referrals.change_status(
        referral,
        world.version(referral),
        "placerad",
        placement=PlacementData("anstallning", TODAY.isoformat(), "", ""),
    )
    assert world.services.vacancies.get(world.need_id).status == "tillsatt"


def test_undoing_keeps_the_case_in_insats_while_another_placement_runs(world: World) -> None:
    first = world.referrals.propose(world.need_id, world.amina)
    other_need = world.need(title="Lokalvårdare", occupation_code="9111")
    second = world.referrals.propose(other_need, world.amina)
    world.place(first)
    version = world.place(second)
    world.referrals.undo_placement(second, version)
    assert world.case_status(world.amina) == "i_insats"


def test_only_a_placed_referral_is_undone(world: World, proposed: uuid.UUID) -> None:
    with pytest.raises(ReferralError, match="Bara en placerad anvisning kan ångras"):
        world.referrals.undo_placement(proposed, world.version(proposed))


def test_a_stale_version_is_refused_and_nothing_changes(world: World, proposed: uuid.UUID) -> None:
    old = world.version(proposed)
    world.referrals.change_status(proposed, old, "presenterad")
    with pytest.raises(StaleError, match="Någon annan har ändrat"):
        world.referrals.change_status(proposed, old, "intervju")
    assert world.referrals.get(proposed).status == "presenterad"
    version = world.place(proposed)
    with pytest.raises(StaleError):
        world.referrals.undo_placement(proposed, version - 1)
    assert world.referrals.get(proposed).status == "placerad"


def test_every_step_is_audited_under_the_person(world: World, proposed: uuid.UUID) -> None:
    with world.db.read() as session:
        start = int(session.scalar(select(func.max(AuditEvent.seq))) or 0)
    world.referrals.change_status(proposed, world.version(proposed), "presenterad")
    with world.db.read() as session:
        events = list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.seq > start).order_by(AuditEvent.seq)
            )
        )
    kinds = sorted((e.action, e.entity_type) for e in events)
    assert kinds == [
        ("create", "CaseNote"),
        ("create", "ReferralStatusChange"),
        ("update", "Referral"),
    ]
    assert {e.person_id for e in events} == {world.amina}
    assert {e.user_id for e in events} == {world.services.actor.user_id}
    assert {e.screen for e in events} == {"anvisning"}
    assert all(e.details is None for e in events)
    assert audit.verify(world.db).intact


def test_a_placement_is_audited_with_the_need_and_case(world: World, proposed: uuid.UUID) -> None:
    world.need_id = world.need(title="Vårdbiträde", positions="1")
    referral = world.referrals.propose(world.need_id, world.amina)
    version = world.step(referral, "intervju", "erbjuden")
    with world.db.read() as session:
        start = int(session.scalar(select(func.max(AuditEvent.seq))) or 0)
    world.referrals.change_status(
        referral,
        version,
        "placerad",
        placement=PlacementData("anstallning", TODAY.isoformat(), "", "heltid"),
        screen="behov",
    )
    with world.db.read() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.seq > start)))
    kinds = {(e.action, e.entity_type) for e in events}
    assert {
        ("create", "Placement"),
        ("update", "Vacancy"),
        ("update", "Case"),
        ("update", "Referral"),
    } <= kinds
    assert {e.screen for e in events} == {"behov"}


# Reading -----------------------------------------------------------------------------------


def test_lists_come_in_pipeline_order(world: World, proposed: uuid.UUID) -> None:
    second = world.referrals.propose(world.need_id, world.yonas)
    world.step(second, "intervju")
    other_need = world.need(title="Lokalvårdare", occupation_code="9111")
    third = world.referrals.propose(other_need, world.amina)
    world.referrals.change_status(third, world.version(third), "aterkallad")
    assert [r.id for r in world.referrals.of_need(world.need_id)] == [proposed, second]
    assert [r.id for r in world.referrals.of_person(world.amina)] == [proposed, third]
    waiting = world.referrals.awaiting_answer()
    assert [r.id for r in waiting] == [proposed, second]


def test_a_placement_is_suggested_from_the_need(world: World, proposed: uuid.UUID) -> None:
    assert world.referrals.placement_defaults(proposed) == PlacementData(
        form_code="anstallning", start_date=TODAY.isoformat(), end_date="", extent="heltid"
    )
    later = TODAY + dt.timedelta(days=20)
    need = world.need(
        title="Lokalvårdare",
        occupation_code="9111",
        form_code="praktik",
        extent="",
        start_date=later.isoformat(),
    )
    referral = world.referrals.propose(need, world.yonas)
    assert world.referrals.placement_defaults(referral) == PlacementData(
        form_code="praktik", start_date=later.isoformat(), end_date="", extent=""
    )


def test_a_full_need_takes_no_more_placements(world: World) -> None:
    world.need_id = world.need(title="Vårdbiträde", positions="1")
    first = world.referrals.propose(world.need_id, world.amina)
    second = world.referrals.propose(world.need_id, world.yonas)
    version = world.step(second, "intervju", "erbjuden")
    world.place(first)

    with pytest.raises(ReferralError, match="Alla 1 platser på behovet är redan tillsatta"):
        world.referrals.change_status(
            second,
            version,
            "placerad",
            placement=PlacementData("anstallning", TODAY.isoformat(), "", "heltid"),
        )
    assert world.referrals.get(second).status == "erbjuden"
    assert world.count(Placement) == 1


def test_an_employers_referrals_are_those_of_its_needs(world: World, proposed: uuid.UUID) -> None:
    other = world.need(title="Lokalvårdare", occupation_code="9111")
    world.referrals.propose(other, world.yonas)

    rows = world.referrals.of_employer(world.employer_id)

    assert {(r.person_name.split()[0], r.need_title) for r in rows} == {
        ("Amina", "Undersköterska"),
        ("Yonas", "Lokalvårdare"),
    }
