"""Employers shared by the municipalities, their people, workplaces and the contact log."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Entity, one_of
from desktop.models.collation import swedish_sort_key

SECTORS = ("offentlig", "privat", "ideburen")
RELATIONSHIP_STATUSES = ("prospekt", "aktiv", "vilande")
CONTACT_KINDS = ("besok", "telefon", "epost", "mote", "event")


def employer_sort_key(name: str) -> str:
    """The key the employer list is ordered by (see desktop/models/collation.py)."""
    return swedish_sort_key(name)


class Employer(Entity, Base):
    __tablename__ = "employers"
    __table_args__ = (
        CheckConstraint(one_of("sector", SECTORS), name="sector"),
        CheckConstraint(one_of("relationship_status", RELATIONSHIP_STATUSES), name="status"),
        Index("ix_employers_sort", "sort_key", "id"),
        Index("ix_employers_last_contact", "last_contact_on", "id"),
        # Each filter of the list with the name order, so a filtered page is an index
        # range (docs/decisions/0012).
        Index("ix_employers_agent_sort", "responsible_agent_id", "sort_key", "id"),
        Index("ix_employers_municipality_sort", "municipality_code", "sort_key", "id"),
        Index("ix_employers_industry_sort", "industry_code", "sort_key", "id"),
        Index("ix_employers_status_sort", "relationship_status", "sort_key", "id"),
        Index("ix_employers_sector_sort", "sector", "sort_key", "id"),
    )

    # Ten digits without the dash; a sole trader's is their personnummer.
    org_number: Mapped[str | None] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(20))
    # SNI 2007, the Swedish industry classification: a five-digit code and its name.
    industry_code: Mapped[str | None] = mapped_column(String(5))
    industry_name: Mapped[str | None] = mapped_column(String(200))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    website: Mapped[str | None] = mapped_column(String(300))
    responsible_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    relationship_status: Mapped[str] = mapped_column(String(20), default="prospekt")
    notes: Mapped[str | None] = mapped_column(Text)
    # Kept with each logged contact so the list can sort and filter on it by index.
    last_contact_on: Mapped[dt.date | None]

    workplaces: Mapped[list["Workplace"]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )
    contact_persons: Mapped[list["ContactPerson"]] = relationship(
        back_populates="employer", cascade="all, delete-orphan"
    )


class Workplace(Entity, Base):
    __tablename__ = "workplaces"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    street_address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))

    employer: Mapped[Employer] = relationship(back_populates="workplaces")


class ContactPerson(Entity, Base):
    """Someone at an employer; marked inactive rather than deleted."""

    __tablename__ = "contact_persons"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(default=True)

    employer: Mapped[Employer] = relationship(back_populates="contact_persons")


class EmployerContact(Entity, Base):
    """A logged visit, call, e-mail, meeting or event."""

    __tablename__ = "employer_contacts"
    __table_args__ = (
        CheckConstraint(one_of("kind", CONTACT_KINDS), name="kind"),
        Index("ix_employer_contacts_employer_date", "employer_id", "contact_date"),
        # Also what the report counts: kind and employer by agent and date (0010).
        Index("ix_employer_contacts_agent_date", "agent_id", "contact_date", "kind", "employer_id"),
    )

    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    contact_date: Mapped[dt.date]
    participants: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
