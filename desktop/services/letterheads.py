"""Letterhead settings per municipality: unit, address, phone, e-mail, website, logo and
the referral letter's template, read by every document and edited by an administrator.

Nothing stored yet is not an error: `get()` gives the municipality's name, the
placeholder logo and the default template, and empty fields are left off the printout.
Edits follow the form pattern (docs/decisions/0013): `problems()` gives field → Swedish
reason while typing, `update()` refuses with the same in a LetterheadError and writes
nothing; a version that changed meanwhile is a StaleError. Changes are audited like any
row (the log names the municipality's code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import logos, referral_letter, templates
from desktop.documents.letterhead import Agent, Letterhead, swedish_date
from desktop.documents.logos import Logo
from desktop.models import Letterhead as LetterheadModel
from desktop.models import Municipality
from desktop.services.accounts import AccessDeniedError, Actor
from desktop.services.forms import FormError, StaleError, found, get_or_missing
from desktop.services.validation import (
    email_problem,
    line_problem,
    phone_problem,
    postal_code_problem,
    text_problem,
)
from desktop.store.database import Database

__all__ = [
    "LetterheadData",
    "LetterheadError",
    "LetterheadRow",
    "LetterheadService",
    "StaleError",
    "letterhead_of",
    "municipality_name",
]

# Shorter than the columns: each must fit the footer's narrow columns in a few lines.
LIMITS = {"unit": 100, "street_address": 100, "city": 60, "website": 100}


class LetterheadError(FormError):
    """Letterhead settings that cannot be saved, with the reason per field."""


@dataclass(frozen=True)
class LetterheadData:
    """The settings as typed; an empty template means the default one."""

    unit: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    referral_template: str = ""


@dataclass(frozen=True)
class LetterheadRow:
    """A municipality's letterhead as the documents use it, defaults filled in."""

    municipality_code: str
    municipality: str  # "Botkyrka kommun"
    unit: str
    street_address: str
    postal_code: str
    city: str
    phone: str
    email: str
    website: str
    logo: Logo | None  # None: the placeholder
    referral_template: str  # the stored one, or the default
    template_is_default: bool
    version: int | None  # None: nothing stored yet

    @property
    def letterhead(self) -> Letterhead:
        return Letterhead(
            municipality_code=self.municipality_code,
            municipality=self.municipality,
            unit=self.unit,
            street_address=self.street_address,
            postal_code=self.postal_code,
            city=self.city,
            phone=self.phone,
            email=self.email,
            website=self.website,
            logo=self.logo,
        )

    @property
    def data(self) -> LetterheadData:
        """The stored values as a form shows them (an empty template: the default)."""
        return LetterheadData(
            unit=self.unit,
            street_address=self.street_address,
            postal_code=self.postal_code,
            city=self.city,
            phone=self.phone,
            email=self.email,
            website=self.website,
            referral_template="" if self.template_is_default else self.referral_template,
        )


def municipality_name(session: Session, code: str) -> str:
    """The municipality as printed: "Botkyrka kommun"."""
    municipality = get_or_missing(session, Municipality, code, "Kommunen")
    return f"{municipality.name} kommun"


def letterhead_of(session: Session, code: str) -> LetterheadRow:
    """The municipality's letterhead inside the caller's session (defaults filled in)."""
    name = municipality_name(session, code)
    row = session.get(LetterheadModel, code)
    if row is None:
        return LetterheadRow(
            code, name, "", "", "", "", "", "", "", None,
            referral_letter.DEFAULT_TEMPLATE, template_is_default=True, version=None,
        )  # fmt: skip
    logo = Logo(row.logo, row.logo_media_type) if row.logo and row.logo_media_type else None
    return LetterheadRow(
        municipality_code=code,
        municipality=name,
        unit=row.unit or "",
        street_address=row.street_address or "",
        postal_code=row.postal_code or "",
        city=row.city or "",
        phone=row.phone or "",
        email=row.email or "",
        website=row.website or "",
        logo=logo,
        referral_template=row.referral_template or referral_letter.DEFAULT_TEMPLATE,
        template_is_default=row.referral_template is None,
        version=row.version,
    )


class LetterheadService:
    """Everyone reads the letterheads; only administrators change them."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    def get(self, municipality_code: str) -> LetterheadRow:
        with self._db.read() as session:
            return letterhead_of(session, municipality_code)

    # Editing ----------------------------------------------------------------------------------

    def problems(self, data: LetterheadData) -> dict[str, str]:
        """Field → reason, for what is typed into the settings form."""
        problems: dict[str, str | None] = {
            "unit": line_problem(data.unit, label="Enheten", max_length=LIMITS["unit"]),
            "street_address": line_problem(
                data.street_address, label="Adressen", max_length=LIMITS["street_address"]
            ),
            "postal_code": postal_code_problem(data.postal_code),
            "city": line_problem(data.city, label="Orten", max_length=LIMITS["city"]),
            "phone": phone_problem(data.phone),
            "email": email_problem(data.email),
            "website": line_problem(data.website, label="Webbplatsen", max_length=100)
            or (
                "Webbplatsen skrivs utan mellanslag, till exempel www.kommun.se."
                if " " in data.website.strip()
                else None
            ),
            "referral_template": self._template_problem(data.referral_template),
        }
        return found(problems)

    @staticmethod
    def _template_problem(template: str) -> str | None:
        problem = text_problem(template, label="Brevmallen")
        if problem:
            return problem
        reasons = referral_letter.template_problems(template)
        return " ".join(reasons) if reasons else None

    def update(
        self,
        municipality_code: str,
        data: LetterheadData,
        *,
        version: int | None,
        screen: str = "brevhuvud",
    ) -> int:
        """Save the settings (not the logo); returns the new version. `version` is the one
        read (None if nothing was stored)."""
        self._require_admin()
        LetterheadError.raise_for(self.problems(data))
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            row = self._row(session, municipality_code, version)
            row.unit = data.unit.strip() or None
            row.street_address = data.street_address.strip() or None
            row.postal_code = data.postal_code.strip() or None
            row.city = data.city.strip() or None
            row.phone = data.phone.strip() or None
            row.email = data.email.strip() or None
            row.website = data.website.strip() or None
            template = data.referral_template
            same_as_default = template.strip() == referral_letter.DEFAULT_TEMPLATE.strip()
            row.referral_template = None if not template.strip() or same_as_default else template
            session.flush()
            return row.version

    def logo_problem(self, data: bytes, media_type: str | None = None) -> str | None:
        """Why a file cannot be the logo (PNG or SVG, at most 1 MB, readable), or None."""
        return logos.problem(data, media_type)

    def set_logo(
        self,
        municipality_code: str,
        data: bytes,
        media_type: str | None = None,
        *,
        version: int | None,
        screen: str = "brevhuvud",
    ) -> int:
        """Store the municipality's own logo; returns the new version."""
        self._require_admin()
        problem = self.logo_problem(data, media_type)
        if problem:
            raise LetterheadError(problem, {"logo": problem})
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            row = self._row(session, municipality_code, version)
            row.logo = data
            row.logo_media_type = logos.media_type_of(data)
            session.flush()
            return row.version

    def remove_logo(
        self, municipality_code: str, *, version: int | None, screen: str = "brevhuvud"
    ) -> int:
        """Go back to the placeholder logo; returns the new version."""
        self._require_admin()
        with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
            row = self._row(session, municipality_code, version)
            row.logo = None
            row.logo_media_type = None
            session.flush()
            return row.version

    def _row(self, session: Session, code: str, version: int | None) -> LetterheadModel:
        get_or_missing(session, Municipality, code, "Kommunen")
        row = session.get(LetterheadModel, code)
        if row is None:
            if version is not None:
                raise StaleError
            row = LetterheadModel(municipality_code=code)
            session.add(row)
        elif row.version != version:
            raise StaleError
        return row

    def _require_admin(self) -> None:
        if not self._actor.is_admin:
            raise AccessDeniedError

    # Preview ----------------------------------------------------------------------------------

    def preview(
        self,
        municipality_code: str,
        data: LetterheadData | None = None,
        logo: Logo | None = None,
        *,
        today: dt.date | None = None,
    ) -> bytes:
        """A referral letter on made-up data, as a PDF, showing the settings as stored
        or as being edited (`data`, `logo`): what the administrator's preview shows."""
        stored = self.get(municipality_code)
        head = stored.letterhead
        template = stored.referral_template
        if data is not None:
            head = Letterhead(
                municipality_code=municipality_code,
                municipality=stored.municipality,
                unit=data.unit.strip(),
                street_address=data.street_address.strip(),
                postal_code=data.postal_code.strip(),
                city=data.city.strip(),
                phone=data.phone.strip(),
                email=data.email.strip(),
                website=data.website.strip(),
                logo=stored.logo,
            )
            template = data.referral_template or referral_letter.DEFAULT_TEMPLATE
        if logo is not None:
            head = replace(head, logo=logo)
        day = today or clock.today()
        examples = {f.name: f.example for f in referral_letter.FIELDS}
        examples["kommun"] = stored.municipality
        examples["datum"] = swedish_date(day)
        if head.unit:
            examples["enhet"] = head.unit
        text, _missing = templates.merge(template, examples)
        content = referral_letter.LetterContent(
            letterhead=head,
            agent=Agent(
                examples["handlaggare"],
                phone=examples["handlaggare_telefon"],
                email=examples["handlaggare_epost"],
            ),
            recipient=("Lindängens Vård AB", "Att: Berit Exempel", "Vårdvägen 3", "147 30 Tumba"),
            title="Förhandsgranskning av presentationsbrev",
            subject="Exempel med påhittade uppgifter",
            text=text,
            day=day,
        )
        return referral_letter.pdf(content).data
