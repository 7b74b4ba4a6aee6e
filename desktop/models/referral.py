"""A job seeker proposed for a vacancy, its way to an outcome, and placements."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Entity, one_of

DECLINED_BY = ("arbetsgivare", "arbetssokande")
REFERRAL_STATUSES = (
    "foreslagen",
    "presenterad",
    "intervju",
    "erbjuden",
    "placerad",
    "avbojd",
    "aterkallad",
)


class Referral(Entity, Base):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(one_of("status", REFERRAL_STATUSES), name="status"),
        UniqueConstraint("vacancy_id", "person_id"),
        Index("ix_referrals_person", "person_id", "status"),
        Index("ix_referrals_agent_status", "agent_id", "status"),
        # Referrals proposed in a period, for the report (migration 0010).
        Index("ix_referrals_created", "created_at", "status", "agent_id", "case_id"),
    )

    vacancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="foreslagen")
    status_changed_at: Mapped[dt.datetime]
    # The match when the person was proposed (score 0-100 and the reasons, one a line),
    # kept so that a letter or a later reader sees why, even after profiles change.
    match_score: Mapped[int | None]
    match_reasons: Mapped[str | None] = mapped_column(Text)

    history: Mapped[list["ReferralStatusChange"]] = relationship(
        back_populates="referral",
        cascade="all, delete-orphan",
        order_by="ReferralStatusChange.changed_at",
    )


class ReferralStatusChange(Entity, Base):
    __tablename__ = "referral_status_changes"
    __table_args__ = (
        CheckConstraint(
            "declined_by IS NULL OR " + one_of("declined_by", DECLINED_BY), name="declined_by"
        ),
        # A referral's steps, read from the index alone (the report's stages; 0010).
        Index("ix_referral_status_changes_steps", "referral_id", "to_status"),
    )

    referral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[dt.datetime]
    changed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    # For a decline (avböjd): who declined and why, from a short list.
    declined_by: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(40))

    referral: Mapped[Referral] = relationship(back_populates="history")


class Placement(Entity, Base):
    """The result for a person: a job, a subsidised job, an internship or studies."""

    __tablename__ = "placements"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        Index("ix_placements_person", "person_id"),
        Index("ix_placements_vacancy", "vacancy_id"),
        Index("ix_placements_referral", "referral_id"),
        Index("ix_placements_start", "start_date"),
        # A case's placements and the first one's start (the report; migration 0010).
        Index("ix_placements_case_start", "case_id", "start_date"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    referral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL")
    )
    vacancy_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("vacancies.id", ondelete="SET NULL")
    )
    employer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employers.id", ondelete="SET NULL")
    )
    form_code: Mapped[str] = mapped_column(ForeignKey("labour_market_forms.code"))
    occupation_code: Mapped[str | None] = mapped_column(ForeignKey("occupations.code"))
    extent: Mapped[str | None] = mapped_column(String(20))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date | None]
