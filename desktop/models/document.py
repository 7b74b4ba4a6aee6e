"""Documents: each municipality's letterhead settings, and a record of every document
produced (what, about whom, by whom, when), which the Dokument tabs list."""

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Entity, Timestamped, one_of

# presentationsbrev: referral letter; kandidatprofil: candidate profile (named or
# anonymised); arbetsgivarblad: employer meeting sheet; arendesammanfattning: case
# summary; registerutdrag: register extract (GDPR art. 15).
DOCUMENT_KINDS = (
    "presentationsbrev",
    "kandidatprofil",
    "arbetsgivarblad",
    "arendesammanfattning",
    "registerutdrag",
)
# How it left the app: saved as a PDF file, or sent to a printer.
DOCUMENT_OUTPUTS = ("pdf", "utskrift")
LOGO_MEDIA_TYPES = ("image/png", "image/svg+xml")


class Letterhead(Timestamped, Base):
    """A municipality's letterhead settings, edited by an administrator; a field left
    empty is left off the printout. Keyed by the municipality's code, like the reference
    data: the same settings mean the same on every laptop."""

    __tablename__ = "letterheads"
    __table_args__ = (
        CheckConstraint("(logo IS NULL) = (logo_media_type IS NULL)", name="logo"),
        CheckConstraint(
            "logo_media_type IS NULL OR " + one_of("logo_media_type", LOGO_MEDIA_TYPES),
            name="logo_media_type",
        ),
    )

    municipality_code: Mapped[str] = mapped_column(
        ForeignKey("municipalities.code"), primary_key=True
    )
    unit: Mapped[str | None] = mapped_column(String(200))
    street_address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    # A PNG or SVG of at most 1 MB (desktop/documents/logos.py checks it); None: the
    # municipality's placeholder from resources/logos/.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_media_type: Mapped[str | None] = mapped_column(String(40))
    # The referral letter's text with {merge_fields}; None: the default template
    # (desktop/services/documents/, docs/documents.md).
    referral_template: Mapped[str | None] = mapped_column(Text)

    @property
    def code(self) -> str:
        """The key the audit log names a change by (services/audit.py, `_natural_key`)."""
        return self.municipality_code


class ProducedDocument(Entity, Base):
    """One document made: saved as a PDF or printed. It names what it concerns, so that
    the person's, case's and employer's Dokument tabs list it and it can be produced again;
    a letter keeps its text as it was sent (the agent may have edited it)."""

    __tablename__ = "produced_documents"
    __table_args__ = (
        CheckConstraint(one_of("kind", DOCUMENT_KINDS), name="kind"),
        CheckConstraint(one_of("output", DOCUMENT_OUTPUTS), name="output"),
        Index("ix_produced_documents_person", "person_id", "produced_at"),
        Index("ix_produced_documents_case", "case_id", "produced_at"),
        Index("ix_produced_documents_employer", "employer_id", "produced_at"),
        Index("ix_produced_documents_referral", "referral_id"),
        Index("ix_produced_documents_vacancy", "vacancy_id"),
    )

    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    # What it concerns; a record goes with the person or the employer it is about.
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE")
    )
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE")
    )
    vacancy_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("vacancies.id", ondelete="SET NULL")
    )
    referral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL")
    )
    produced_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    produced_at: Mapped[dt.datetime]
    output: Mapped[str] = mapped_column(String(10), default="pdf")
    # An anonymised candidate profile (no name, contact, identity number or birth date).
    anonymous: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str | None] = mapped_column(Text)
