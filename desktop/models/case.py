"""An enrolment (ärende) of a person, its journal and follow-ups."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Entity, one_of

CASE_STATUSES = ("inskriven", "aktiv", "i_insats", "avslutad")
# Outcomes are the labour-market forms plus the ways a case ends without one.
CASE_OUTCOMES = (
    "anstallning",
    "nystartsjobb",
    "introduktionsjobb",
    "extratjanst",
    "lonebidrag",
    "praktik",
    "studier",
    "flyttat",
    "annat",
)
NOTE_KINDS = ("samtal", "mote", "telefon", "ovrigt")


class Case(Entity, Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(one_of("status", CASE_STATUSES), name="status"),
        CheckConstraint("outcome IS NULL OR " + one_of("outcome", CASE_OUTCOMES), name="outcome"),
        CheckConstraint("(status = 'avslutad') = (closed_on IS NOT NULL)", name="closed"),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="dates"),
        Index("ix_cases_person_opened", "person_id", "opened_on"),
        Index("ix_cases_agent_status", "agent_id", "status"),
        Index("ix_cases_municipality_status", "municipality_code", "status"),
        # The follow-up report counts cases by municipality, period and outcome from
        # this index alone (migration 0010, docs/reports.md).
        Index(
            "ix_cases_report",
            "municipality_code",
            "opened_on",
            "closed_on",
            "outcome",
            "agent_id",
        ),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="inskriven")
    opened_on: Mapped[dt.date]
    closed_on: Mapped[dt.date | None]
    outcome: Mapped[str | None] = mapped_column(String(30))
    # Who sent the person to the service: Arbetsförmedlingen, socialtjänsten, SFI, ...
    referred_by: Mapped[str | None] = mapped_column(String(100))

    notes: Mapped[list["CaseNote"]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )


class CaseNote(Entity, Base):
    """A dated journal entry."""

    __tablename__ = "case_notes"
    __table_args__ = (
        CheckConstraint(one_of("kind", NOTE_KINDS), name="kind"),
        Index("ix_case_notes_case_date", "case_id", "note_date"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    note_date: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(20), default="ovrigt")
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="notes")


class Task(Entity, Base):
    """A follow-up with a due date, on a case or on an employer."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("(case_id IS NULL) <> (employer_id IS NULL)", name="subject"),
        Index("ix_tasks_assignee_open", "assignee_id", "done_at", "due_date"),
        Index("ix_tasks_case", "case_id"),
        Index("ix_tasks_employer", "employer_id"),
    )

    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE")
    )
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[dt.date]
    done_at: Mapped[dt.datetime | None]
