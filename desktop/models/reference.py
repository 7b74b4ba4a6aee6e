"""Reference tables: the same rows on every laptop, keyed by their official codes.

Natural keys (municipality code, SSYK code, ...) are what synchronisation needs here:
a code means the same thing everywhere, so no UUID is minted for it.
"""

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamped


class Municipality(Timestamped, Base):
    """A Swedish municipality by its official four-digit code (e.g. 0127 Botkyrka)."""

    __tablename__ = "municipalities"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=False)


class Occupation(Timestamped, Base):
    """An SSYK 2012 group at one of its four levels; `parent_code` walks up the tree."""

    __tablename__ = "occupations"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 4", name="level"),)

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    level: Mapped[int]
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("occupations.code"), index=True)


class LabourMarketForm(Timestamped, Base):
    """Anställning, nystartsjobb, extratjänst, praktik, studier ...: what a vacancy offers
    and what an outcome is reported as. Forms come and go with labour-market policy, hence
    the validity dates."""

    __tablename__ = "labour_market_forms"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20))  # employment/subsidised/internship/studies
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]
    sort_order: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        CheckConstraint(
            "category IN ('anstallning', 'subventionerad', 'praktik', 'studier')",
            name="category",
        ),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="validity"
        ),
    )


class LanguageLevel(Timestamped, Base):
    """A level on one of the scales used for Swedish and other languages.

    `rank` orders levels across scales on a common CEFR-like axis, so that matching can
    ask "at least B1" of someone who reported an SFI course instead.
    """

    __tablename__ = "language_levels"
    __table_args__ = (CheckConstraint("scale IN ('cefr', 'sfi', 'sas')", name="scale"),)

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    scale: Mapped[str] = mapped_column(String(10))
    name_sv: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int]


class EducationLevel(Timestamped, Base):
    """ISCED 2011 level (0-8) with its Swedish name; ESF reporting groups these."""

    __tablename__ = "education_levels"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int]
