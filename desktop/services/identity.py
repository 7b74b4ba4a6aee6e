"""Personnummer and samordningsnummer: what a caseworker types, checked and explained.

The `personnummer` library decides whether a number is valid (check digit, date, the
day + 60 of a samordningsnummer, the century of a 10-digit number and its `+`). This
module only says, in Swedish, *why* a number was refused, and keeps one stored form:
twelve digits, YYYYMMDDNNNC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from personnummer import personnummer as library

from desktop import clock

_SHAPE = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")


class IdentityNumberError(ValueError):
    """Why a typed number cannot be used; `str()` is the Swedish explanation."""


@dataclass(frozen=True)
class IdentityNumber:
    digits: str  # twelve digits, YYYYMMDDNNNC (a samordningsnummer keeps day + 60)
    kind: str  # "personnummer" or "samordningsnummer"
    birth_date: dt.date
    # The ninth digit: odd for men, even for women (as registered by Skatteverket).
    registered_gender: str

    @property
    def formatted(self) -> str:
        return written(self.digits)


def written(digits: str) -> str:
    """A stored number (twelve digits) as people write it: YYYYMMDD-NNNN."""
    return f"{digits[:8]}-{digits[8:]}"


def luhn_valid(ten_digits: str) -> bool:
    total = 0
    for position, char in enumerate(ten_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def parse_identity_number(text: str, *, today: dt.date | None = None) -> IdentityNumber:
    """The number in `text`, or IdentityNumberError with the reason."""
    today = today or clock.today()
    typed = text.strip().replace(" ", "")
    if not typed:
        raise IdentityNumberError("Ange personnummer eller samordningsnummer.")
    if any(not (c.isdigit() and c.isascii()) and c not in "-+" for c in typed):
        raise IdentityNumberError(
            "Numret får bara innehålla siffror och bindestreck (plus för den som fyllt 100)."
        )
    match = _SHAPE.match(typed)
    if match is None:
        raise IdentityNumberError(
            "Skriv numret med 10 eller 12 siffror, till exempel 19850312-1234 eller 850312-1234."
        )
    date_part, _separator, last_four = match.groups()
    month = int(date_part[-4:-2])
    day = int(date_part[-2:])
    coordination = day > 60
    if not 1 <= month <= 12 or not 1 <= (day - 60 if coordination else day) <= 31:
        raise IdentityNumberError("Datumet i numret finns inte (månad eller dag är fel).")
    if last_four[:3] == "000":
        raise IdentityNumberError("Födelsenumret 000 används inte; kontrollera numret.")
    if not luhn_valid(date_part[-6:] + last_four):
        raise IdentityNumberError("Kontrollsiffran stämmer inte. Kontrollera numret.")
    try:
        parsed = library.parse(typed)
    except (library.PersonnummerException, ValueError):
        raise IdentityNumberError("Datumet i numret finns inte.") from None
    birth = parsed.get_date()
    if birth > today:
        raise IdentityNumberError("Födelsedatumet i numret ligger i framtiden.")
    return IdentityNumber(
        digits=parsed.format(True),
        kind="samordningsnummer" if parsed.is_coordination_number() else "personnummer",
        birth_date=birth,
        registered_gender="man" if parsed.is_male() else "kvinna",
    )
