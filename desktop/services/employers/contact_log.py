"""The contact log: logging a visit, call, e-mail, meeting or event (with its follow-up),
and the timeline that merges the contacts with the steps of referrals to the needs."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, literal_column, select, tuple_, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter, ColumnClause

from desktop import clock
from desktop.models import (
    Employer,
    EmployerContact,
    Person,
    Referral,
    ReferralStatusChange,
    Task,
    User,
    Vacancy,
)
from desktop.models.employer import CONTACT_KINDS
from desktop.services.employer_list import AGENT
from desktop.services.employers.base import EmployerError, EmployerServiceBase
from desktop.services.forms import found, get_or_missing
from desktop.services.referral_statuses import DECLINE_REASONS, DECLINED_BY_NAMES, STATUS_NAMES
from desktop.services.sql_dates import stockholm_date
from desktop.services.validation import date_problem, line_problem, parse_date, text_problem

# The contact log shown when an employer is opened; `timeline()` fetches the rest.
TIMELINE_PAGE = 50
# The kind of a contact-log entry that is a step of a referral to one of the needs.
REFERRAL_KIND = "anvisning"
# Who moved a referral on, in the contact log.
CHANGED_BY = User.__table__.alias("changed_by")


@dataclass(frozen=True)
class ContactData:
    """A logged contact as typed in the dialog. An empty date means today; a follow-up
    date creates a follow-up for the acting user."""

    kind: str = "besok"
    contact_date: str = ""
    participants: str = ""
    summary: str = ""
    outcome: str = ""
    next_step: str = ""
    follow_up_on: str = ""
    follow_up_title: str = ""


@dataclass(frozen=True)
class ContactRow:
    """One entry of the contact log: a contact logged with the employer, or a step of a
    referral to one of its needs (kind "anvisning")."""

    id: uuid.UUID
    contact_date: dt.date
    kind: str
    agent_name: str | None
    participants: str | None
    summary: str
    outcome: str | None
    next_step: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class LoggedContact:
    contact_id: uuid.UUID
    task_id: uuid.UUID | None
    last_contact_on: dt.date
    # The last-contact date is the employer's own column, so logging a contact may move
    # the employer's version on; an open employer form saves with this one.
    employer_version: int


def _kind_problem(kind: str) -> str | None:
    return None if kind in CONTACT_KINDS else "Välj typ av kontakt."


class ContactLog(EmployerServiceBase):
    # The contact log ---------------------------------------------------------------------

    def timeline(
        self,
        employer_id: uuid.UUID,
        after: ContactRow | None = None,
        limit: int = TIMELINE_PAGE,
    ) -> list[ContactRow]:
        """Contacts newest first, after `after` (the screen's "more")."""
        with self._db.read() as session:
            return self._contacts(session, employer_id, after, limit)

    @staticmethod
    def _contacts(
        session: Session, employer_id: uuid.UUID, after: ContactRow | None, limit: int
    ) -> list[ContactRow]:
        params: dict[str, Any] = {"employer_id": employer_id, "limit": limit}
        if after is not None:
            params.update(
                after_date=after.contact_date, after_created=after.created_at, after_id=after.id
            )
        rows = session.execute(_timeline_statement(after is not None), params)
        return [_timeline_row(row) for row in rows]

    def contact_problems(
        self, data: ContactData, *, today: dt.date | None = None
    ) -> dict[str, str]:
        """Field → reason, for everything that stops the contact being logged."""
        today = today or clock.today()
        checks: dict[str, str | None] = {
            "kind": _kind_problem(data.kind),
            "contact_date": date_problem(
                data.contact_date, label="Datumet", not_after=today, after_label="i dag"
            ),
            "participants": text_problem(data.participants, label="Närvarolistan"),
            "summary": text_problem(data.summary, label="Sammanfattningen", required=True),
            "outcome": text_problem(data.outcome, label="Resultatet"),
            "next_step": text_problem(data.next_step, label="Nästa steg"),
            "follow_up_on": date_problem(
                data.follow_up_on,
                label="Uppföljningsdatumet",
                not_before=today,
                before_label="i dag",
            ),
            "follow_up_title": line_problem(data.follow_up_title, label="Uppföljningens rubrik"),
        }
        if data.follow_up_title.strip() and not data.follow_up_on.strip():
            checks["follow_up_on"] = "Ange när uppföljningen ska göras."
        return found(checks)

    def log_contact(
        self,
        employer_id: uuid.UUID,
        data: ContactData,
        *,
        today: dt.date | None = None,
        screen: str = "arbetsgivarkontakt",
    ) -> LoggedContact:
        """Log a visit, call, e-mail, meeting or event, in one transaction with the
        employer's last-contact date and the follow-up (assigned to the acting user)."""
        today = today or clock.today()
        EmployerError.raise_for(self.contact_problems(data, today=today))
        contact_date = parse_date(data.contact_date) if data.contact_date.strip() else today
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            employer = get_or_missing(session, Employer, employer_id, "Arbetsgivaren")
            contact = EmployerContact(
                id=uuid.uuid4(),
                employer_id=employer_id,
                agent_id=self._actor.user_id,
                kind=data.kind,
                contact_date=contact_date,
                participants=data.participants or None,
                summary=data.summary,
                outcome=data.outcome or None,
                next_step=data.next_step or None,
            )
            session.add(contact)
            # A contact logged afterwards for an earlier day leaves the newest one.
            if employer.last_contact_on is None or employer.last_contact_on < contact_date:
                employer.last_contact_on = contact_date
            task_id = None
            if data.follow_up_on.strip():
                task = Task(
                    id=uuid.uuid4(),
                    employer_id=employer_id,
                    assignee_id=self._actor.user_id,
                    title=_follow_up_title(data),
                    description=data.next_step or None,
                    due_date=parse_date(data.follow_up_on),
                )
                session.add(task)
                task_id = task.id
            session.flush()
            last_contact = employer.last_contact_on
            assert last_contact is not None
            return LoggedContact(contact.id, task_id, last_contact, employer.version)


@functools.cache
def _timeline_statement(keyset: bool) -> Select[*tuple[Any, ...]]:
    """The contact log newest first, a page after a row: the employer's contacts and the
    steps of the referrals to its needs, merged. A step counts on its date in Sweden;
    ties go by when the entry was made. Each part is cut to the page on its own (using
    its indexes), and the merge keeps the page's newest."""
    c = EmployerContact.__table__.c
    employer = bindparam("employer_id", type_=c.employer_id.type)
    limit: BindParameter[int] = bindparam("limit")
    after = (
        bindparam("after_date", type_=c.contact_date.type),
        bindparam("after_created", type_=c.created_at.type),
        bindparam("after_id", type_=c.id.type),
    )
    nothing: ColumnClause[Any] = literal_column("NULL")

    contact_order = (c.contact_date, c.created_at, c.id)
    contacts = (
        select(
            c.id.label("id"),
            c.contact_date.label("contact_date"),
            c.kind.label("kind"),
            AGENT.c.full_name.label("agent_name"),
            c.participants.label("participants"),
            c.summary.label("summary"),
            c.outcome.label("outcome"),
            c.next_step.label("next_step"),
            c.created_at.label("created_at"),
            nothing.label("need_title"),
            nothing.label("from_status"),
            nothing.label("to_status"),
            nothing.label("declined_by"),
            nothing.label("reason"),
        )
        .select_from(EmployerContact.__table__)
        .outerjoin(AGENT, AGENT.c.id == c.agent_id)
        .where(c.employer_id == employer)
        .order_by(*(column_.desc() for column_ in contact_order))
        .limit(limit)
    )

    step, referral, need, person = (
        ReferralStatusChange.__table__.c,
        Referral.__table__.c,
        Vacancy.__table__.c,
        Person.__table__.c,
    )
    step_date = stockholm_date(step.changed_at)
    step_order = (step_date, step.changed_at, step.id)
    steps = (
        select(
            step.id.label("id"),
            step_date.label("contact_date"),
            literal_column(f"'{REFERRAL_KIND}'").label("kind"),
            CHANGED_BY.c.full_name.label("agent_name"),
            nothing.label("participants"),
            (person.first_name + " " + person.last_name).label("summary"),
            step.comment.label("outcome"),
            nothing.label("next_step"),
            step.changed_at.label("created_at"),
            need.title.label("need_title"),
            step.from_status.label("from_status"),
            step.to_status.label("to_status"),
            step.declined_by.label("declined_by"),
            step.reason.label("reason"),
        )
        .select_from(ReferralStatusChange.__table__)
        .join(Referral.__table__, referral.id == step.referral_id)
        .join(Vacancy.__table__, need.id == referral.vacancy_id)
        .join(Person.__table__, person.id == referral.person_id)
        .outerjoin(CHANGED_BY, CHANGED_BY.c.id == step.changed_by_id)
        .where(need.employer_id == employer)
        .order_by(*(column_.desc() for column_ in step_order))
        .limit(limit)
    )
    if keyset:
        contacts = contacts.where(tuple_(*contact_order) < tuple_(*after))
        steps = steps.where(tuple_(*step_order) < tuple_(*after))
    merged = union_all(
        select(contacts.subquery("contacts")), select(steps.subquery("steps"))
    ).subquery("timeline")
    m = merged.c
    return (
        select(merged)
        .order_by(m.contact_date.desc(), m.created_at.desc(), m.id.desc())
        .limit(limit)
    )


def _timeline_row(row: Any) -> ContactRow:
    """A contact as it is, or a referral step in words: "Amina Test – intervju
    (Undersköterska)", with the reason for a decline and the note as its outcome."""
    if row.kind != REFERRAL_KIND:
        return ContactRow(*row[:9])
    if row.from_status == "placerad":
        step = "placeringen ångrad"
    else:
        step = STATUS_NAMES[row.to_status].lower()
        if row.declined_by:
            step += f" av {DECLINED_BY_NAMES[row.declined_by].lower()}"
    reason = DECLINE_REASONS.get(row.declined_by or "", {}).get(row.reason or "")
    outcome = " ".join(part for part in (f"{reason}." if reason else "", row.outcome or "") if part)
    return ContactRow(
        id=row.id,
        contact_date=row.contact_date,
        kind=REFERRAL_KIND,
        agent_name=row.agent_name,
        participants=None,
        summary=f"{row.summary} – {step} ({row.need_title})",
        outcome=outcome or None,
        next_step=None,
        created_at=row.created_at,
    )


def _follow_up_title(data: ContactData) -> str:
    """What the follow-up is called in "my follow-ups": the title typed, else the first
    line of the next step, else a plain one."""
    if data.follow_up_title.strip():
        return data.follow_up_title
    first_line = data.next_step.strip().splitlines()[0] if data.next_step.strip() else ""
    if first_line:
        return first_line if len(first_line) <= 200 else first_line[:199] + "…"
    return "Följ upp kontakten"
