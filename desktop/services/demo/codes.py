"""Identity numbers, keys, dates and timestamps for generated rows, in the stored format.

Everything here takes the caller's seeded `random.Random`, so a seed always gives the same
values, and returns exactly what the ORM would store (see desktop/models/base.py): a UUID
as 32 lowercase hex digits, a date as 'YYYY-MM-DD', a datetime as naive UTC
'YYYY-MM-DD HH:MM:SS.ffffff'. Binding strings directly skips SQLAlchemy's per-value type
processing, which would cost more than generating the row.
"""

from __future__ import annotations

import datetime as dt
import functools
from random import Random

# Bits a version-4 UUID fixes: the version nibble (4) and the RFC 4122 variant (10xx).
_VERSION_MASK = ~((0xF000 << 64) | (0xC000 << 48))
_VERSION_BITS = (0x4000 << 64) | (0x8000 << 48)

# Working hours in UTC (about 07-17 in Stockholm), for when a record was saved.
_DAY_START = 6 * 3600
_DAY_LENGTH = 10 * 3600


def new_id(rng: Random) -> str:
    """`uuid.UUID(int=rng.getrandbits(128), version=4).hex`, without building the object."""
    return f"{(rng.getrandbits(128) & _VERSION_MASK) | _VERSION_BITS:032x}"


@functools.cache
def iso(ordinal: int) -> str:
    """A date (as its proleptic ordinal) the way it is stored."""
    return dt.date.fromordinal(ordinal).isoformat()


def stamp(rng: Random, ordinal: int) -> str:
    """A moment during working hours on the given day, stored as naive UTC."""
    bits = rng.getrandbits(40)
    seconds = _DAY_START + (bits >> 20) % _DAY_LENGTH
    micro = (bits & 0xFFFFF) % 1_000_000
    hours, rest = divmod(seconds, 3600)
    return f"{iso(ordinal)} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}.{micro:06d}"


def luhn_digit(digits: str) -> int:
    """The check digit Skatteverket and Bolagsverket use (Luhn over nine digits)."""
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 - position % 2)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def personal_number(birth: dt.date, serial: int, *, coordination: bool) -> str:
    """Twelve digits YYYYMMDDNNNC; a samordningsnummer carries the day plus 60.

    The serial's last digit is odd for men and even for women.
    """
    day = birth.day + 60 if coordination else birth.day
    short = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}{serial:03d}"
    return f"{birth.year // 100:02d}{short}{luhn_digit(short)}"


def random_serial(rng: Random, *, man: bool) -> int:
    """A birth serial (001-999) whose parity gives the gender; 000 is never issued."""
    while True:
        serial = rng.randrange(0, 500) * 2 + (1 if man else 0)
        if serial:
            return serial


def organisation_number(rng: Random, prefix: str) -> str:
    """Ten digits with a valid check digit. The first digit is the legal form (2 public
    body, 5 aktiebolag, 7 ekonomisk förening, 8 ideell förening or stiftelse, 9
    handelsbolag); the third is 2 or more so that it can never read as a birth month."""
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
    return body + str(luhn_digit(body))


def sole_trader_number(rng: Random, birth: dt.date) -> str:
    """A sole trader (enskild firma) is registered under the owner's personnummer."""
    serial = random_serial(rng, man=rng.random() < 0.6)
    return personal_number(birth, serial, coordination=False)[2:]


def mobile_number(rng: Random) -> str:
    """A Swedish-looking mobile number, 07x-xxx xx xx."""
    digits = f"{rng.randrange(10_000_000):07d}"
    return f"07{rng.choice('02369')}-{digits[:3]} {digits[3:5]} {digits[5:]}"


def landline_number(rng: Random) -> str:
    """A Stockholm-area switchboard number, 08-xxx xx xx."""
    digits = f"{rng.randrange(2_000_000, 8_000_000):07d}"
    return f"08-{digits[:3]} {digits[3:5]} {digits[5:]}"


def add_years(ordinal: int, years: int) -> int:
    """The ordinal at least `years` whole years later (leap days rounded up)."""
    return ordinal + years * 365 + (years + 3) // 4
