"""Översikt, the start screen: what the acting user should look at first today.

One read (`OverviewService.overview`) gives the screen's lists but the follow-ups (those
come from `CaseService.my_tasks`, as before), as plain data:

- my referrals still waiting for an answer, longest waiting first;
- employers I am responsible for that have gone `stale_contact_days` days or more
  without a logged contact (or have never had one), longest silent first;
- the records I opened most recently (persons, employers, needs), from my own `read`
  events in the audit trail, newest first, each once;
- whether the database is freshly set up (no persons, no employers, only one user), when
  the screen says what to do first instead of showing empty lists.

A second read, `key_numbers`, counts this calendar year in my municipality: new cases,
placements that started, open needs. It reads a whole municipality's cases, so the
screen runs it off the GUI thread.

Each list is capped (the screen is read at a glance) and carries the full count beside
it. Every query is one indexed aggregate or a capped index walk, so the screen stays
instant at 100,000 persons (benchmarks/overview.py). No personnummer leaves here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.models import (
    AuditEvent,
    Case,
    Employer,
    Municipality,
    Person,
    Placement,
    Referral,
    User,
    Vacancy,
)
from desktop.services import settings as app_settings
from desktop.services.accounts import Actor
from desktop.services.referral_statuses import AWAITING_ANSWER, STATUS_NAMES
from desktop.store.database import Database

__all__ = [
    "LIST_LIMIT",
    "RECENT_LIMIT",
    "KeyNumbers",
    "Overview",
    "OverviewService",
    "QuietEmployer",
    "RecentRecord",
    "RecordKind",
    "WaitingReferral",
]

# Rows a list on the screen shows at most; the count beside it tells how many there are.
LIST_LIMIT = 50
RECENT_LIMIT = 8
# Read events looked at for the recent records: enough for eight distinct ones even when
# the same few are opened again and again, few enough to stay a short index walk.
RECENT_EVENTS = 400

RecordKind = Literal["person", "employer", "need"]
# The audit trail's entity types for the records the screen can open.
_KINDS: dict[str, RecordKind] = {"Person": "person", "Employer": "employer", "Vacancy": "need"}


@dataclass(frozen=True)
class WaitingReferral:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    need_id: uuid.UUID
    need_title: str
    employer_name: str
    status: str
    since: dt.date  # the day it reached its status, in Sweden

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


@dataclass(frozen=True)
class QuietEmployer:
    id: uuid.UUID
    name: str
    last_contact_on: dt.date | None  # None: never contacted
    days_since: int | None


@dataclass(frozen=True)
class RecentRecord:
    kind: RecordKind
    id: uuid.UUID
    name: str  # a person's name, an employer's name, or a need's title
    detail: str  # what it is: "Deltagare", "Arbetsgivare", or the need's employer
    opened_at: dt.datetime


@dataclass(frozen=True)
class KeyNumbers:
    year: int
    municipality_code: str | None  # None: every municipality
    municipality_name: str | None
    new_cases: int  # cases opened this year
    placements: int  # placements that started this year
    open_needs: int  # needs open now


@dataclass(frozen=True)
class Overview:
    today: dt.date
    referrals: tuple[WaitingReferral, ...]
    referrals_total: int
    quiet_employers: tuple[QuietEmployer, ...]
    quiet_total: int
    stale_days: int
    recent: tuple[RecentRecord, ...]
    first_setup: bool


class OverviewService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    def overview(self, *, today: dt.date | None = None) -> Overview:
        today = today or clock.today()
        me = self._actor.user_id
        with self._db.read() as session:
            configured = app_settings.read(session)
            stale_days = configured.stale_contact_days
            referrals, referrals_total = _waiting_referrals(session, me)
            quiet, quiet_total = _quiet_employers(session, me, today, stale_days)
            recent = _recent(session, me)
            first = _first_setup(session)
        return Overview(
            today=today,
            referrals=referrals,
            referrals_total=referrals_total,
            quiet_employers=quiet,
            quiet_total=quiet_total,
            stale_days=stale_days,
            recent=recent,
            first_setup=first,
        )

    def key_numbers(self, *, today: dt.date | None = None) -> KeyNumbers:
        """This year's numbers for my municipality. Counting the year's placements reads
        every case of the municipality (~50 ms at 100,000 persons), so the screen asks for
        them off the GUI thread, after the lists."""
        today = today or clock.today()
        with self._db.read() as session:
            home = app_settings.read(session).home_municipality
            return _numbers(session, self._actor.user_id, today, home)


def _count(session: Session, statement: object) -> int:
    return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def _waiting_referrals(session: Session, me: uuid.UUID) -> tuple[tuple[WaitingReferral, ...], int]:
    mine = (Referral.agent_id == me, Referral.status.in_(AWAITING_ANSWER))
    total = _count(session, select(func.count()).select_from(Referral).where(*mine))
    if not total:
        return (), 0
    # The page is picked from the referrals alone (an index range and a sort of the
    # agent's few hundred), then joined: joining first read every row's person, need and
    # employer before the sort threw most of them away.
    page = (
        select(Referral.id)
        .where(*mine)
        .order_by(Referral.status_changed_at, Referral.id)
        .limit(LIST_LIMIT)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Referral.id,
            Referral.person_id,
            Person.first_name,
            Person.last_name,
            Referral.vacancy_id,
            Vacancy.title,
            Employer.name,
            Referral.status,
            Referral.status_changed_at,
        )
        .join(Person, Person.id == Referral.person_id)
        .join(Vacancy, Vacancy.id == Referral.vacancy_id)
        .join(Employer, Employer.id == Vacancy.employer_id)
        .where(Referral.id.in_(page))
        .order_by(Referral.status_changed_at, Referral.id)
    ).all()
    return (
        tuple(
            WaitingReferral(
                id=ref_id,
                person_id=person_id,
                person_name=f"{first} {last}",
                need_id=need_id,
                need_title=title,
                employer_name=employer,
                status=status,
                since=changed.astimezone(clock.STOCKHOLM).date(),
            )
            for ref_id, person_id, first, last, need_id, title, employer, status, changed in rows
        ),
        total,
    )


def _quiet_employers(
    session: Session, me: uuid.UUID, today: dt.date, stale_days: int
) -> tuple[tuple[QuietEmployer, ...], int]:
    """Contacted `stale_days` days ago or earlier, or never: longest silent first."""
    last_ok = today - dt.timedelta(days=stale_days)
    quiet = (
        Employer.responsible_agent_id == me,
        or_(Employer.last_contact_on.is_(None), Employer.last_contact_on <= last_ok),
    )
    total = _count(session, select(func.count()).select_from(Employer).where(*quiet))
    if not total:
        return (), 0
    rows = session.execute(
        select(Employer.id, Employer.name, Employer.last_contact_on)
        .where(*quiet)
        # Never contacted first (NULL sorts first), then the oldest contact.
        .order_by(Employer.last_contact_on, Employer.sort_key, Employer.id)
        .limit(LIST_LIMIT)
    ).all()
    return (
        tuple(
            QuietEmployer(id, name, last, None if last is None else (today - last).days)
            for id, name, last in rows
        ),
        total,
    )


def _recent(session: Session, me: uuid.UUID) -> tuple[RecentRecord, ...]:
    events = session.execute(
        select(AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.occurred_at)
        .where(
            AuditEvent.user_id == me,
            AuditEvent.action == "read",
            AuditEvent.entity_type.in_(tuple(_KINDS)),
            AuditEvent.entity_id.is_not(None),
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.seq.desc())
        .limit(RECENT_EVENTS)
    ).all()
    latest: dict[tuple[RecordKind, uuid.UUID], dt.datetime] = {}
    for entity_type, entity_id, occurred_at in events:
        if entity_id is None:
            continue
        key = (_KINDS[entity_type], entity_id)
        if key not in latest:
            latest[key] = occurred_at
    # Looked up a few more than shown: a record erased since it was opened is left out.
    wanted = list(latest.items())[: RECENT_LIMIT * 2]
    ids: dict[RecordKind, list[uuid.UUID]] = {"person": [], "employer": [], "need": []}
    for (kind, record_id), _ in wanted:
        ids[kind].append(record_id)
    names: dict[tuple[RecordKind, uuid.UUID], tuple[str, str]] = {}
    if ids["person"]:
        for pid, first, last in session.execute(
            select(Person.id, Person.first_name, Person.last_name).where(
                Person.id.in_(ids["person"])
            )
        ):
            names[("person", pid)] = (f"{first} {last}", "Deltagare")
    if ids["employer"]:
        for eid, name in session.execute(
            select(Employer.id, Employer.name).where(Employer.id.in_(ids["employer"]))
        ):
            names[("employer", eid)] = (name, "Arbetsgivare")
    if ids["need"]:
        for vid, title, employer in session.execute(
            select(Vacancy.id, Vacancy.title, Employer.name)
            .join(Employer, Employer.id == Vacancy.employer_id)
            .where(Vacancy.id.in_(ids["need"]))
        ):
            names[("need", vid)] = (title, employer)
    records = [
        RecentRecord(kind, record_id, *names[(kind, record_id)], opened_at)
        for (kind, record_id), opened_at in wanted
        if (kind, record_id) in names
    ]
    return tuple(records[:RECENT_LIMIT])


def _numbers(session: Session, me: uuid.UUID, today: dt.date, home: str) -> KeyNumbers:
    """This year in my municipality (the user's, else the installation's)."""
    code = session.scalar(select(User.municipality_code).where(User.id == me)) or home or None
    name = session.scalar(select(Municipality.name).where(Municipality.code == code))
    first_day = dt.date(today.year, 1, 1)
    last_day = dt.date(today.year, 12, 31)
    cases = (
        select(func.count()).select_from(Case).where(Case.opened_on.between(first_day, last_day))
    )
    placements = (
        select(func.count())
        .select_from(Placement)
        .where(Placement.start_date.between(first_day, last_day))
    )
    needs = select(func.count()).select_from(Vacancy).where(Vacancy.status == "oppet")
    if code is not None:
        cases = cases.where(Case.municipality_code == code)
        placements = placements.join(Case, Case.id == Placement.case_id).where(
            Case.municipality_code == code
        )
        needs = needs.where(Vacancy.municipality_code == code)
    return KeyNumbers(
        year=today.year,
        municipality_code=code,
        municipality_name=name,
        new_cases=_count(session, cases),
        placements=_count(session, placements),
        open_needs=_count(session, needs),
    )


def _first_setup(session: Session) -> bool:
    """Nothing recorded yet: no person, no employer, and no user but the first."""
    if session.scalar(select(Person.id).limit(1)) is not None:
        return False
    if session.scalar(select(Employer.id).limit(1)) is not None:
        return False
    return _count(session, select(func.count()).select_from(User)) <= 1
