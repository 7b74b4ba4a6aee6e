"""Organisationsnummer: what an agent types, checked and explained.

The `organisationsnummer` library decides whether a number is valid and which legal
form it implies; this module only says, in Swedish, *why* a number was refused, and keeps
one stored form: ten digits, NNNNNNNNNC. A sole trader (enskild firma) has no number of
its own and is registered under the owner's personnummer, which is therefore accepted
here too, and said so, since the agent may not have known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from organisationsnummer import organisationsnummer as library

from desktop.services.identity import IdentityNumberError, luhn_valid, parse_identity_number

_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")
# The twelve-digit form of an organisationsnummer starts with this (Skatteverket's
# "sekelsiffror" for legal persons).
LEGAL_PERSON_PREFIX = "16"
# In an organisationsnummer the third and fourth digits are 20 or more, so that it can
# never be read as a date; below 20 the number can only be a personnummer.
_LOWEST_MIDDLE = 20


class OrgNumberError(ValueError):
    """Why a typed number cannot be used; `str()` is the Swedish explanation."""


@dataclass(frozen=True)
class OrgNumber:
    digits: str  # ten digits, as stored
    # What the library says the number implies: "Aktiebolag", "Enskild firma", ...
    legal_form: str
    # A personnummer or samordningsnummer: the owner's, for an enskild firma.
    sole_trader: bool
    identity_kind: str | None = None  # "personnummer" or "samordningsnummer"

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def note(self) -> str:
        """What the form shows beside an accepted number: the legal form it implies."""
        if self.sole_trader:
            kind = (self.identity_kind or "personnummer").capitalize()
            return f"{kind} – enskild firma"
        return self.legal_form


def format_org_number(digits: str | None) -> str | None:
    """The stored ten digits as shown: NNNNNN-NNNN."""
    if not digits:
        return None
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else digits


def parse_org_number(text: str, *, today: dt.date | None = None) -> OrgNumber:
    """The number in `text`, or OrgNumberError with the reason."""
    typed = text.strip().replace(" ", "")
    if not typed:
        raise OrgNumberError("Ange organisationsnummer.")
    if any(not (c.isdigit() and c.isascii()) and c not in "-+" for c in typed):
        raise OrgNumberError("Organisationsnumret får bara innehålla siffror och bindestreck.")
    match = _SHAPE.match(typed)
    if match is None:
        raise OrgNumberError(
            "Ett organisationsnummer har tio siffror, NNNNNN-NNNN (en enskild firma har "
            "ägarens personnummer)."
        )
    first, _separator, last_four = match.groups()
    ten = first[-6:] + last_four
    if int(ten[2:4]) >= _LOWEST_MIDDLE:
        _explain_organisation(first, ten)
        identity_kind = None
    else:
        identity_kind = _explain_sole_trader(typed, today)
    try:
        parsed = library.parse(typed)
    except library.OrganisationsnummerException:
        raise OrgNumberError("Numret är inte ett giltigt organisationsnummer.") from None
    sole_trader = bool(parsed.is_personnummer())
    return OrgNumber(
        digits=str(parsed.format(False)),
        legal_form=str(parsed.type()),
        sole_trader=sole_trader,
        identity_kind=identity_kind if sole_trader else None,
    )


def _explain_organisation(first: str, ten: str) -> None:
    if len(first) == 8 and first[:2] != LEGAL_PERSON_PREFIX:
        raise OrgNumberError(
            "Ett organisationsnummer med tolv siffror börjar med 16. Skriv de tio sista."
        )
    if ten[0] == "0":
        raise OrgNumberError("Ett organisationsnummer börjar aldrig med 0. Kontrollera numret.")
    if not luhn_valid(ten):
        raise OrgNumberError("Kontrollsiffran stämmer inte. Kontrollera numret.")


def _explain_sole_trader(typed: str, today: dt.date | None) -> str:
    """Third and fourth digits under 20: the number reads as a date, so a personnummer."""
    if len(typed.replace("-", "").replace("+", "")) == 12 and typed[:2] == LEGAL_PERSON_PREFIX:
        raise OrgNumberError("Numret är inget organisationsnummer: siffra 3–4 är under 20.")
    try:
        return parse_identity_number(typed, today=today).kind
    except IdentityNumberError as error:
        raise OrgNumberError(
            f"Med siffra 3–4 under 20 läses numret som ett personnummer (enskild firma). {error}"
        ) from None


def org_number_problem(
    text: str, *, required: bool = False, today: dt.date | None = None
) -> str | None:
    """The reason a typed number cannot be saved, or None (also for an empty optional one)."""
    if not text.strip():
        return "Ange organisationsnummer." if required else None
    try:
        parse_org_number(text, today=today)
    except OrgNumberError as error:
        return str(error)
    return None


def org_number_complete(text: str) -> bool:
    """Whether a number being typed is far enough to be judged: all its digits are there
    (ten, or twelve with the century), or it has something no number has."""
    typed = text.strip().replace(" ", "")
    if any(not (c.isdigit() and c.isascii()) and c not in "-+" for c in typed):
        return True
    return sum(c.isdigit() for c in typed) >= 10
