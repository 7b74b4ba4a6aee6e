"""A job seeker: identity, contact, background and the profile matching works from."""

import datetime as dt
import uuid

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Entity, one_of
from desktop.models.collation import swedish_sort_key

GENDERS = ("kvinna", "man", "annat")
IDENTITY_KINDS = ("personnummer", "samordningsnummer", "saknas")


def person_sort_key(last_name: str, first_name: str) -> str:
    """The key the person list is ordered by (see desktop/models/collation.py)."""
    return swedish_sort_key(last_name, first_name)


class Person(Entity, Base):
    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint("gender IS NULL OR " + one_of("gender", GENDERS), name="gender"),
        CheckConstraint(one_of("identity_kind", IDENTITY_KINDS), name="identity_kind"),
        CheckConstraint(
            "(identity_kind = 'saknas') = (personal_number IS NULL)", name="identity_number"
        ),
        CheckConstraint(
            "identity_kind != 'saknas' OR no_identity_reason IS NOT NULL",
            name="no_identity_reason",
        ),
        CheckConstraint("arrival_date IS NULL OR arrival_date >= birth_date", name="arrival"),
        # Covers the list in name order: every column it shows (migrations 0005 and
        # 0015, docs/decisions/0014).
        Index(
            "ix_persons_list",
            "sort_key",
            "id",
            "last_name",
            "first_name",
            "birth_date",
            "municipality_code",
            "current_case_status",
            "current_agent_id",
            "personal_number",
        ),
        Index("ix_persons_municipality_sort", "municipality_code", "sort_key", "id"),
        Index("ix_persons_birth_date", "birth_date", "sort_key", "id"),
        Index("ix_persons_status_sort", "current_case_status", "sort_key", "id"),
        Index("ix_persons_agent_sort", "current_agent_id", "sort_key", "id"),
        # Everything matching reads of a job seeker's own row, so that ranking the
        # active ones reads the index alone (migration 0008, docs/decisions/0017).
        Index(
            "ix_persons_match",
            "current_case_status",
            "id",
            "sort_key",
            "sfi_course",
            "sas_level",
            "swedish_cefr",
            "municipality_code",
            "earliest_start",
            "work_extent",
        ),
    )

    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(String(402))
    # Twelve digits, YYYYMMDDNNNN; a samordningsnummer carries day + 60.
    personal_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    identity_kind: Mapped[str] = mapped_column(String(20))
    no_identity_reason: Mapped[str | None] = mapped_column(String(500))
    birth_date: Mapped[dt.date]
    gender: Mapped[str | None] = mapped_column(String(10))

    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    street_address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))

    # ISO 3166-1 alpha-2 codes; Swedish names come from CLDR at display time.
    birth_country: Mapped[str | None] = mapped_column(String(2))
    citizenship: Mapped[str | None] = mapped_column(String(2))
    arrival_date: Mapped[dt.date | None]

    # Swedish: SFI study path (1-3) and course (A-D), SAS level, and/or a CEFR level.
    sfi_path: Mapped[int | None]
    sfi_course: Mapped[str | None] = mapped_column(ForeignKey("language_levels.code"))
    sas_level: Mapped[str | None] = mapped_column(ForeignKey("language_levels.code"))
    swedish_cefr: Mapped[str | None] = mapped_column(ForeignKey("language_levels.code"))

    # The newest case, copied here by desktop/services/cases.py whenever a case changes,
    # so that the list can filter on status and agent by index (decision 0010).
    current_case_id: Mapped[uuid.UUID | None]
    current_case_status: Mapped[str | None] = mapped_column(String(20))
    current_agent_id: Mapped[uuid.UUID | None]

    # Wishes and availability.
    work_extent: Mapped[str | None] = mapped_column(String(20))  # heltid / deltid / ...
    earliest_start: Mapped[dt.date | None]

    # In the order they were entered. Without an ORDER BY they came back in the order of
    # whichever index SQLite read them by, and since the covering indexes of migration
    # 0008 that is by language code, level or occupation code: the profile showed a
    # mother tongue below the language typed after it. created_at, not SQLite's rowid,
    # so that the model stays the same on the PostgreSQL server; rows added in one save
    # get increasing stamps, and the id settles a tie.
    languages: Mapped[list["PersonLanguage"]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by=lambda: (PersonLanguage.created_at, PersonLanguage.id),
    )
    educations: Mapped[list["Education"]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by=lambda: (Education.created_at, Education.id),
    )
    experiences: Mapped[list["WorkExperience"]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by=lambda: (WorkExperience.created_at, WorkExperience.id),
    )
    qualifications: Mapped[list["Qualification"]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    wished_occupations: Mapped[list["WishedOccupation"]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )
    wished_municipalities: Mapped[list["WishedMunicipality"]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    def refresh_sort_key(self) -> None:
        self.sort_key = person_sort_key(self.last_name, self.first_name)


class PersonLanguage(Entity, Base):
    """A language other than Swedish (ISO 639 code) and how well the person knows it."""

    __tablename__ = "person_languages"
    __table_args__ = (
        UniqueConstraint("person_id", "language"),
        Index("ix_person_languages_person_level", "person_id", "language", "level"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    mother_tongue: Mapped[bool] = mapped_column(default=False)
    level: Mapped[str | None] = mapped_column(ForeignKey("language_levels.code"))

    person: Mapped[Person] = relationship(back_populates="languages")


class Education(Entity, Base):
    __tablename__ = "educations"
    __table_args__ = (
        Index("ix_educations_person_level", "person_id", "completed", "level"),
        CheckConstraint(
            "recognition IS NULL OR recognition IN "
            "('ej_ansokt', 'ansokt', 'bedomd', 'ej_aktuellt')",
            name="recognition",
        ),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(ForeignKey("education_levels.code"))
    field: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    years: Mapped[int | None]
    completed: Mapped[bool] = mapped_column(default=True)
    # The status of a Swedish assessment of foreign education (UHR).
    recognition: Mapped[str | None] = mapped_column(String(20))

    person: Mapped[Person] = relationship(back_populates="educations")


class WorkExperience(Entity, Base):
    __tablename__ = "work_experiences"
    __table_args__ = (
        Index("ix_work_experiences_occupation", "occupation_code", "person_id"),
        Index("ix_work_experiences_person", "person_id", "occupation_code", "years", "last_year"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    occupation_code: Mapped[str | None] = mapped_column(ForeignKey("occupations.code"))
    job_title: Mapped[str | None] = mapped_column(String(200))
    years: Mapped[float | None]
    # The last year the person worked in it (None: still working there, or not known);
    # matching counts recent experience more.
    last_year: Mapped[int | None]
    country: Mapped[str | None] = mapped_column(String(2))

    person: Mapped[Person] = relationship(back_populates="experiences")


class Qualification(Entity, Base):
    """A driving licence class (B, C, CE, D, ...) or a certificate (truckkort, ...)."""

    __tablename__ = "qualifications"
    __table_args__ = (
        CheckConstraint("kind IN ('korkort', 'certifikat')", name="kind"),
        UniqueConstraint("person_id", "kind", "code"),
        Index("ix_qualifications_kind_code", "kind", "code"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(100))
    valid_until: Mapped[dt.date | None]

    person: Mapped[Person] = relationship(back_populates="qualifications")


class WishedOccupation(Entity, Base):
    __tablename__ = "wished_occupations"
    __table_args__ = (
        UniqueConstraint("person_id", "occupation_code"),
        Index("ix_wished_occupations_occupation", "occupation_code", "person_id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupations.code"))

    person: Mapped[Person] = relationship(back_populates="wished_occupations")


class WishedMunicipality(Entity, Base):
    __tablename__ = "wished_municipalities"
    __table_args__ = (UniqueConstraint("person_id", "municipality_code"),)

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"))

    person: Mapped[Person] = relationship(back_populates="wished_municipalities")


class Consent(Entity, Base):
    """What the person agreed to, when and how; withdrawn later by setting withdrawn_on."""

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint("kind IN ('behandling', 'dela_profil')", name="kind"),
        CheckConstraint("method IN ('muntligt', 'skriftligt', 'digitalt')", name="method"),
        CheckConstraint("withdrawn_on IS NULL OR withdrawn_on >= given_on", name="withdrawn"),
        Index("ix_consents_person_kind", "person_id", "kind"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    legal_basis: Mapped[str | None] = mapped_column(String(200))
    given_on: Mapped[dt.date]
    method: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_on: Mapped[dt.date | None]
    note: Mapped[str | None] = mapped_column(Text)
