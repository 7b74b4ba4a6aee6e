"""An employer's recruitment need and what it requires."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Entity, one_of

VACANCY_STATUSES = ("oppet", "tillsatt", "stangt")
REQUIREMENT_KINDS = ("svenska", "sprak", "korkort", "utbildning", "erfarenhet", "certifikat")
IMPORTANCES = ("krav", "merit")


class Vacancy(Entity, Base):
    __tablename__ = "vacancies"
    __table_args__ = (
        CheckConstraint(one_of("status", VACANCY_STATUSES), name="status"),
        CheckConstraint("positions >= 1", name="positions"),
        # Open needs by occupation group, with what matching reads of them (0008).
        Index(
            "ix_vacancies_status_occupation",
            "status",
            "occupation_code",
            "apply_by",
            "id",
            "municipality_code",
            "start_date",
            "extent",
        ),
        # The open-needs list: walked in deadline order, its filters read from the
        # index itself (docs/decisions/0012).
        Index(
            "ix_vacancies_open_list",
            "status",
            "apply_by",
            "id",
            "occupation_code",
            "municipality_code",
            "form_code",
        ),
        Index("ix_vacancies_employer", "employer_id", "status"),
        # Needs registered in a period, with what the report counts of them (0010).
        Index(
            "ix_vacancies_created",
            "created_at",
            "form_code",
            "positions",
            "employer_id",
            "municipality_code",
            "agent_id",
        ),
    )

    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"))
    workplace_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("workplaces.id", ondelete="SET NULL")
    )
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupations.code"))
    title: Mapped[str] = mapped_column(String(200))
    positions: Mapped[int] = mapped_column(default=1)
    form_code: Mapped[str] = mapped_column(ForeignKey("labour_market_forms.code"))
    extent: Mapped[str | None] = mapped_column(String(20))
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    start_date: Mapped[dt.date | None]
    # The last day to propose candidates.
    apply_by: Mapped[dt.date | None]
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="oppet")
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    requirements: Mapped[list["VacancyRequirement"]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan"
    )


class VacancyRequirement(Entity, Base):
    """One requirement, a must (krav) that filters or a merit that ranks.

    `code` names what is required (language code, licence class, ISCED level, SSYK code,
    certificate), `level` a language level, `years` experience.
    """

    __tablename__ = "vacancy_requirements"
    __table_args__ = (
        CheckConstraint(one_of("kind", REQUIREMENT_KINDS), name="kind"),
        CheckConstraint(one_of("importance", IMPORTANCES), name="importance"),
        CheckConstraint("years IS NULL OR years >= 0", name="years"),
        # A need's requirements read from the index alone (matching, migration 0008).
        Index(
            "ix_vacancy_requirements_need",
            "vacancy_id",
            "importance",
            "kind",
            "code",
            "level",
            "years",
        ),
    )

    vacancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    importance: Mapped[str] = mapped_column(String(10))
    code: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(ForeignKey("language_levels.code"))
    years: Mapped[float | None]

    vacancy: Mapped[Vacancy] = relationship(back_populates="requirements")
